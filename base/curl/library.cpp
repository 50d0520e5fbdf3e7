// Loads libcurl.so.4 on first use and resolves the table of functions in library.hpp with the
// shared loader (base/loader). A loaded library is never closed: curl keeps global state (TLS
// back end, DNS cache) for the process; one that lacks a function is closed again.
#include "base/curl/library.hpp"

#include <string>

namespace plumb::curl {

namespace {

Library load_default() {
  return load_library("libcurl.so.4");
}

}  // namespace

Library load_library(const char* soname) {
  loader::SharedLibrary shared({soname}, "http");
  Library library{};
  shared.resolve("curl_global_init", library.global_init);
  shared.resolve("curl_easy_init", library.easy_init);
  shared.resolve("curl_easy_cleanup", library.easy_cleanup);
  shared.resolve("curl_easy_reset", library.easy_reset);
  shared.resolve("curl_easy_setopt", library.easy_setopt);
  shared.resolve("curl_easy_perform", library.easy_perform);
  shared.resolve("curl_easy_getinfo", library.easy_getinfo);
  shared.resolve("curl_easy_strerror", library.easy_strerror);
  shared.resolve("curl_easy_escape", library.easy_escape);
  shared.resolve("curl_free", library.free);
  shared.resolve("curl_slist_append", library.slist_append);
  shared.resolve("curl_slist_free_all", library.slist_free_all);
  shared.resolve("curl_url", library.url);
  shared.resolve("curl_url_cleanup", library.url_cleanup);
  shared.resolve("curl_url_set", library.url_set);
  shared.resolve("curl_url_get", library.url_get);
  shared.resolve("curl_url_strerror", library.url_strerror);
  shared.resolve("curl_getdate", library.getdate);
  shared.keep();
  if (library.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    throw LoadError(std::string("cannot initialise ") + soname);
  }
  return library;
}

const Library& library() {
  static const loader::LoadedOnce<Library> loaded(&load_default);
  return loaded.get();
}

}  // namespace plumb::curl
