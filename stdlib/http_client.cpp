// http_perform: a stage's request through plumb's HTTP client (base/http), bounded by the
// node's deadline and cancellation and logged at debug level; and the response size limit.
#include "stdlib/http_client.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdlib>

namespace plumb::stdlib {

std::int64_t http_max_response_bytes() {
  const char* text = std::getenv("PLUMB_HTTP_MAX_BYTES");
  if (text == nullptr || *text == '\0') return std::int64_t{64} << 20;
  std::string_view value(text);
  std::int64_t limit = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), limit);
  if (ec != std::errc() || end != value.data() + value.size() || limit <= 0) {
    throw std::invalid_argument("PLUMB_HTTP_MAX_BYTES must be a positive number of bytes, not \"" +
                                std::string(value) + "\"");
  }
  return limit;
}

HttpResponse http_perform(const HttpRequest& request, const StageContext& ctx) {
  const std::string shown = redacted_url(request.url);
  check_http_url(request.url, shown);
  const double deadline = ctx.seconds_left();
  const bool by_deadline = deadline < request.timeout_seconds;
  if (std::min(request.timeout_seconds, deadline) <= 0) {
    throw HttpError(HttpFailure::Timeout,
                    "no time left for the request to \"" + shown + "\" (node deadline)");
  }
  const auto started = std::chrono::steady_clock::now();
  auto log = [&](const HttpResponse* response, const HttpError* error) {
    if (!ctx.debug_enabled()) return;
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    Fields fields = {
        {"method", Value::string(request.method)},
        {"url", Value::string(shown)},
        {"status", Value::integer(response != nullptr ? response->status : 0)},
        {"seconds", Value::number(took.count())},
        {"response_bytes",
         Value::integer(response != nullptr ? static_cast<std::int64_t>(response->body.size())
                                            : 0)}};
    if (error != nullptr) fields.emplace_back("error", Value::string(error->what()));
    ctx.debug("http request", fields);
  };
  try {
    HttpResponse response = http::perform(
        request, [&ctx] { return ctx.cancelled(); }, deadline);
    log(&response, nullptr);
    return response;
  } catch (const HttpError& error) {
    log(nullptr, &error);
    if (error.failure() == HttpFailure::Timeout && by_deadline) {
      throw HttpError(HttpFailure::Timeout, std::string(error.what()) + " (node deadline)");
    }
    throw;
  }
}

}  // namespace plumb::stdlib
