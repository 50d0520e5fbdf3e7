// Loads libcivetweb.so.1 on first use and resolves the table in civetweb.hpp with the shared
// loader (base/loader). The library is never closed: mg_init_library sets up process-wide state.
#include "base/http_server/civetweb.hpp"

#include "base/loader/shared_library.hpp"

namespace plumb::http_server {

namespace {

CivetWeb load() {
  loader::SharedLibrary shared({"libcivetweb.so.1"}, "serving HTTP");
  CivetWeb library{};
  shared.resolve("mg_init_library", library.init_library);
  shared.resolve("mg_start2", library.start);
  shared.resolve("mg_stop", library.stop);
  shared.resolve("mg_set_request_handler", library.set_request_handler);
  shared.resolve("mg_get_server_ports", library.get_server_ports);
  shared.resolve("mg_get_request_info", library.get_request_info);
  shared.resolve("mg_response_header_start", library.response_header_start);
  shared.resolve("mg_response_header_add", library.response_header_add);
  shared.resolve("mg_response_header_send", library.response_header_send);
  shared.resolve("mg_write", library.write);
  shared.keep();
  library.init_library(0);
  return library;
}

}  // namespace

const CivetWeb& civetweb() {
  static const loader::LoadedOnce<CivetWeb> loaded(&load);
  return loaded.get();
}

}  // namespace plumb::http_server
