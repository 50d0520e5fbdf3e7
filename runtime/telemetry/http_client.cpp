// HttpClient: libcurl easy interface; the handle keeps its connection between requests.
#include "runtime/telemetry/http_client.hpp"

#include "base/curl/library.hpp"

#include <algorithm>
#include <cstdlib>

namespace plumb::telemetry {

namespace {

std::size_t write_body(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

std::size_t read_header(char* data, std::size_t size, std::size_t count, void* user) {
  std::string_view line(data, size * count);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size()) {
    std::string head(line.substr(0, kName.size()));
    for (char& c : head)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (head == kName) {
      std::string value(line.substr(kName.size()));
      char* end = nullptr;
      double seconds = std::strtod(value.c_str(), &end);
      // An HTTP date instead of seconds is ignored: the usual backoff applies.
      if (end != value.c_str() && seconds >= 0)
        static_cast<HttpResponse*>(user)->retry_after = seconds;
    }
  }
  return size * count;
}

int check_cancelled(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* cancelled = static_cast<const std::function<bool()>*>(user);
  return (*cancelled)() ? 1 : 0;
}

}  // namespace

HttpClient::HttpClient() {
  try {
    curl_ = curl::library().easy_init();
    if (curl_ == nullptr) unavailable_ = "cannot initialise libcurl";
  } catch (const curl::LoadError& error) {
    unavailable_ = error.what();
  }
}

HttpClient::~HttpClient() {
  if (curl_ != nullptr) curl::library().easy_cleanup(static_cast<CURL*>(curl_));
}

HttpResponse HttpClient::send(std::string_view method, const std::string& url,
                              const Headers& headers, std::string_view body,
                              std::chrono::milliseconds timeout,
                              const std::function<bool()>& cancelled) {
  HttpResponse response;
  CURL* curl = static_cast<CURL*>(curl_);
  if (!curl) {
    response.error = unavailable_;
    return response;
  }
  const curl::Library& lib = curl::library();
  lib.easy_reset(curl);
  curl_slist* list = nullptr;
  for (const auto& [name, value] : headers) {
    list = lib.slist_append(list, (name + ": " + value).c_str());
  }
  list = lib.slist_append(list, "Expect:");  // no 100-continue round trip
  const std::string verb(method);
  const long timeout_ms = std::max<long>(1, static_cast<long>(timeout.count()));
  lib.easy_setopt(curl, CURLOPT_URL, url.c_str());
  lib.easy_setopt(curl, CURLOPT_CUSTOMREQUEST, verb.c_str());
  lib.easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  lib.easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  lib.easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  lib.easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
  lib.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, std::min<long>(timeout_ms, 5000));
  lib.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  lib.easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_body);
  lib.easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  lib.easy_setopt(curl, CURLOPT_HEADERFUNCTION, read_header);
  lib.easy_setopt(curl, CURLOPT_HEADERDATA, &response);
  if (cancelled) {
    lib.easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    lib.easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, check_cancelled);
    lib.easy_setopt(curl, CURLOPT_XFERINFODATA, &cancelled);
  }
  CURLcode code = lib.easy_perform(curl);
  lib.slist_free_all(list);
  if (code != CURLE_OK) {
    response.error = lib.easy_strerror(code);
    response.status = 0;
    return response;
  }
  lib.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace plumb::telemetry
