// Loads libcurl.so.4 on first use and resolves the table of functions in library.hpp. The
// handle is never closed: curl keeps global state (TLS back end, DNS cache) for the process.
#include "runtime/curl/library.hpp"

#include <dlfcn.h>

#include <optional>
#include <string>

namespace plumb::curl {

namespace {

constexpr const char* kSoname = "libcurl.so.4";

template <typename Function>
void resolve(void* handle, const char* name, Function& slot) {
  void* address = dlsym(handle, name);
  if (address == nullptr) {
    throw LoadError(std::string("cannot find ") + name + " in " + kSoname);
  }
  slot = reinterpret_cast<Function>(address);
}

Library load() {
  void* handle = dlopen(kSoname, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* reason = dlerror();
    throw LoadError(std::string("cannot load ") + kSoname +
                    " (needed for http): " + (reason != nullptr ? reason : "unknown reason"));
  }
  Library library{};
  resolve(handle, "curl_global_init", library.global_init);
  resolve(handle, "curl_easy_init", library.easy_init);
  resolve(handle, "curl_easy_cleanup", library.easy_cleanup);
  resolve(handle, "curl_easy_reset", library.easy_reset);
  resolve(handle, "curl_easy_setopt", library.easy_setopt);
  resolve(handle, "curl_easy_perform", library.easy_perform);
  resolve(handle, "curl_easy_getinfo", library.easy_getinfo);
  resolve(handle, "curl_easy_strerror", library.easy_strerror);
  resolve(handle, "curl_easy_escape", library.easy_escape);
  resolve(handle, "curl_free", library.free);
  resolve(handle, "curl_slist_append", library.slist_append);
  resolve(handle, "curl_slist_free_all", library.slist_free_all);
  resolve(handle, "curl_url", library.url);
  resolve(handle, "curl_url_cleanup", library.url_cleanup);
  resolve(handle, "curl_url_set", library.url_set);
  resolve(handle, "curl_url_get", library.url_get);
  resolve(handle, "curl_url_strerror", library.url_strerror);
  resolve(handle, "curl_getdate", library.getdate);
  if (library.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    throw LoadError(std::string("cannot initialise ") + kSoname);
  }
  return library;
}

struct Loaded {
  std::optional<Library> library;
  std::string error;
};

Loaded load_once() {
  try {
    return {load(), {}};
  } catch (const LoadError& error) {
    return {std::nullopt, error.what()};
  }
}

}  // namespace

const Library& library() {
  static const Loaded loaded = load_once();
  if (!loaded.library) throw LoadError(loaded.error);
  return *loaded.library;
}

}  // namespace plumb::curl
