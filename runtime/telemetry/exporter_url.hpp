// The URLs of the exporters and pushes (`--otlp-endpoint`, `--push-gateway`, `--influx-url`,
// OTEL_EXPORTER_OTLP_*ENDPOINT): only http and https are accepted, and a signal or API path
// (`/v1/traces`, `/write`) goes at the end of the URL's path, before its query and fragment.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace plumb::telemetry {

// Throws std::runtime_error `WHAT: ...` when `url` has no scheme or one other than http and
// https. The message never repeats the URL (it may hold credentials).
void check_exporter_url(std::string_view what, std::string_view url);

// `url` with `path` appended to its path (its trailing slashes dropped first):
// `http://h:4318/otlp/?k=v` + `/v1/traces` is `http://h:4318/otlp/v1/traces?k=v`.
std::string append_url_path(std::string_view url, std::string_view path);

// `url` without `suffix` at the end of its path (`http://h/v1/traces?k=v` less `/v1/traces`
// is `http://h?k=v`); nullopt when its path does not end with `suffix`.
std::optional<std::string> url_without_path_suffix(std::string_view url, std::string_view suffix);

}  // namespace plumb::telemetry
