// The interface between plumb and libplumb_otlp_grpc.so, the module that carries OTLP/gRPC
// requests (runtime/telemetry/grpc/). gRPC and its dependencies (abseil, c-ares, OpenSSL,
// upb, re2) are about 40 shared libraries: linking them would slow every start-up, so the
// module is loaded with dlopen the first time a run exports over gRPC. Both sides are built
// from this header by the same compiler; kAbiVersion guards against a module left over from
// another build and must change whenever anything here changes.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace plumb::telemetry::grpc_module {

inline constexpr int kAbiVersion = 1;
inline constexpr const char* kFileName = "libplumb_otlp_grpc.so";
// extern "C" int plumb_otlp_grpc_abi(): the module's kAbiVersion.
inline constexpr const char* kAbiSymbol = "plumb_otlp_grpc_abi";
// extern "C" Channel* plumb_otlp_grpc_open(const ChannelOptions&, std::string* error): a new
// channel (the caller deletes it), or null with `error` set.
inline constexpr const char* kOpenSymbol = "plumb_otlp_grpc_open";

struct ChannelOptions {
  std::string target;  // host:port
  bool tls = false;    // TLS with the system's trusted certificates, else plaintext
  std::vector<std::pair<std::string, std::string>> metadata;  // sent with every call
};

struct Call {
  std::string_view method;   // `/package.Service/Method`
  std::string_view request;  // the serialized request message
  std::chrono::milliseconds timeout{0};
  const std::function<bool()>* cancelled = nullptr;  // polled while the call runs; true ends it
};

struct Reply {
  int code = 2;          // the gRPC status code (0: OK)
  std::string message;   // the status message
  std::string details;   // `grpc-status-details-bin`: a serialized google.rpc.Status
  std::string response;  // the serialized response message (OK only)
};

class Channel {
 public:
  virtual ~Channel() = default;
  virtual Reply call(const Call& call) = 0;
};

using AbiFunction = int (*)();
using OpenFunction = Channel* (*)(const ChannelOptions& options, std::string* error);

}  // namespace plumb::telemetry::grpc_module
