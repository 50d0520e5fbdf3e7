// UTF-8 helpers for the string built-ins and text stages: decoding and encoding, counting and
// slicing by code points, simple case mapping (ASCII, Latin-1, Latin Extended-A, Greek,
// Cyrillic) and letter/digit/space classes. Strings may hold invalid UTF-8: every invalid byte
// counts as one code point of its own and passes through case mapping and slicing unchanged.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace plumb::unicode {

inline constexpr char32_t kReplacement = 0xFFFD;

// One decoded unit: a valid UTF-8 sequence, or a single invalid byte (`valid` false,
// `code_point` kReplacement, `length` 1).
struct Decoded {
  char32_t code_point;
  std::uint8_t length;
  bool valid;
};

// Decodes the unit that starts at `text[pos]`; `pos` must be less than `text.size()`.
Decoded decode(std::string_view text, std::size_t pos) noexcept;

// Appends the UTF-8 encoding of `code_point` (U+FFFD for surrogates and values past U+10FFFF).
void append_utf8(std::string& out, char32_t code_point);

// The number of units (code points and invalid bytes).
std::size_t code_point_count(std::string_view text) noexcept;

// The byte offset where unit `index` starts, or `text.size()` when there are fewer units.
std::size_t byte_offset(std::string_view text, std::size_t index) noexcept;

// Units [start, end) of `text`, clamped to its length.
std::string_view slice(std::string_view text, std::size_t start, std::size_t end) noexcept;

// Simple (one-to-one) case mapping; other code points map to themselves.
char32_t to_lower(char32_t code_point) noexcept;
char32_t to_upper(char32_t code_point) noexcept;
std::string lower(std::string_view text);
std::string upper(std::string_view text);

// Letters of the Latin, Greek and Cyrillic blocks, kana, Hangul syllables and CJK ideographs.
bool is_letter(char32_t code_point) noexcept;
// ASCII and fullwidth decimal digits.
bool is_digit(char32_t code_point) noexcept;
// Unicode white space (White_Space property): ASCII blanks, U+0085, U+00A0, U+2000..U+200A, ...
bool is_space(char32_t code_point) noexcept;

// `text` without white space at both ends.
std::string_view trim(std::string_view text) noexcept;

// The unit ending at byte `end` (exclusive): its start offset. `end` must be greater than 0.
std::size_t previous_unit(std::string_view text, std::size_t end) noexcept;

}  // namespace plumb::unicode
