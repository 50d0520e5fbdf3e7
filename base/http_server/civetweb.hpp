// The CivetWeb functions the server calls, resolved from libcivetweb.so.1 with dlopen the
// first time a server starts (like libcurl in base/curl). <civetweb.h> still gives the types
// and signatures, so a call through the table is checked like a direct call.
#pragma once

#include <civetweb.h>

namespace plumb::http_server {

struct CivetWeb {
  decltype(&::mg_init_library) init_library;
  decltype(&::mg_start2) start;
  decltype(&::mg_stop) stop;
  decltype(&::mg_set_request_handler) set_request_handler;
  decltype(&::mg_get_server_ports) get_server_ports;
  decltype(&::mg_get_request_info) get_request_info;
  decltype(&::mg_response_header_start) response_header_start;
  decltype(&::mg_response_header_add) response_header_add;
  decltype(&::mg_response_header_send) response_header_send;
  decltype(&::mg_write) write;
};

// The loaded library, initialised once; throws std::runtime_error naming the library and the
// loader's reason (every time) when it cannot be loaded.
const CivetWeb& civetweb();

}  // namespace plumb::http_server
