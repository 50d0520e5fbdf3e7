// Exporter URLs: the scheme check and path appending.
#include "runtime/telemetry/exporter_url.hpp"

#include <cctype>
#include <stdexcept>

namespace plumb::telemetry {

namespace {

// Where the path of `url` ends: at its query (`?`) or fragment (`#`), else the end.
std::size_t path_end(std::string_view url) {
  const std::size_t authority = url.find("://");
  const std::size_t from = authority == std::string_view::npos ? 0 : authority + 3;
  return std::min(url.find_first_of("?#", from), url.size());
}

}  // namespace

void check_exporter_url(std::string_view what, std::string_view url) {
  const std::size_t colon = url.find("://");
  std::string scheme(url.substr(0, colon == std::string_view::npos ? 0 : colon));
  for (char& c : scheme)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme == "http" || scheme == "https") return;
  if (colon == std::string_view::npos || scheme.empty()) {
    throw std::runtime_error(std::string(what) +
                             ": the URL has no scheme; write it as http://HOST:PORT or "
                             "https://HOST:PORT");
  }
  throw std::runtime_error(std::string(what) + ": the URL's scheme `" + scheme +
                           "` is not supported; use http or https");
}

std::string append_url_path(std::string_view url, std::string_view path) {
  const std::size_t end = path_end(url);
  std::string out(url.substr(0, end));
  while (!out.empty() && out.back() == '/')
    out.pop_back();
  out += path;
  out += url.substr(end);
  return out;
}

std::optional<std::string> url_without_path_suffix(std::string_view url, std::string_view suffix) {
  const std::size_t end = path_end(url);
  if (!url.substr(0, end).ends_with(suffix)) return std::nullopt;
  return std::string(url.substr(0, end - suffix.size())) + std::string(url.substr(end));
}

}  // namespace plumb::telemetry
