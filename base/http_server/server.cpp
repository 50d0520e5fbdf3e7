// Server: CivetWeb configured for short idle timeouts and keep-alive, one request handler for
// every URI that turns CivetWeb's request into a Request and writes the Reply with a length.
// Start-up errors reach us through CivetWeb's log callback on the starting thread; stopping
// wakes CivetWeb's accepting thread with connections.
#include "base/http_server/server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "base/http_server/civetweb.hpp"

namespace plumb::http_server {

namespace {

// CivetWeb's log lines while a server starts on this thread.
thread_local std::vector<std::string>* start_log = nullptr;

int on_log(const mg_connection*, const char* message) {
  if (start_log != nullptr && message != nullptr) start_log->emplace_back(message);
  return 1;  // nothing goes to CivetWeb's own log
}

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

// "cannot bind to 127.0.0.1:80: 13 (Permission denied)" -> "permission denied"; else the
// error CivetWeb returned, in lower case.
std::string bind_reason(const std::vector<std::string>& lines, std::string reason) {
  auto line = std::find_if(lines.begin(), lines.end(), [](const std::string& l) {
    return l.find("cannot bind") != std::string::npos;
  });
  if (line != lines.end()) {
    auto open = line->rfind('(');
    auto close = line->rfind(')');
    if (open != std::string::npos && close != std::string::npos && open < close) {
      reason = line->substr(open + 1, close - open - 1);
    }
  }
  for (char& c : reason)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return reason;
}

}  // namespace

const std::string* Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return &value;
  }
  return nullptr;
}

struct Server::Context {
  const CivetWeb& lib;
  Handler handler;
  mg_context* server = nullptr;
  in_addr wake_address{};  // where the server can be reached: its address, or loopback
};

namespace {

int serve(mg_connection* connection, void* data) {
  auto& context = *static_cast<Server::Context*>(data);
  const CivetWeb& lib = context.lib;
  const mg_request_info* info = lib.get_request_info(connection);
  Request request;
  request.method = info->request_method ? info->request_method : "";
  request.path = info->local_uri ? info->local_uri : "";
  request.query = info->query_string ? info->query_string : "";
  for (int i = 0; i < info->num_headers; ++i) {
    request.headers.emplace_back(info->http_headers[i].name, info->http_headers[i].value);
  }
  Reply reply;
  try {
    reply = context.handler(request);
  } catch (const std::exception& e) {
    reply =
        Reply{500, "text/plain; charset=utf-8", std::string("internal error: ") + e.what() + "\n"};
  }
  const std::string length = std::to_string(reply.body.size());
  lib.response_header_start(connection, reply.status);
  lib.response_header_add(connection, "Content-Type", reply.content_type.c_str(), -1);
  lib.response_header_add(connection, "Content-Length", length.c_str(), -1);
  lib.response_header_send(connection);
  if (request.method != "HEAD" && !reply.body.empty()) {
    lib.write(connection, reply.body.data(), reply.body.size());
  }
  return reply.status;
}

}  // namespace

Server::Server(const Options& options, Handler handler) {
  in_addr parsed{};
  if (inet_pton(AF_INET, options.address.c_str(), &parsed) != 1) {
    throw std::runtime_error("invalid address `" + options.address + "` (an IPv4 address)");
  }
  context_ = std::make_unique<Context>(Context{civetweb(), std::move(handler)});
  context_->wake_address = parsed;
  if (parsed.s_addr == htonl(INADDR_ANY)) context_->wake_address.s_addr = htonl(INADDR_LOOPBACK);
  const CivetWeb& lib = context_->lib;
  const std::string where = options.address + ":" + std::to_string(options.port);
  const std::string threads = std::to_string(options.threads);
  const std::string timeout = std::to_string(options.idle_timeout.count());
  const char* configuration[] = {"listening_ports",
                                 where.c_str(),
                                 "num_threads",
                                 threads.c_str(),
                                 "request_timeout_ms",
                                 timeout.c_str(),
                                 "enable_keep_alive",
                                 "yes",
                                 "keep_alive_timeout_ms",
                                 timeout.c_str(),
                                 nullptr};
  mg_callbacks callbacks{};
  callbacks.log_message = on_log;
  mg_init_data init{&callbacks, nullptr, configuration};
  unsigned code = 0;
  char text[256] = "";
  mg_error_data error{&code, text, sizeof text};
  std::vector<std::string> log;
  start_log = &log;
  context_->server = lib.start(&init, &error);
  start_log = nullptr;
  if (context_->server == nullptr) {
    throw std::runtime_error("cannot listen on " + where + ": " + bind_reason(log, text));
  }
  lib.set_request_handler(context_->server, "/", serve, context_.get());
  mg_server_port ports[1]{};
  if (lib.get_server_ports(context_->server, 1, ports) >= 1) port_ = ports[0].port;
}

Server::~Server() {
  // CivetWeb's accepting thread looks at its stop flag only between polls of 2 s: connections
  // made (and closed at once) while it stops wake it, so stopping takes milliseconds.
  std::atomic<bool> stopped{false};
  std::thread waker([this, &stopped] {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port_));
    address.sin_addr = context_->wake_address;
    while (!stopped.load()) {
      int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      if (fd >= 0) {
        ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
        ::close(fd);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  context_->lib.stop(context_->server);
  stopped.store(true);
  waker.join();
}

}  // namespace plumb::http_server
