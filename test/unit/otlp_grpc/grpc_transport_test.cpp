// GrpcTransport through libplumb_otlp_grpc.so against an in-process TraceService: accepted
// requests and their partial success, the OTLP reading of failure codes (RetryInfo included),
// headers as lower-case metadata, the deadline, and a call cancelled while the server hangs.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <cstdlib>
#include <mutex>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.grpc.pb.h"
#include "runtime/telemetry/otlp_grpc_transport.hpp"

namespace plumb::telemetry {
namespace {

namespace trace = opentelemetry::proto::collector::trace::v1;
using namespace std::chrono_literals;

// A TraceService that answers each call with the next scripted status (the last repeats),
// records the calls, and holds a call open while `hang` is set.
class Collector final : public trace::TraceService::Service {
 public:
  explicit Collector(std::vector<grpc::Status> script) : script_(std::move(script)) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(this);
    server_ = builder.BuildAndStart();
  }
  ~Collector() override {
    release();
    server_->Shutdown(std::chrono::system_clock::now() + 1s);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  void hang() { hang_ = true; }
  void release() {
    std::lock_guard lock(mutex_);
    hang_ = false;
    released_.notify_all();
  }
  std::vector<std::multimap<std::string, std::string>> metadata() const {
    std::lock_guard lock(mutex_);
    return metadata_;
  }
  int calls() const {
    std::lock_guard lock(mutex_);
    return static_cast<int>(metadata_.size());
  }
  std::string partial_message;

  grpc::Status Export(grpc::ServerContext* context, const trace::ExportTraceServiceRequest*,
                      trace::ExportTraceServiceResponse* response) override {
    std::unique_lock lock(mutex_);
    std::multimap<std::string, std::string> seen;
    for (const auto& [key, value] : context->client_metadata())
      seen.emplace(std::string(key.data(), key.size()), std::string(value.data(), value.size()));
    metadata_.push_back(std::move(seen));
    while (hang_ && !context->IsCancelled())
      released_.wait_for(lock, 20ms);
    const grpc::Status status = script_[std::min(metadata_.size(), script_.size()) - 1];
    if (status.ok() && !partial_message.empty()) {
      response->mutable_partial_success()->set_rejected_spans(2);
      response->mutable_partial_success()->set_error_message(partial_message);
    }
    return status;
  }

 private:
  std::vector<grpc::Status> script_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
  mutable std::mutex mutex_;
  std::condition_variable released_;
  bool hang_ = false;
  std::vector<std::multimap<std::string, std::string>> metadata_;
};

std::string retry_details(int seconds) {
  google::rpc::RetryInfo retry;
  retry.mutable_retry_delay()->set_seconds(seconds);
  google::rpc::Status status;
  status.set_code(grpc::StatusCode::RESOURCE_EXHAUSTED);
  status.add_details()->PackFrom(retry);
  return status.SerializeAsString();
}

GrpcTransport transport(const Collector& collector, const Headers& headers = {}) {
  ::setenv("PLUMB_OTLP_GRPC_MODULE", PLUMB_OTLP_GRPC_MODULE_PATH, 1);
  OtlpTarget target{OtlpProtocol::Grpc, collector.url(), false};
  return GrpcTransport(target, OtlpSignal::Traces, headers);
}

SendResult send(GrpcTransport& t, std::chrono::milliseconds timeout = 5s,
                const std::function<bool()>& cancelled = {}) {
  trace::ExportTraceServiceRequest request;
  request.add_resource_spans();
  return t.send(request.SerializeAsString(), timeout, cancelled);
}

TEST(GrpcTransport, AcceptedWithPartialSuccessAndMetadata) {
  Collector collector({grpc::Status::OK});
  collector.partial_message = "two spans were too old";
  GrpcTransport t = transport(collector, {{"X-Api-Key", "secret"}, {"Bad Key", "v"}});
  SendResult r = send(t);
  EXPECT_TRUE(r.accepted) << r.error;
  EXPECT_EQ(r.partial.rejected, 2u);
  EXPECT_EQ(r.partial.message, "two spans were too old");
  ASSERT_EQ(collector.calls(), 1);
  auto metadata = collector.metadata()[0];
  EXPECT_EQ(metadata.count("x-api-key"), 1u);
  EXPECT_EQ(metadata.find("x-api-key")->second, "secret");
  EXPECT_EQ(metadata.count("bad key"), 0u);  // not valid metadata: left out (with a warning)
  EXPECT_EQ(t.target(),
            collector.url() + "/opentelemetry.proto.collector.trace.v1.TraceService/Export");
}

TEST(GrpcTransport, FailureCodesByTheOtlpRules) {
  Collector collector(
      {grpc::Status(grpc::StatusCode::UNAVAILABLE, "restarting"),
       grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "slow down", retry_details(3)),
       grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "quota"),
       grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "bad spans")});
  GrpcTransport t = transport(collector);
  SendResult unavailable = send(t);
  EXPECT_FALSE(unavailable.accepted);
  EXPECT_TRUE(unavailable.retryable);
  EXPECT_EQ(unavailable.error, "grpc status UNAVAILABLE: restarting");
  SendResult throttled = send(t);
  EXPECT_TRUE(throttled.retryable);
  EXPECT_DOUBLE_EQ(throttled.retry_after, 3);
  SendResult quota = send(t);
  EXPECT_FALSE(quota.retryable);  // RESOURCE_EXHAUSTED without RetryInfo
  SendResult invalid = send(t);
  EXPECT_FALSE(invalid.retryable);
  EXPECT_EQ(invalid.error, "grpc status INVALID_ARGUMENT: bad spans");
}

TEST(GrpcTransport, DeadlineAndCancellation) {
  Collector collector({grpc::Status::OK});
  collector.hang();
  GrpcTransport t = transport(collector);
  auto start = std::chrono::steady_clock::now();
  SendResult late = send(t, 200ms);
  EXPECT_EQ(late.error.rfind("grpc status DEADLINE_EXCEEDED", 0), 0u) << late.error;
  EXPECT_TRUE(late.retryable);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);

  const auto cancel_at = std::chrono::steady_clock::now() + 200ms;
  SendResult cancelled =
      send(t, 30s, [&] { return std::chrono::steady_clock::now() >= cancel_at; });
  EXPECT_EQ(cancelled.error.rfind("grpc status CANCELLED", 0), 0u) << cancelled.error;
  EXPECT_LT(std::chrono::steady_clock::now() - cancel_at, 3s);
}

TEST(GrpcTransport, NothingListening) {
  int port = 0;
  {
    Collector gone({grpc::Status::OK});
    port = std::stoi(gone.url().substr(gone.url().rfind(':') + 1));
  }
  ::setenv("PLUMB_OTLP_GRPC_MODULE", PLUMB_OTLP_GRPC_MODULE_PATH, 1);
  GrpcTransport t(OtlpTarget{OtlpProtocol::Grpc, "http://127.0.0.1:" + std::to_string(port), false},
                  OtlpSignal::Traces, {});
  SendResult r = send(t, 2s);
  EXPECT_FALSE(r.accepted);
  EXPECT_TRUE(r.retryable);
  EXPECT_EQ(r.error.rfind("grpc status UNAVAILABLE", 0), 0u) << r.error;
}

}  // namespace
}  // namespace plumb::telemetry
