// plumb's one HTTP client, over libcurl (loaded on first use, base/curl): used by the http.*
// and llm.* stages, OTLP/HTTP export and metric pushes. One blocking request at a time per
// thread on a reused easy handle (connections stay open between requests), TLS verification
// always on, http and https only, a total timeout, a response size limit, and prompt abort
// when the caller says it is cancelled. Errors name the URL redacted, never headers.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/curl/library.hpp"

namespace plumb::http {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  HttpHeaders headers;  // sent as given, in order; an empty value sends `Name;` (empty header)
  std::optional<std::string> body;
  double timeout_seconds = 30;  // the whole request, connecting included; may be infinite
  // How long connecting may take, when shorter than the whole request.
  std::optional<double> connect_timeout_seconds;
  std::int64_t max_response_bytes = std::int64_t{64} << 20;
  bool follow_redirects = true;  // at most kMaxRedirects, over http and https only
};

inline constexpr long kMaxRedirects = 5;

struct HttpResponse {
  long status = 0;
  HttpHeaders headers;  // of the final response, names lower-cased, repeated names joined by ", "
  std::string body;
  // The value of a header (name in lower case), or nullptr.
  const std::string* header(std::string_view name) const;
  bool ok() const { return status >= 200 && status < 300; }
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

// A request that produced no response. The message names the (redacted) URL, never headers;
// reason() is the message without it, for callers that name the target themselves.
class HttpError : public std::runtime_error {
 public:
  HttpError(HttpFailure failure, const std::string& message, std::string reason = {})
      : std::runtime_error(message),
        failure_(failure),
        reason_(reason.empty() ? message : std::move(reason)) {}
  HttpFailure failure() const { return failure_; }
  const std::string& reason() const { return reason_; }
  // Whether another attempt can help: timeouts and connection failures.
  bool retryable() const;
  // A short word for error kinds and the `error.type` span attribute (`timeout`, ...).
  std::string_view type() const;

 private:
  HttpFailure failure_;
  std::string reason_;
};

// Performs one request on this thread's handle. `cancelled`, when given, is polled about once a
// second and while data moves; the transfer stops soon after it turns true (HttpFailure::
// Cancelled). `time_left` (seconds) caps the request's timeout: the caller's own deadline.
// Non-2xx responses are returned, not thrown; a request without a response throws HttpError
// (a timeout says "timed out after N s").
HttpResponse perform(const HttpRequest& request, const std::function<bool()>& cancelled = {},
                     double time_left = std::numeric_limits<double>::infinity());

// The wait a response asks for before another attempt, in seconds (>= 0): `retry-after-ms`, else
// `Retry-After` as seconds or as an HTTP date; nullopt when it names none (or cannot be read).
std::optional<double> requested_retry_delay(const HttpResponse& response);

// libcurl, loaded on first use; throws HttpError (Other) naming the library when it cannot be.
const curl::Library& loaded_curl();

// `seconds` as messages show it: `%g` (`2.5`, `30`).
std::string seconds_text(double seconds);

}  // namespace plumb::http
