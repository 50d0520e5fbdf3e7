// HTTP for the http.* and llm.* stages, over plumb's one client (base/http/client.hpp): a
// request's timeout capped by the node's deadline and cut short when the node is cancelled, a
// debug log record per request, and the URL and media-type helpers the stages share.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <plumb/stage.hpp>

#include "base/http/client.hpp"
#include "base/value/redaction.hpp"

namespace plumb::stdlib {

using http::HttpError;
using http::HttpFailure;
using http::HttpHeaders;
using http::HttpRequest;
using http::HttpResponse;
using http::loaded_curl;
using http::requested_retry_delay;

// Performs one request. The timeout is capped by `ctx.seconds_left()`, and the transfer stops
// soon after `ctx.cancelled()` turns true. Non-2xx responses are returned, not thrown.
HttpResponse http_perform(const HttpRequest& request, const StageContext& ctx);

// Throws HttpError (BadUrl) unless `url` parses and uses http or https; `shown` is the URL as
// messages show it (redacted).
void check_http_url(const std::string& url, const std::string& shown);

// `url` with `params` appended to its query (before any `#fragment`), names and values
// percent-encoded (everything but RFC 3986's unreserved characters). Throws HttpError like
// loaded_curl() when libcurl cannot be loaded.
std::string url_with_query(std::string_view url,
                           const std::vector<std::pair<std::string, std::string>>& params);

// The host and port of a URL (`server.address`, `server.port` span attributes); nullopt when the
// URL does not parse. Throws HttpError like loaded_curl() when libcurl cannot be loaded.
std::optional<std::pair<std::string, long>> url_server(std::string_view url);

// Whether `host` (as url_server gives it: `localhost`, `127.0.0.1`, `[::1]`) is this machine:
// `localhost` and names under `.localhost`, 127.0.0.0/8, ::1 and ::ffff:127.0.0.0/104.
bool is_loopback_host(std::string_view host);

// The response size limit: `PLUMB_HTTP_MAX_BYTES` when set, else 64 MiB. Throws
// std::invalid_argument when the variable is not a positive integer.
std::int64_t http_max_response_bytes();

// Whether a media type (`application/json; charset=utf-8`, `application/problem+json`) is JSON.
bool is_json_media_type(std::string_view content_type);

}  // namespace plumb::stdlib
