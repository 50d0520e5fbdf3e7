// Transport: Content-Length framing on file descriptors, with poll() for the debounce timer
// and a buffer that survives partial reads (transport.hpp).
#include "compiler/lsp/transport.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

namespace plumb::lsp {

namespace {

constexpr std::string_view kHeaderEnd = "\r\n\r\n";

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The Content-Length of a header block, or nullopt when it has none or a bad one.
std::optional<std::size_t> content_length(std::string_view headers) {
  while (!headers.empty()) {
    std::size_t end = headers.find("\r\n");
    std::string_view line = headers.substr(0, end);
    headers = end == std::string_view::npos ? std::string_view() : headers.substr(end + 2);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    if (lowercase(line.substr(0, colon)) != "content-length") continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
      value.remove_suffix(1);
    std::size_t length = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
    if (ec != std::errc() || ptr != value.data() + value.size() || value.empty()) {
      return std::nullopt;
    }
    return length;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Transport::Incoming> Transport::take_buffered() {
  if (skipping_ > 0) {
    std::size_t dropped = std::min(skipping_, buffer_.size());
    buffer_.erase(0, dropped);
    skipping_ -= dropped;
    if (skipping_ > 0) return std::nullopt;
  }
  std::size_t header_end = buffer_.find(kHeaderEnd);
  if (header_end == std::string::npos) {
    if (buffer_.size() <= kMaxHeaderBytes) return std::nullopt;
    buffer_.clear();
    return Incoming{Status::Malformed, nullptr, "a header block longer than 8 KiB"};
  }
  std::optional<std::size_t> length =
      content_length(std::string_view(buffer_).substr(0, header_end));
  std::size_t body = header_end + kHeaderEnd.size();
  if (!length) {
    buffer_.erase(0, body);
    return Incoming{Status::Malformed, nullptr, "a message without a valid Content-Length header"};
  }
  if (*length > kMaxMessageBytes) {
    buffer_.erase(0, body);
    skipping_ = *length;
    take_buffered();
    return Incoming{Status::Malformed, nullptr,
                    "a message of " + std::to_string(*length) + " bytes, over the 64 MiB limit"};
  }
  if (buffer_.size() - body < *length) return std::nullopt;
  nlohmann::json message = nlohmann::json::parse(
      buffer_.begin() + static_cast<std::ptrdiff_t>(body),
      buffer_.begin() + static_cast<std::ptrdiff_t>(body + *length), nullptr, false);
  buffer_.erase(0, body + *length);
  if (message.is_discarded()) {
    return Incoming{Status::Malformed, nullptr, "the message is not valid JSON"};
  }
  return Incoming{Status::Message, std::move(message), {}};
}

bool Transport::fill(std::optional<std::chrono::milliseconds> timeout, bool& timed_out) {
  timed_out = false;
  pollfd fd{in_, POLLIN, 0};
  int wait = timeout ? static_cast<int>(std::max<std::int64_t>(0, timeout->count())) : -1;
  int ready;
  do {
    ready = poll(&fd, 1, wait);
  } while (ready < 0 && errno == EINTR);
  if (ready == 0) {
    timed_out = true;
    return true;
  }
  if (ready < 0) return false;
  char chunk[65536];
  ssize_t n;
  do {
    n = read(in_, chunk, sizeof chunk);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) return false;
  buffer_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

Transport::Incoming Transport::next(std::optional<std::chrono::milliseconds> timeout) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = timeout ? std::optional(Clock::now() + *timeout) : std::nullopt;
  for (;;) {
    if (auto incoming = take_buffered()) return std::move(*incoming);
    if (closed_) return Incoming{Status::Closed, nullptr, {}};
    std::optional<std::chrono::milliseconds> left;
    if (deadline) {
      left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - Clock::now());
      if (left->count() < 0) left = std::chrono::milliseconds(0);
    }
    bool timed_out = false;
    if (!fill(left, timed_out)) {
      closed_ = true;
      continue;
    }
    if (timed_out) return Incoming{Status::Timeout, nullptr, {}};
  }
}

bool Transport::send(const nlohmann::json& message) {
  std::string body = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string framed = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  for (std::size_t done = 0; done < framed.size();) {
    ssize_t n = write(out_, framed.data() + done, framed.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace plumb::lsp
