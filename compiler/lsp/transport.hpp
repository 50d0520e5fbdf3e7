// JSON-RPC 2.0 framing over a pair of file descriptors, as the Language Server Protocol sends
// it: each message is `Content-Length: N` (other headers ignored), a blank line, then N bytes
// of JSON. A message that cannot be framed or parsed is reported as Malformed (the server
// answers it with a JSON-RPC error) and skipped; reading never blocks longer than asked.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace plumb::lsp {

// The largest message body accepted; a longer one is skipped as it arrives.
inline constexpr std::size_t kMaxMessageBytes = 64u << 20;
// The largest header block: without its blank line by then, the bytes are not a header.
inline constexpr std::size_t kMaxHeaderBytes = 8u << 10;

class Transport {
 public:
  Transport(int in_fd, int out_fd) : in_(in_fd), out_(out_fd) {}

  enum class Status { Message, Malformed, Timeout, Closed };
  struct Incoming {
    Status status;
    nlohmann::json message;  // Message: the parsed JSON value (of any kind)
    std::string problem;     // Malformed: what was wrong, for the error response
  };
  // The next message; waits at most `timeout` for it (forever without one).
  Incoming next(std::optional<std::chrono::milliseconds> timeout);
  // Writes one framed message; false once the other end is gone.
  bool send(const nlohmann::json& message);

 private:
  // A complete message or malformed header at the front of the buffer, taken off it.
  std::optional<Incoming> take_buffered();
  // Reads what is available into the buffer, waiting up to `timeout`: false on end of input.
  bool fill(std::optional<std::chrono::milliseconds> timeout, bool& timed_out);

  int in_;
  int out_;
  std::string buffer_;
  std::size_t skipping_ = 0;  // bytes of an over-long body still to drop
  bool closed_ = false;
};

}  // namespace plumb::lsp
