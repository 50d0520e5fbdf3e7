// W3C Baggage (https://www.w3.org/TR/baggage/): the `baggage` header a run receives from its
// caller (the BAGGAGE variable or RunOptions::baggage) and passes on unchanged to the HTTP
// requests and child processes of its stages. Only checked and tidied here, never interpreted.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace plumb::telemetry {

// At most this many bytes and list members (the W3C limits a receiver must accept).
inline constexpr std::size_t kMaxBaggageBytes = 8192;
inline constexpr std::size_t kMaxBaggageMembers = 64;

// The header with the optional white space around members, `=` and `;` removed; nullopt with
// `problem` set ("member 2: `a b` is not a key") when it does not follow the specification
// or is over the limits. An empty header is valid (no baggage).
std::optional<std::string> parse_baggage(std::string_view header, std::string* problem = nullptr);

}  // namespace plumb::telemetry
