// libplumb_otlp_grpc.so: OTLP/gRPC calls for plumb, loaded with dlopen on first use (see
// runtime/telemetry/otlp_grpc_module.hpp). Requests arrive already encoded, so a generic
// stub sends their bytes as they are; the call runs on a completion queue that is polled
// so that the caller's cancellation (the shutdown deadline) ends it promptly.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <exception>

#include "runtime/telemetry/otlp_grpc_module.hpp"

namespace plumb::telemetry::grpc_module {

namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(50);

class GrpcChannel : public Channel {
 public:
  explicit GrpcChannel(const ChannelOptions& options) : metadata_(options.metadata) {
    auto credentials = options.tls ? grpc::SslCredentials(grpc::SslCredentialsOptions())
                                   : grpc::InsecureChannelCredentials();
    grpc::ChannelArguments arguments;
    // plumb retries by the OTLP rules itself; gRPC's own retries would double them.
    arguments.SetInt(GRPC_ARG_ENABLE_RETRIES, 0);
    arguments.SetString(GRPC_ARG_PRIMARY_USER_AGENT_STRING, "plumb-otlp");
    stub_ = std::make_unique<grpc::GenericStub>(
        grpc::CreateCustomChannel(options.target, credentials, arguments));
  }

  Reply call(const Call& call) override {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + call.timeout);
    for (const auto& [key, value] : metadata_)
      context.AddMetadata(key, value);
    grpc::Slice slice(call.request.data(), call.request.size());
    grpc::ByteBuffer request(&slice, 1);
    grpc::ByteBuffer response;
    grpc::Status status;
    grpc::CompletionQueue queue;
    auto reader = stub_->PrepareUnaryCall(&context, std::string(call.method), request, &queue);
    reader->StartCall();
    int finished = 0;
    reader->Finish(&response, &status, &finished);
    bool cancelled = false;
    for (;;) {
      void* tag = nullptr;
      bool ok = false;
      const auto next =
          queue.AsyncNext(&tag, &ok, std::chrono::system_clock::now() + kPollInterval);
      if (next != grpc::CompletionQueue::TIMEOUT) break;
      if (!cancelled && call.cancelled != nullptr && (*call.cancelled)()) {
        context.TryCancel();
        cancelled = true;
      }
    }
    queue.Shutdown();
    void* tag = nullptr;
    bool ok = false;
    while (queue.Next(&tag, &ok)) {
    }
    Reply reply;
    reply.code = static_cast<int>(status.error_code());
    reply.message = status.error_message();
    reply.details = status.error_details();
    if (status.ok()) {
      std::vector<grpc::Slice> slices;
      if (response.Dump(&slices).ok()) {
        for (const grpc::Slice& s : slices)
          reply.response.append(reinterpret_cast<const char*>(s.begin()), s.size());
      }
    }
    return reply;
  }

 private:
  std::vector<std::pair<std::string, std::string>> metadata_;
  std::unique_ptr<grpc::GenericStub> stub_;
};

}  // namespace

}  // namespace plumb::telemetry::grpc_module

extern "C" __attribute__((visibility("default"))) int plumb_otlp_grpc_abi() {
  return plumb::telemetry::grpc_module::kAbiVersion;
}

extern "C" __attribute__((visibility("default"))) plumb::telemetry::grpc_module::Channel*
plumb_otlp_grpc_open(const plumb::telemetry::grpc_module::ChannelOptions& options,
                     std::string* error) {
  try {
    return new plumb::telemetry::grpc_module::GrpcChannel(options);
  } catch (const std::exception& e) {
    *error = e.what();
    return nullptr;
  }
}
