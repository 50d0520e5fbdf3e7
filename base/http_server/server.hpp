// An embedded HTTP/1.1 server for plumb's own endpoints (`/metrics` and `/health` today, the
// pages of `plumb ui` later), over CivetWeb from Debian (libcivetweb1), loaded with dlopen when
// the first server starts: a run without a server never loads it. A pool of worker threads
// serves connections concurrently, and a connection that sends nothing for `idle_timeout` is
// closed, so idle or slow clients hold a worker only briefly and never block the others.
// One handler gets every request.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace plumb::http_server {

struct Request {
  std::string method;  // GET, HEAD, ...
  std::string path;    // decoded, without the query
  std::string query;   // after `?`, as sent
  std::vector<std::pair<std::string, std::string>> headers;
  // The first header of that name (case-insensitive), or nullptr.
  const std::string* header(std::string_view name) const;
};

struct Reply {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;  // not sent for HEAD
};

struct Options {
  std::string address = "127.0.0.1";  // IPv4
  int port = 0;                       // 0: a free port (see Server::port())
  int threads = 64;                   // connections served at once
  // How long a connection may stay silent, waiting for a request or between keep-alive ones;
  // stopping the server also waits up to this long for a connection that is silent.
  std::chrono::milliseconds idle_timeout{1000};
};

class Server {
 public:
  using Handler = std::function<Reply(const Request&)>;

  // Starts serving; throws std::runtime_error when CivetWeb cannot be loaded or the address
  // cannot be bound ("cannot listen on 127.0.0.1:9464: address already in use"). A handler
  // that throws answers 500.
  Server(const Options& options, Handler handler);
  ~Server();  // stops accepting and waits for the requests being served
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const { return port_; }

  struct Context;  // the library, the handler and CivetWeb's context (server.cpp)

 private:
  std::unique_ptr<Context> context_;
  int port_ = 0;
};

}  // namespace plumb::http_server
