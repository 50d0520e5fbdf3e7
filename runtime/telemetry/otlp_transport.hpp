// How an encoded OTLP request reaches a collector: over HTTP (JSON or protobuf body, through
// libcurl) or over gRPC (through libplumb_otlp_grpc.so, loaded on first use). A transport
// sends one request and says whether it was accepted, and if not, whether the OTLP rules
// allow a retry and after how long the server asked to wait. Retrying is the caller's
// (otlp_delivery.hpp). Used only on exporter threads.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "runtime/telemetry/http_client.hpp"
#include "runtime/telemetry/otlp_proto.hpp"
#include "runtime/telemetry/otlp_target.hpp"

namespace plumb::telemetry {

struct SendResult {
  bool accepted = false;
  bool retryable = false;   // a failure the OTLP specification says to retry
  double retry_after = -1;  // seconds the server asked to wait (Retry-After, RetryInfo)
  std::string error;        // a failure: `http status 503`, `grpc status UNAVAILABLE: ...`, ...
  PartialSuccess partial;   // an accepted request's partial success
};

class OtlpTransport {
 public:
  virtual ~OtlpTransport() = default;
  // `timeout` bounds the request; `cancelled` (polled while it runs) ends it early.
  virtual SendResult send(std::string_view body, std::chrono::milliseconds timeout,
                          const std::function<bool()>& cancelled) = 0;
  // Where requests go, for messages: the URL, or for gRPC the endpoint and the method, with
  // credentials redacted (redacted_url).
  virtual const std::string& target() const = 0;
};

// OTLP/HTTP: POST to `url` with `headers`, as JSON or protobuf.
class HttpTransport : public OtlpTransport {
 public:
  HttpTransport(std::string url, Headers headers, OtlpProtocol protocol);
  SendResult send(std::string_view body, std::chrono::milliseconds timeout,
                  const std::function<bool()>& cancelled) override;
  const std::string& target() const override { return shown_; }

 private:
  std::string url_;
  std::string shown_;  // url_ redacted
  Headers headers_;
  bool protobuf_;
  HttpClient client_;
};

// The transport of `target` for `signal`. For gRPC this loads libplumb_otlp_grpc.so and
// throws std::runtime_error (naming the places searched) when it cannot.
std::unique_ptr<OtlpTransport> make_otlp_transport(const OtlpTarget& target, OtlpSignal signal,
                                                   const Headers& headers);

}  // namespace plumb::telemetry
