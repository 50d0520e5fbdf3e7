// send_export: an exporter's request as plumb's HTTP client takes it.
#include "runtime/telemetry/export_http.hpp"

#include <algorithm>

namespace plumb::telemetry {

http::HttpResponse send_export(const char* method, const std::string& url, const Headers& headers,
                               std::string_view body, std::chrono::milliseconds timeout,
                               const std::function<bool()>& cancelled) {
  http::HttpRequest request;
  request.method = method;
  request.url = url;
  request.headers = headers;
  request.body = std::string(body);
  request.timeout_seconds = static_cast<double>(std::max<std::int64_t>(1, timeout.count())) / 1000;
  request.connect_timeout_seconds = 5;
  request.follow_redirects = false;
  return http::perform(request, cancelled);
}

}  // namespace plumb::telemetry
