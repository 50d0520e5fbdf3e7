// A scripted HTTP receiver for the exporter tests: listens on a free loopback port, records
// each request (method, path, headers, body) and answers with the next scripted reply (the
// last one repeats), or holds the connection open without answering when told to hang.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace plumb::telemetry::testing {

struct Reply {
  int status = 200;
  std::string headers;  // extra header lines, each ending in \r\n
  std::string body;
  bool hang = false;
};

struct Request {
  std::string head;
  std::string body;
};

class Receiver {
 public:
  explicit Receiver(std::vector<Reply> script) : script_(std::move(script)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(listener_, 16);
    socklen_t length = sizeof addr;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &length);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~Receiver() {
    stopping_ = true;
    thread_.join();
    for (int fd : hung_)
      ::close(fd);
    ::close(listener_);
  }
  std::string url(const std::string& path = "") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::vector<Request> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void serve() {
    while (!stopping_) {
      pollfd fd{listener_, POLLIN, 0};
      if (::poll(&fd, 1, 50) <= 0) continue;
      int client = ::accept(listener_, nullptr, nullptr);
      if (client >= 0) handle(client);
    }
  }
  // Serves requests on one connection until the client closes it.
  void handle(int client) {
    std::string data;
    char buffer[65536];
    for (;;) {
      std::size_t end = data.find("\r\n\r\n");
      while (end == std::string::npos) {
        pollfd fd{client, POLLIN, 0};
        if (stopping_ || ::poll(&fd, 1, 50) < 0) return close(client);
        if (!(fd.revents & POLLIN)) continue;
        ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
        if (n <= 0) return close(client);
        data.append(buffer, static_cast<std::size_t>(n));
        end = data.find("\r\n\r\n");
      }
      Request request{data.substr(0, end), {}};
      std::size_t length = 0;
      auto at = request.head.find("Content-Length: ");
      if (at == std::string::npos) at = request.head.find("content-length: ");
      if (at != std::string::npos) length = std::stoul(request.head.substr(at + 16));
      while (data.size() < end + 4 + length) {
        ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
        if (n <= 0) return close(client);
        data.append(buffer, static_cast<std::size_t>(n));
      }
      request.body = data.substr(end + 4, length);
      data.erase(0, end + 4 + length);
      Reply reply;
      {
        std::lock_guard lock(mutex_);
        reply = script_[std::min(requests_.size(), script_.size() - 1)];
        requests_.push_back(std::move(request));
      }
      if (reply.hang) {
        hung_.push_back(client);
        return;
      }
      std::string out = "HTTP/1.1 " + std::to_string(reply.status) + " X\r\n" + reply.headers +
                        "Content-Length: " + std::to_string(reply.body.size()) + "\r\n\r\n" +
                        reply.body;
      ::send(client, out.data(), out.size(), MSG_NOSIGNAL);
    }
  }
  void close(int client) { ::close(client); }

  std::vector<Reply> script_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<Request> requests_;
  std::vector<int> hung_;
  std::thread thread_;
};

}  // namespace plumb::telemetry::testing
