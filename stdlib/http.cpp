// http.get and http.post: one HTTP request over libcurl (see http_client.hpp) returning
// `{status, headers, body}`. `check` decides which statuses fail the node: by default 5xx and
// 429, as retryable errors whose next attempt waits at least what `Retry-After` asks (see
// StageError::retry_after); other statuses are results. Failures to get any response (bad URL,
// timeout, connection, TLS, size limit) fail the node. `query` parameters are percent-encoded
// onto the URL. The node's W3C `traceparent` and the run's `baggage` go with the request so the
// server's spans join the pipeline's trace.
#include "stdlib/http_client.hpp"
#include "stdlib/stdlib.hpp"
#include "stdlib/support.hpp"

#include <plumb/error.hpp>
#include <plumb/json.hpp>

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace plumb::stdlib {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// RFC 9110 token characters.
bool valid_header_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

std::string header_value(const StageContext& ctx, std::string_view name, const Value& value) {
  std::string text;
  switch (value.kind()) {
    case ValueKind::Str:
      text = value.as_str();
      break;
    case ValueKind::Bool:
      text = value.as_bool() ? "true" : "false";
      break;
    case ValueKind::Int:
      text = std::to_string(value.as_int());
      break;
    case ValueKind::Float:
      text = to_json(value);
      break;
    default:
      ctx.fail("argument `headers`: `" + std::string(name) +
               "` must be a str, int, float or bool, not " + std::string(type_name(value)));
  }
  if (text.find_first_of("\r\n") != std::string::npos || text.find('\0') != std::string::npos) {
    ctx.fail("argument `headers`: `" + std::string(name) + "` contains a line break or NUL");
  }
  return text;
}

bool has_header(const HttpHeaders& headers, std::string_view name) {
  for (const auto& header : headers) {
    if (iequals(header.first, name)) return true;
  }
  return false;
}

// Which statuses fail the node (argument `check`).
enum class StatusCheck { None, Server, All };

std::optional<StatusCheck> status_check(std::string_view name) {
  if (name == "server") return StatusCheck::Server;
  if (name == "all") return StatusCheck::All;
  if (name == "none") return StatusCheck::None;
  return std::nullopt;
}

void check_status_check(const StageContext& ctx, const Value& value) {
  if (value.is_str() && !status_check(value.as_str())) {
    ctx.fail("argument `check` must be \"server\", \"all\" or \"none\", not \"" +
             std::string(value.as_str()) + "\"");
  }
}

// A query value as text: str as it is, numbers and booleans as JSON.
std::string query_text(const StageContext& ctx, std::string_view name, const Value& value) {
  switch (value.kind()) {
    case ValueKind::Str:
      return std::string(value.as_str());
    case ValueKind::Bool:
    case ValueKind::Int:
    case ValueKind::Float:
      return to_json(value);
    default:
      ctx.fail("argument `query`: `" + std::string(name) +
               "` must be a str, int, float, bool, null or a list of those, not " +
               std::string(type_name(value)));
  }
}

// The `query` record as name/value pairs: a list repeats the name, null leaves it out.
std::vector<std::pair<std::string, std::string>> query_params(const StageContext& ctx) {
  const Value& query = ctx.record_arg("query");
  std::vector<std::pair<std::string, std::string>> params;
  std::span<const Value> values = query.field_values();
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::string name(query.shape().key(i));
    if (values[i].is_null()) continue;
    if (!values[i].is_list()) {
      params.emplace_back(name, query_text(ctx, name, values[i]));
      continue;
    }
    for (const Value& item : values[i].as_list()) {
      if (item.is_list() || item.is_null()) {
        ctx.fail("argument `query`: the items of `" + name +
                 "` must be str, int, float or bool, not " + std::string(type_name(item)));
      }
      params.emplace_back(name, query_text(ctx, name, item));
    }
  }
  return params;
}

std::string seconds_text(double seconds) {
  std::array<char, 32> buffer{};
  auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), seconds).ptr;
  return std::string(buffer.data(), end);
}

HttpRequest build_request(const StageContext& ctx, std::string method) {
  HttpRequest request;
  request.method = std::move(method);
  const std::string_view url = ctx.str_arg("url");
  try {
    request.url = url_with_query(url, query_params(ctx));
  } catch (const HttpError& e) {
    ctx.fail(e.what());
  }
  request.timeout_seconds = ctx.float_arg("timeout");
  if (!std::isfinite(request.timeout_seconds) || request.timeout_seconds <= 0) {
    ctx.fail("argument `timeout` must be a positive number of seconds, not " +
             seconds_text(request.timeout_seconds));
  }
  try {
    request.max_response_bytes = http_max_response_bytes();
  } catch (const std::invalid_argument& e) {
    ctx.fail(e.what());
  }

  const Value& headers = ctx.record_arg("headers");
  std::span<const Value> values = headers.field_values();
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::string_view name = headers.shape().key(i);
    if (!valid_header_name(name)) {
      ctx.fail("argument `headers`: \"" + std::string(name) + "\" is not a header name");
    }
    request.headers.emplace_back(std::string(name), header_value(ctx, name, values[i]));
  }

  const Value& body = ctx.arg("body");
  if (!body.is_null()) {
    request.body =
        body.is_str() ? std::string(body.as_str()) : to_json(body, cancellable_json(ctx));
    if (!has_header(request.headers, "content-type")) {
      request.headers.emplace_back(
          "Content-Type", body.is_str() ? "text/plain; charset=utf-8" : "application/json");
    }
  }
  if (std::string parent = ctx.traceparent();
      !parent.empty() && !has_header(request.headers, "traceparent")) {
    request.headers.emplace_back("traceparent", std::move(parent));
  }
  if (std::string baggage = ctx.baggage();
      !baggage.empty() && !has_header(request.headers, "baggage")) {
    request.headers.emplace_back("baggage", std::move(baggage));
  }
  return request;
}

// The response body: parsed when the server says it is JSON, else the text. JSON that does not
// parse fails a 2xx response; any other status keeps the text so the caller sees the status.
Value body_value(const StageContext& ctx, const HttpResponse& response, const std::string& shown) {
  const std::string* type = response.header("content-type");
  if (type == nullptr || !is_json_media_type(*type)) return Value::string(response.body);
  if (response.body.find_first_not_of(" \t\r\n") == std::string::npos) return Value();
  try {
    return parse_json(response.body, cancellation_callback(ctx));
  } catch (const JsonError& e) {
    if (response.status < 200 || response.status >= 300) return Value::string(response.body);
    ctx.fail("response from \"" + shown + "\" is not valid JSON: line " + std::to_string(e.line()) +
                 " column " + std::to_string(e.column()) + ": " + e.what(),
             true);
  }
}

// Fails the node when `check` says the status is an error: 5xx, 408 and 429 as retryable errors
// carrying the wait `Retry-After` asks for, other 4xx as final ones. The error's kind is
// `http_<status>`, as for llm.*.
void check_status(const StageContext& ctx, const HttpResponse& response, const std::string& shown) {
  const StatusCheck check = status_check(ctx.str_arg("check")).value_or(StatusCheck::Server);
  const long status = response.status;
  const bool retryable = status >= 500 || status == 429 || status == 408;
  const bool fails = check == StatusCheck::All      ? status >= 400
                     : check == StatusCheck::Server ? status >= 500 || status == 429
                                                    : false;
  if (!fails) return;
  constexpr std::size_t kExcerpt = 200;
  std::string excerpt = response.body.substr(0, kExcerpt);
  for (char& c : excerpt) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  std::string message =
      ctx.signature().name + ": \"" + shown + "\" answered with status " + std::to_string(status);
  if (!excerpt.empty()) message += ": " + excerpt + (response.body.size() > kExcerpt ? "..." : "");
  double wait = 0;
  if (retryable) {
    if (auto requested = requested_retry_delay(response)) wait = *requested;
  }
  throw StageError(message, "http_" + std::to_string(status), retryable, wait);
}

Value http_call(StageContext& ctx, const char* method) {
  check_status_check(ctx, ctx.arg("check"));
  HttpRequest request = build_request(ctx, method);
  std::string shown = redacted_url(request.url);
  ctx.set_attribute("http.request.method", Value::string(method));
  ctx.set_attribute("url.full", Value::string(shown));
  HttpResponse response;
  try {
    response = http_perform(request, ctx);
  } catch (const HttpError& e) {
    throw StageError(ctx.signature().name + ": " + e.what(), std::string(e.type()), e.retryable());
  }
  ctx.set_attribute("http.response.status_code", Value::integer(response.status));
  ctx.bytes(static_cast<std::int64_t>(response.body.size()),
            request.body ? static_cast<std::int64_t>(request.body->size()) : 0);
  check_status(ctx, response, shown);

  std::vector<std::pair<std::string_view, Value>> headers;
  headers.reserve(response.headers.size());
  for (const auto& [name, value] : response.headers)
    headers.emplace_back(name, Value::string(value));
  std::pair<std::string_view, Value> fields[] = {
      {"status", Value::integer(response.status)},
      {"headers", Value::record(headers)},
      {"body", body_value(ctx, response, shown)},
  };
  return Value::record(fields);
}

void add(StageRegistry& registry, const char* name, const char* method, Purity purity,
         const char* summary) {
  StageSignature signature;
  signature.name = name;
  signature.params = {
      {"url", Type::string(), std::nullopt, "http:// or https:// URL"},
      {"body", Type::any(), Value(),
       "request body: a str is sent as it is (text/plain), other values as JSON"},
      {"headers", Type::record(),
       Value::record(std::span<const std::pair<std::string_view, Value>>()),
       "request headers; values are str, int, float or bool"},
      {"timeout", Type::number(), Value::number(30), "seconds for the whole request"},
      {"query", Type::record(),
       Value::record(std::span<const std::pair<std::string_view, Value>>()),
       "query parameters appended to the URL, percent-encoded; a list repeats the name"},
      {"check", Type::string(), Value::string("server"),
       "statuses that fail the node: \"server\" (5xx and 429), \"all\" (every status >= 400) "
       "or \"none\""},
  };
  RecordField fields[] = {
      {"status", Type::integer()}, {"headers", Type::record()}, {"body", Type::any()}};
  signature.result = Type::record(fields);
  signature.purity = purity;
  signature.version = "1";
  signature.summary = summary;
  registry.add({std::move(signature),
                [method](StageContext& ctx) { return http_call(ctx, method); },
                constant_checks(name, {{"check", check_status_check}})});
}

}  // namespace

void register_http(StageRegistry& registry) {
  add(registry, "http.get", "GET", Purity::Volatile,
      "GET a URL; returns {status, headers, body} (body parsed when JSON); with the default "
      "`check`, 5xx and 429 fail the node (retryable, after `Retry-After`)");
  add(registry, "http.post", "POST", Purity::Effect,
      "POST to a URL; returns {status, headers, body} (body parsed when JSON); with the "
      "default `check`, 5xx and 429 fail the node (retryable, after `Retry-After`)");
}

}  // namespace plumb::stdlib
