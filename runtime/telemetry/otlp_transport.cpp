// The OTLP/HTTP transport and the choice of transport per protocol.
#include "runtime/telemetry/otlp_transport.hpp"

#include "base/value/redaction.hpp"
#include "runtime/telemetry/batch_processor.hpp"
#include "runtime/telemetry/otlp_grpc_transport.hpp"

namespace plumb::telemetry {

namespace {

// OTLP/HTTP: 429, 502, 503 and 504 are retried, like a request that got no response.
bool retryable_status(long status) {
  return status == 0 || status == 429 || status == 502 || status == 503 || status == 504;
}

// The rejected count and message of a JSON partial success (`"errorMessage":"..."`).
PartialSuccess json_partial_success(std::string_view body) {
  PartialSuccess result;
  result.rejected = rejected_in(body);
  constexpr std::string_view kKey = "\"errorMessage\"";
  auto at = body.find(kKey);
  if (at == std::string_view::npos) return result;
  at = body.find('"', body.find(':', at + kKey.size()));
  if (at == std::string_view::npos) return result;
  const auto end = body.find('"', at + 1);
  if (end != std::string_view::npos)
    result.message = std::string(body.substr(at + 1, end - at - 1));
  return result;
}

}  // namespace

HttpTransport::HttpTransport(std::string url, Headers headers, OtlpProtocol protocol)
    : url_(std::move(url)),
      shown_(redacted_url(url_)),
      headers_(std::move(headers)),
      protobuf_(protocol == OtlpProtocol::HttpProtobuf) {
  headers_.emplace_back("Content-Type", protobuf_ ? "application/x-protobuf" : "application/json");
}

SendResult HttpTransport::send(std::string_view body, std::chrono::milliseconds timeout,
                               const std::function<bool()>& cancelled) {
  HttpResponse r = client_.send("POST", url_, headers_, body, timeout, cancelled);
  SendResult result;
  if (r.ok()) {
    result.accepted = true;
    result.partial = protobuf_ ? read_partial_success(r.body) : json_partial_success(r.body);
    return result;
  }
  result.retryable = retryable_status(r.status);
  result.retry_after = r.retry_after;
  if (r.status == 0) {
    result.error = r.error;
    return result;
  }
  result.error = "http status " + std::to_string(r.status);
  if (protobuf_) {
    // The body of an OTLP/HTTP protobuf error is a google.rpc.Status.
    const RpcStatus status = read_rpc_status(r.body);
    if (!status.message.empty()) result.error += ": " + status.message;
    if (result.retry_after < 0) result.retry_after = status.retry_delay;
  }
  return result;
}

std::unique_ptr<OtlpTransport> make_otlp_transport(const OtlpTarget& target, OtlpSignal signal,
                                                   const Headers& headers) {
  if (target.protocol == OtlpProtocol::Grpc) {
    return std::make_unique<GrpcTransport>(target, signal, headers);
  }
  return std::make_unique<HttpTransport>(target.url, headers, target.protocol);
}

}  // namespace plumb::telemetry
