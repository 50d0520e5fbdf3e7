// Decoding of literal spellings: integers with `_` separators, floats, durations (`250ms`,
// `5s`, `2m`, `1h` → seconds) and string escapes. Each returns nullopt when the value is out
// of range.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace plumb::parse {

std::optional<std::int64_t> decode_integer(std::string_view digits, bool negated);
std::optional<double> decode_float(std::string_view text);
std::optional<double> decode_duration(std::string_view text);
// `\n`, `\"`, `\u{1F600}`, ... as UTF-8; nullopt for a code point that is not a scalar value.
std::optional<std::string> decode_escape(std::string_view escape);

}  // namespace plumb::parse
