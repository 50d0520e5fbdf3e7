// Loads libcurl.so.4 on first use and resolves the table of functions in library.hpp. A
// loaded library is never closed: curl keeps global state (TLS back end, DNS cache) for the
// process; one that lacks a function is closed again.
#include "base/curl/library.hpp"

#include <dlfcn.h>

#include <optional>
#include <string>

namespace plumb::curl {

namespace {

constexpr const char* kSoname = "libcurl.so.4";

template <typename Function>
void resolve(void* handle, const char* soname, const char* name, Function& slot) {
  void* address = dlsym(handle, name);
  if (address == nullptr) {
    throw LoadError(std::string("cannot find ") + name + " in " + soname);
  }
  slot = reinterpret_cast<Function>(address);
}

struct Loaded {
  std::optional<Library> library;
  std::string error;
};

Loaded load_once() {
  try {
    return {load_library(kSoname), {}};
  } catch (const LoadError& error) {
    return {std::nullopt, error.what()};
  }
}

}  // namespace

Library load_library(const char* soname) {
  void* handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* reason = dlerror();
    throw LoadError(std::string("cannot load ") + soname +
                    " (needed for http): " + (reason != nullptr ? reason : "unknown reason"));
  }
  Library library{};
  try {
    resolve(handle, soname, "curl_global_init", library.global_init);
    resolve(handle, soname, "curl_easy_init", library.easy_init);
    resolve(handle, soname, "curl_easy_cleanup", library.easy_cleanup);
    resolve(handle, soname, "curl_easy_reset", library.easy_reset);
    resolve(handle, soname, "curl_easy_setopt", library.easy_setopt);
    resolve(handle, soname, "curl_easy_perform", library.easy_perform);
    resolve(handle, soname, "curl_easy_getinfo", library.easy_getinfo);
    resolve(handle, soname, "curl_easy_strerror", library.easy_strerror);
    resolve(handle, soname, "curl_easy_escape", library.easy_escape);
    resolve(handle, soname, "curl_free", library.free);
    resolve(handle, soname, "curl_slist_append", library.slist_append);
    resolve(handle, soname, "curl_slist_free_all", library.slist_free_all);
    resolve(handle, soname, "curl_url", library.url);
    resolve(handle, soname, "curl_url_cleanup", library.url_cleanup);
    resolve(handle, soname, "curl_url_set", library.url_set);
    resolve(handle, soname, "curl_url_get", library.url_get);
    resolve(handle, soname, "curl_url_strerror", library.url_strerror);
    resolve(handle, soname, "curl_getdate", library.getdate);
  } catch (const LoadError&) {
    dlclose(handle);
    throw;
  }
  if (library.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    throw LoadError(std::string("cannot initialise ") + soname);
  }
  return library;
}

const Library& library() {
  static const Loaded loaded = load_once();
  if (!loaded.library) throw LoadError(loaded.error);
  return *loaded.library;
}

}  // namespace plumb::curl
