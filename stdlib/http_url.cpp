// URL and media-type helpers of the HTTP client: validation (http and https only), query
// parameters, host and port for span attributes. Spans and messages show URLs through
// plumb::redacted_url.
#include "stdlib/http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>

namespace plumb::stdlib {

namespace {

using ParsedUrl = std::unique_ptr<CURLU, decltype(curl::Library::url_cleanup)>;

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

void check_http_url(const std::string& url, const std::string& shown) {
  const curl::Library& lib = loaded_curl();
  ParsedUrl parsed(lib.url(), lib.url_cleanup);
  CURLUcode rc = lib.url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0);
  if (rc != CURLUE_OK) {
    throw HttpError(HttpFailure::BadUrl,
                    "bad url \"" + shown + "\": " + lower(lib.url_strerror(rc)));
  }
  char* scheme = nullptr;
  lib.url_get(parsed.get(), CURLUPART_SCHEME, &scheme, 0);
  std::string name = scheme != nullptr ? lower(scheme) : "";
  lib.free(scheme);
  if (name != "http" && name != "https") {
    throw HttpError(HttpFailure::BadUrl,
                    "bad url \"" + shown + "\": scheme `" + name + "` is not http or https");
  }
}

std::string url_with_query(std::string_view url,
                           const std::vector<std::pair<std::string, std::string>>& params) {
  if (params.empty()) return std::string(url);
  const curl::Library& lib = loaded_curl();
  auto encode = [&](const std::string& text) {
    char* escaped = lib.easy_escape(nullptr, text.data(), static_cast<int>(text.size()));
    if (escaped == nullptr) throw std::bad_alloc();
    std::string out(escaped);
    lib.free(escaped);
    return out;
  };
  std::string query;
  for (const auto& [name, value] : params) {
    if (!query.empty()) query += '&';
    query += encode(name) + "=" + encode(value);
  }
  std::size_t fragment = std::min(url.find('#'), url.size());
  std::string_view base = url.substr(0, fragment);
  std::string out(base);
  const std::size_t question = base.find('?');
  if (question == std::string_view::npos) {
    out += '?';
  } else if (!base.ends_with('?') && !base.ends_with('&')) {
    out += '&';
  }
  out += query;
  out += url.substr(fragment);
  return out;
}

std::optional<std::pair<std::string, long>> url_server(std::string_view url) {
  const curl::Library& lib = loaded_curl();
  ParsedUrl parsed(lib.url(), lib.url_cleanup);
  if (lib.url_set(parsed.get(), CURLUPART_URL, std::string(url).c_str(), 0) != CURLUE_OK) {
    return std::nullopt;
  }
  char* host = nullptr;
  char* port = nullptr;
  std::optional<std::pair<std::string, long>> out;
  if (lib.url_get(parsed.get(), CURLUPART_HOST, &host, 0) == CURLUE_OK &&
      lib.url_get(parsed.get(), CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
    out.emplace(host, std::strtol(port, nullptr, 10));
  }
  lib.free(host);
  lib.free(port);
  return out;
}

bool is_loopback_host(std::string_view host) {
  const std::string name = lower(host);
  if (name == "localhost" || name.ends_with(".localhost")) return true;
  in_addr v4{};
  if (inet_pton(AF_INET, name.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  std::string bare = name;
  if (bare.size() > 2 && bare.front() == '[' && bare.back() == ']') {
    bare = bare.substr(1, bare.size() - 2);
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, bare.c_str(), &v6) != 1) return false;
  return IN6_IS_ADDR_LOOPBACK(&v6) || (IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127);
}

bool is_json_media_type(std::string_view content_type) {
  std::string type = lower(content_type.substr(0, content_type.find(';')));
  std::erase_if(type, [](char c) { return c == ' ' || c == '\t'; });
  return type == "application/json" || type == "text/json" ||
         (type.starts_with("application/") && type.ends_with("+json"));
}

}  // namespace plumb::stdlib
