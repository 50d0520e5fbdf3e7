// The libcurl wrapper behind http.* and llm.*: one reused easy handle per thread, the request
// options every stage call gets (TLS verification, redirects, protocols, timeouts, size limit,
// cancellation), and the mapping of curl errors to HttpError.
#include "stdlib/http_client.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <new>

namespace plumb::stdlib {

namespace {

constexpr long kMaxRedirects = 5;

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' ||
                           text.back() == '\n')) {
    text.remove_suffix(1);
  }
  return text;
}

std::string seconds_text(double seconds) {
  std::array<char, 32> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%g", seconds);
  return buffer.data();
}

// One easy handle per thread, reset before each request; it keeps its connection cache.
CURL* thread_handle(const curl::Library& lib) {
  struct Handle {
    const curl::Library& lib;
    CURL* curl = lib.easy_init();
    ~Handle() { lib.easy_cleanup(curl); }
  };
  thread_local Handle handle{lib};
  if (handle.curl == nullptr) throw HttpError(HttpFailure::Other, "cannot create a curl handle");
  lib.easy_reset(handle.curl);
  return handle.curl;
}

struct HeaderList {
  const curl::Library& lib;
  curl_slist* list = nullptr;
  ~HeaderList() { lib.slist_free_all(list); }
  void add(const std::string& line) {
    curl_slist* grown = lib.slist_append(list, line.c_str());
    if (grown == nullptr) throw std::bad_alloc();
    list = grown;
  }
};

struct Transfer {
  const StageContext* ctx;
  HttpResponse* response;
  std::int64_t limit;
  bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::size_t n = size * count;
  if (static_cast<std::int64_t>(transfer->response->body.size() + n) > transfer->limit) {
    transfer->too_large = true;
    return 0;
  }
  transfer->response->body.append(data, n);
  return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::size_t n = size * count;
  std::string_view line(data, n);
  HttpHeaders& headers = transfer->response->headers;
  if (line.starts_with("HTTP/")) {
    headers.clear();  // a new response (after a redirect or a 100 Continue)
    return n;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string name = lower(trim(line.substr(0, colon)));
  std::string value(trim(line.substr(colon + 1)));
  auto same = std::find_if(headers.begin(), headers.end(),
                           [&](const auto& header) { return header.first == name; });
  if (same == headers.end()) {
    headers.emplace_back(std::move(name), std::move(value));
  } else {
    same->second += ", " + value;
  }
  return n;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<Transfer*>(user)->ctx->cancelled() ? 1 : 0;
}

HttpFailure failure_of(CURLcode code) {
  switch (code) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return HttpFailure::BadUrl;
    case CURLE_OPERATION_TIMEDOUT:
      return HttpFailure::Timeout;
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return HttpFailure::Connection;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
      return HttpFailure::Tls;
    case CURLE_TOO_MANY_REDIRECTS:
      return HttpFailure::TooManyRedirects;
    case CURLE_FILESIZE_EXCEEDED:
      return HttpFailure::TooLarge;
    case CURLE_ABORTED_BY_CALLBACK:
      return HttpFailure::Cancelled;
    default:
      return HttpFailure::Other;
  }
}

}  // namespace

const std::string* HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return &value;
  }
  return nullptr;
}

std::optional<double> requested_retry_delay(const HttpResponse& response) {
  auto number = [](std::string_view text) -> std::optional<double> {
    text = trim(text);
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
      return std::nullopt;
    }
    return std::max(value, 0.0);
  };
  if (const std::string* ms = response.header("retry-after-ms")) {
    if (auto value = number(*ms)) return *value / 1000;
  }
  const std::string* after = response.header("retry-after");
  if (after == nullptr) return std::nullopt;
  if (auto value = number(*after)) return *value;
  std::time_t when = loaded_curl().getdate(after->c_str(), nullptr);
  if (when == -1) return std::nullopt;
  return std::max(std::difftime(when, std::time(nullptr)), 0.0);
}

bool HttpError::retryable() const {
  return failure_ == HttpFailure::Timeout || failure_ == HttpFailure::Connection;
}

std::string_view HttpError::type() const {
  switch (failure_) {
    case HttpFailure::BadUrl:
      return "bad_url";
    case HttpFailure::Timeout:
      return "timeout";
    case HttpFailure::Connection:
      return "connection_error";
    case HttpFailure::Tls:
      return "tls_error";
    case HttpFailure::TooManyRedirects:
      return "too_many_redirects";
    case HttpFailure::TooLarge:
      return "response_too_large";
    case HttpFailure::Cancelled:
      return "cancelled";
    case HttpFailure::Other:
      return "http_error";
  }
  return "http_error";
}

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

const curl::Library& loaded_curl() {
  try {
    return curl::library();
  } catch (const curl::LoadError& error) {
    throw HttpError(HttpFailure::Other, error.what());
  }
}

HttpResponse http_perform(const HttpRequest& request, const StageContext& ctx) {
  const std::string shown = redacted_url(request.url);
  check_http_url(request.url, shown);
  double deadline = ctx.seconds_left();
  double limit = std::min(request.timeout_seconds, deadline);
  bool by_deadline = deadline < request.timeout_seconds;
  if (limit <= 0) {
    throw HttpError(HttpFailure::Timeout,
                    "no time left for the request to \"" + shown + "\" (node deadline)");
  }

  const curl::Library& lib = loaded_curl();
  CURL* curl = thread_handle(lib);
  HttpResponse response;
  Transfer transfer{&ctx, &response, request.max_response_bytes};
  std::array<char, CURL_ERROR_SIZE> error{};
  HeaderList headers{lib};
  for (const auto& [name, value] : request.headers) {
    headers.add(value.empty() ? name + ";" : name + ": " + value);
  }
  headers.add("Expect:");  // no 100-continue round trip for large bodies

  lib.easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  lib.easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  lib.easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  lib.easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  lib.easy_setopt(curl, CURLOPT_MAXREDIRS, kMaxRedirects);
  lib.easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  lib.easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  lib.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  lib.easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
  lib.easy_setopt(curl, CURLOPT_USERAGENT, "plumb");
  lib.easy_setopt(curl, CURLOPT_ERRORBUFFER, error.data());
  lib.easy_setopt(curl, CURLOPT_HTTPHEADER, headers.list);
  if (std::isfinite(limit)) {
    long ms = std::max(1L, std::lround(limit * 1000));
    lib.easy_setopt(curl, CURLOPT_TIMEOUT_MS, ms);
    lib.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, ms);
  }
  lib.easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(transfer.limit));
  lib.easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  lib.easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  lib.easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  lib.easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
  lib.easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  lib.easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
  lib.easy_setopt(curl, CURLOPT_XFERINFODATA, &transfer);
  if (request.body) {
    lib.easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                    static_cast<curl_off_t>(request.body->size()));
    lib.easy_setopt(curl, CURLOPT_POSTFIELDS, request.body->data());
    if (request.method != "POST")
      lib.easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  } else if (request.method == "POST") {
    lib.easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t{0});
    lib.easy_setopt(curl, CURLOPT_POSTFIELDS, "");
  } else if (request.method != "GET") {
    lib.easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }

  const auto started = std::chrono::steady_clock::now();
  CURLcode rc = lib.easy_perform(curl);
  if (rc == CURLE_OK) lib.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  std::string detail = rc == CURLE_OK     ? std::string()
                       : error[0] != '\0' ? redact_urls(error.data())
                                          : std::string(lib.easy_strerror(rc));
  if (ctx.debug_enabled()) {
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    Fields fields = {
        {"method", Value::string(request.method)},
        {"url", Value::string(shown)},
        {"status", Value::integer(response.status)},
        {"seconds", Value::number(took.count())},
        {"response_bytes", Value::integer(static_cast<std::int64_t>(response.body.size()))}};
    if (rc != CURLE_OK) fields.emplace_back("error", Value::string(detail));
    ctx.debug("http request", fields);
  }
  if (rc == CURLE_OK) return response;
  HttpFailure failure = transfer.too_large ? HttpFailure::TooLarge : failure_of(rc);
  switch (failure) {
    case HttpFailure::Timeout:
      throw HttpError(failure, "request to \"" + shown + "\" timed out after " +
                                   seconds_text(limit) + " s" +
                                   (by_deadline ? " (node deadline)" : ""));
    case HttpFailure::TooLarge:
      throw HttpError(failure, "response from \"" + shown + "\" is larger than " +
                                   std::to_string(transfer.limit) +
                                   " bytes (the limit is set by PLUMB_HTTP_MAX_BYTES)");
    case HttpFailure::TooManyRedirects:
      throw HttpError(failure, "more than " + std::to_string(kMaxRedirects) + " redirects from \"" +
                                   shown + "\"");
    case HttpFailure::Cancelled:
      throw HttpError(failure, "request to \"" + shown + "\" cancelled");
    case HttpFailure::Tls:
      throw HttpError(failure, "TLS failure with \"" + shown + "\": " + detail);
    case HttpFailure::BadUrl:
      throw HttpError(failure, "bad url \"" + shown + "\": " + detail);
    case HttpFailure::Connection:
    case HttpFailure::Other:
      break;
  }
  throw HttpError(failure, "request to \"" + shown + "\" failed: " + detail);
}

}  // namespace plumb::stdlib
