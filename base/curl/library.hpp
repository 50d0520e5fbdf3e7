// The libcurl functions plumb calls, resolved from libcurl.so.4 with dlopen the first time a
// program needs HTTP (an exporter, a push, an http.* or llm.* stage). Linking libcurl at build
// time made every `plumb` start-up load and relocate libcurl's TLS, Kerberos and LDAP
// libraries, about 10 ms before main, even for runs that never send a request. The header
// <curl/curl.h> still gives the types, constants and signatures, so a call through the table
// is checked like a direct call.
#pragma once

#include <curl/curl.h>

#include "base/loader/shared_library.hpp"

namespace plumb::curl {

// Thrown by library() when libcurl.so.4 or one of its functions cannot be found; the message
// names the library and gives the loader's reason.
using LoadError = loader::LoadError;

struct Library {
  decltype(&::curl_global_init) global_init;
  decltype(&::curl_easy_init) easy_init;
  decltype(&::curl_easy_cleanup) easy_cleanup;
  decltype(&::curl_easy_reset) easy_reset;
  decltype(&::curl_easy_setopt) easy_setopt;
  decltype(&::curl_easy_perform) easy_perform;
  decltype(&::curl_easy_getinfo) easy_getinfo;
  decltype(&::curl_easy_strerror) easy_strerror;
  decltype(&::curl_easy_escape) easy_escape;
  decltype(&::curl_free) free;
  decltype(&::curl_slist_append) slist_append;
  decltype(&::curl_slist_free_all) slist_free_all;
  decltype(&::curl_url) url;
  decltype(&::curl_url_cleanup) url_cleanup;
  decltype(&::curl_url_set) url_set;
  decltype(&::curl_url_get) url_get;
  decltype(&::curl_url_strerror) url_strerror;
  decltype(&::curl_getdate) getdate;
};

// The loaded library, with curl_global_init already called once. Thread-safe; the first call
// loads libcurl.so.4, later calls return the same table. Throws LoadError (every time) if
// loading failed.
const Library& library();

// Loads the library named `soname` and resolves the table (library() does it once for
// libcurl.so.4). Throws LoadError naming `soname`.
Library load_library(const char* soname);

}  // namespace plumb::curl
