// A small blocking HTTP client over libcurl for the exporters' threads: one request at a time
// on a reused connection, with a total timeout, extra headers, and the `Retry-After` header
// of the response (seconds). Never used on a node's thread.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace plumb::telemetry {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  long status = 0;  // 0 when no response arrived (see `error`)
  std::string body;
  double retry_after = -1;  // seconds, when the server sent `Retry-After: N`
  std::string error;        // the transport error (refused, timed out, ...)
  bool ok() const { return status >= 200 && status < 300; }
};

class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // `method`: POST or PUT (GET sends an empty body); `timeout` bounds the whole request,
  // connecting included; `cancelled` (polled about once a second, and while data moves)
  // ends it early.
  HttpResponse send(std::string_view method, const std::string& url, const Headers& headers,
                    std::string_view body, std::chrono::milliseconds timeout,
                    const std::function<bool()>& cancelled = {});

 private:
  void* curl_ = nullptr;     // CURL*
  std::string unavailable_;  // why there is no handle (libcurl missing), the error of every send
};

}  // namespace plumb::telemetry
