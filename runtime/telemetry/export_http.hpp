// HTTP requests of the exporters' threads (OTLP/HTTP, Pushgateway, Influx) over plumb's one
// HTTP client (base/http/client.hpp), with the exporters' settings: no redirects followed (an
// exporter's URL is configured, not discovered) and connecting bounded by 5 s. Never used on a
// node's thread.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "base/http/client.hpp"

namespace plumb::telemetry {

using Headers = http::HttpHeaders;

// Sends `body` with `method` (POST or PUT); `timeout` bounds the whole request, `cancelled`
// (polled about once a second, and while data moves) ends it early. Throws http::HttpError
// when no response came; its reason() says why without the URL.
http::HttpResponse send_export(const char* method, const std::string& url, const Headers& headers,
                               std::string_view body, std::chrono::milliseconds timeout,
                               const std::function<bool()>& cancelled = {});

}  // namespace plumb::telemetry
