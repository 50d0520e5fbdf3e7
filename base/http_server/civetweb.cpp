// Loads libcivetweb.so.1 on first use and resolves the table in civetweb.hpp. The library is
// never closed: mg_init_library sets up process-wide state.
#include "base/http_server/civetweb.hpp"

#include <dlfcn.h>

#include <optional>
#include <stdexcept>
#include <string>

namespace plumb::http_server {

namespace {

constexpr const char* kSoname = "libcivetweb.so.1";

template <typename Function>
void resolve(void* handle, const char* name, Function& slot) {
  void* address = dlsym(handle, name);
  if (address == nullptr)
    throw std::runtime_error(std::string("cannot find ") + name + " in " + kSoname);
  slot = reinterpret_cast<Function>(address);
}

CivetWeb load() {
  void* handle = dlopen(kSoname, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* reason = dlerror();
    throw std::runtime_error(std::string("cannot load ") + kSoname + " (needed to serve HTTP): " +
                             (reason != nullptr ? reason : "unknown reason"));
  }
  CivetWeb library{};
  try {
    resolve(handle, "mg_init_library", library.init_library);
    resolve(handle, "mg_start2", library.start);
    resolve(handle, "mg_stop", library.stop);
    resolve(handle, "mg_set_request_handler", library.set_request_handler);
    resolve(handle, "mg_get_server_ports", library.get_server_ports);
    resolve(handle, "mg_get_request_info", library.get_request_info);
    resolve(handle, "mg_response_header_start", library.response_header_start);
    resolve(handle, "mg_response_header_add", library.response_header_add);
    resolve(handle, "mg_response_header_send", library.response_header_send);
    resolve(handle, "mg_write", library.write);
  } catch (const std::runtime_error&) {
    dlclose(handle);
    throw;
  }
  library.init_library(0);
  return library;
}

struct Loaded {
  std::optional<CivetWeb> library;
  std::string error;
};

}  // namespace

const CivetWeb& civetweb() {
  static const Loaded loaded = [] {
    try {
      return Loaded{load(), {}};
    } catch (const std::runtime_error& e) {
      return Loaded{std::nullopt, e.what()};
    }
  }();
  if (!loaded.library) throw std::runtime_error(loaded.error);
  return *loaded.library;
}

}  // namespace plumb::http_server
