// Appending JSON text without going through Value: integers, doubles (NaN and infinities as
// the strings protobuf's JSON mapping uses) and UTF-8-safe truncation; strings go through
// plumb::append_json_string (<plumb/json.hpp>). The OTLP encoder and the JSON log sink build
// their output with these.
#pragma once

#include <plumb/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace plumb::telemetry {

void append_int(std::string& out, std::int64_t value);
void append_uint(std::string& out, std::uint64_t value);
// The shortest text that reads back as the same double; `"NaN"`, `"Infinity"`, `"-Infinity"`.
void append_double(std::string& out, double value);
// At most `max_bytes` of `text`, cut before a UTF-8 continuation byte, with `...` appended
// when something was cut.
std::string truncate_utf8(std::string_view text, std::size_t max_bytes);

}  // namespace plumb::telemetry
