// A small blocking HTTP client over libcurl, shared by the http.* and llm.* stages. One request
// at a time per thread (a reused easy handle keeps connections alive), TLS verification always
// on, redirects followed (at most 5), a total timeout capped by the node's deadline, a response
// size limit, and prompt abort when the node is cancelled.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <plumb/stage.hpp>

#include "base/curl/library.hpp"
#include "base/value/redaction.hpp"

namespace plumb::stdlib {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  HttpHeaders headers;  // sent as given, in order
  std::optional<std::string> body;
  double timeout_seconds = 30;
  std::int64_t max_response_bytes = 64 << 20;
};

struct HttpResponse {
  long status = 0;
  HttpHeaders headers;  // of the final response, names lower-cased, repeated names joined by ", "
  std::string body;
  // The value of a header (name in lower case), or nullptr.
  const std::string* header(std::string_view name) const;
};

enum class HttpFailure : std::uint8_t {
  BadUrl,
  Timeout,
  Connection,
  Tls,
  TooManyRedirects,
  TooLarge,
  Cancelled,
  Other,
};

// A request that produced no response. The message names the (redacted) URL, never headers.
class HttpError : public std::runtime_error {
 public:
  HttpError(HttpFailure failure, const std::string& message)
      : std::runtime_error(message), failure_(failure) {}
  HttpFailure failure() const { return failure_; }
  // Whether another attempt can help: timeouts and connection failures.
  bool retryable() const;
  // A short word for error kinds and the `error.type` span attribute (`timeout`, ...).
  std::string_view type() const;

 private:
  HttpFailure failure_;
};

// The wait a response asks for before another attempt, in seconds (>= 0): `retry-after-ms`, else
// `Retry-After` as seconds or as an HTTP date; nullopt when it names none (or cannot be read).
std::optional<double> requested_retry_delay(const HttpResponse& response);

// Performs one request. The timeout is capped by `ctx.seconds_left()`, and the transfer stops
// soon after `ctx.cancelled()` turns true. Non-2xx responses are returned, not thrown.
HttpResponse http_perform(const HttpRequest& request, const StageContext& ctx);

// libcurl, loaded on first use; throws HttpError (Other) naming the library when it cannot be.
const curl::Library& loaded_curl();

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
