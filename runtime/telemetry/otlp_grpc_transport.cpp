// GrpcTransport: finding and loading the module once, and the OTLP reading of gRPC statuses.
#include "runtime/telemetry/otlp_grpc_transport.hpp"

#include <dlfcn.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <stdexcept>

#include "base/value/redaction.hpp"

#ifndef PLUMB_MODULE_DIR_FROM_BIN
#error "PLUMB_MODULE_DIR_FROM_BIN: the module folder relative to the program's (set by CMake)"
#endif

namespace plumb::telemetry {

namespace {

namespace fs = std::filesystem;

struct Module {
  grpc_module::OpenFunction open = nullptr;
  std::string error;  // why it could not be loaded
};

// Loads `path` and checks its interface; the reason on failure.
std::string try_load(const std::string& path, Module& module) {
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* reason = dlerror();
    return reason != nullptr ? reason : "unknown reason";
  }
  auto abi = reinterpret_cast<grpc_module::AbiFunction>(dlsym(handle, grpc_module::kAbiSymbol));
  auto open = reinterpret_cast<grpc_module::OpenFunction>(dlsym(handle, grpc_module::kOpenSymbol));
  if (abi == nullptr || open == nullptr) {
    dlclose(handle);
    return path + " is not plumb's OTLP/gRPC module";
  }
  if (abi() != grpc_module::kAbiVersion) {
    dlclose(handle);
    return path + " was built for another version of plumb";
  }
  module.open = open;  // never closed: gRPC keeps threads and global state for the process
  return {};
}

std::vector<std::string> module_candidates() {
  if (const char* path = std::getenv("PLUMB_OTLP_GRPC_MODULE"); path && *path) return {path};
  std::error_code error;
  const fs::path program = fs::read_symlink("/proc/self/exe", error);
  if (error) return {grpc_module::kFileName};
  const fs::path folder = program.parent_path();
  return {
      (folder / grpc_module::kFileName).string(),
      (folder / PLUMB_MODULE_DIR_FROM_BIN / grpc_module::kFileName).lexically_normal().string()};
}

Module load_module() {
  Module module;
  std::string tried;
  for (const std::string& path : module_candidates()) {
    const std::string reason = try_load(path, module);
    if (reason.empty()) return module;
    tried += (tried.empty() ? "" : "; ") + reason;
  }
  module.error = std::string("cannot load ") + grpc_module::kFileName +
                 " (needed for OTLP over gRPC; reinstall plumb, or set PLUMB_OTLP_GRPC_MODULE "
                 "to its path): " +
                 tried;
  return module;
}

const Module& module() {
  static const Module loaded = load_module();
  return loaded;
}

// gRPC metadata keys are lower case, of [a-z0-9-_.]; values of `-bin` keys are binary,
// others printable ASCII.
bool valid_metadata(const std::string& key, const std::string& value) {
  if (key.empty()) return false;
  for (char c : key) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
      return false;
  }
  if (key.size() > 4 && key.compare(key.size() - 4, 4, "-bin") == 0) return true;
  for (char c : value) {
    if (c < 0x20 || c > 0x7E) return false;
  }
  return true;
}

grpc_module::ChannelOptions channel_options(const OtlpTarget& target, const Headers& headers) {
  grpc_module::ChannelOptions options;
  options.target = grpc_target(target.url);
  options.tls = target.tls;
  for (const auto& [name, value] : headers) {
    std::string key = name;
    for (char& c : key)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!valid_metadata(key, value)) {
      std::fprintf(stderr,
                   "plumb: warning: the otlp header `%s` is not valid gRPC metadata; not sent\n",
                   name.c_str());
      continue;
    }
    options.metadata.emplace_back(std::move(key), value);
  }
  return options;
}

}  // namespace

std::string otlp_grpc_method(OtlpSignal signal) {
  switch (signal) {
    case OtlpSignal::Traces:
      return "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
    case OtlpSignal::Logs:
      return "/opentelemetry.proto.collector.logs.v1.LogsService/Export";
    case OtlpSignal::Metrics:
      return "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";
  }
  throw std::logic_error("otlp_grpc_method: unknown signal");
}

std::string grpc_target(std::string_view url) {
  if (auto scheme = url.find("://"); scheme != std::string_view::npos)
    url.remove_prefix(scheme + 3);
  return std::string(url.substr(0, url.find('/')));
}

std::string grpc_code_name(int code) {
  static constexpr const char* kNames[] = {"OK",
                                           "CANCELLED",
                                           "UNKNOWN",
                                           "INVALID_ARGUMENT",
                                           "DEADLINE_EXCEEDED",
                                           "NOT_FOUND",
                                           "ALREADY_EXISTS",
                                           "PERMISSION_DENIED",
                                           "RESOURCE_EXHAUSTED",
                                           "FAILED_PRECONDITION",
                                           "ABORTED",
                                           "OUT_OF_RANGE",
                                           "UNIMPLEMENTED",
                                           "INTERNAL",
                                           "UNAVAILABLE",
                                           "DATA_LOSS",
                                           "UNAUTHENTICATED"};
  if (code >= 0 && code < static_cast<int>(std::size(kNames))) return kNames[code];
  return std::to_string(code);
}

bool grpc_retryable(int code, bool has_retry_info) {
  switch (code) {
    case 1:   // CANCELLED
    case 4:   // DEADLINE_EXCEEDED
    case 10:  // ABORTED
    case 11:  // OUT_OF_RANGE
    case 14:  // UNAVAILABLE
    case 15:  // DATA_LOSS
      return true;
    case 8:  // RESOURCE_EXHAUSTED: only when the server says it can recover
      return has_retry_info;
    default:
      return false;
  }
}

GrpcTransport::GrpcTransport(const OtlpTarget& target, OtlpSignal signal, const Headers& headers)
    : method_(otlp_grpc_method(signal)), description_(redacted_url(target.url) + method_) {
  const Module& loaded = module();
  if (loaded.open == nullptr) throw std::runtime_error(loaded.error);
  if (auto scheme = target.url.find("://");
      scheme != std::string::npos && target.url.find('/', scheme + 3) != std::string::npos) {
    std::fprintf(stderr, "plumb: warning: the path of the otlp grpc endpoint %s is ignored\n",
                 redacted_url(target.url).c_str());
  }
  std::string error;
  channel_.reset(loaded.open(channel_options(target, headers), &error));
  if (!channel_)
    throw std::runtime_error("cannot open a grpc channel to " + redacted_url(target.url) + ": " +
                             error);
}

SendResult GrpcTransport::send(std::string_view body, std::chrono::milliseconds timeout,
                               const std::function<bool()>& cancelled) {
  grpc_module::Call call;
  call.method = method_;
  call.request = body;
  call.timeout = timeout;
  call.cancelled = cancelled ? &cancelled : nullptr;
  const grpc_module::Reply reply = channel_->call(call);
  SendResult result;
  if (reply.code == 0) {
    result.accepted = true;
    result.partial = read_partial_success(reply.response);
    return result;
  }
  const RpcStatus status = read_rpc_status(reply.details);
  result.retry_after = status.retry_delay;
  result.retryable = grpc_retryable(reply.code, status.retry_delay >= 0);
  result.error = "grpc status " + grpc_code_name(reply.code);
  if (!reply.message.empty()) result.error += ": " + reply.message;
  return result;
}

}  // namespace plumb::telemetry
