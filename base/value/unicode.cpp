// UTF-8 decoding, code point counting and slicing, simple case mapping and character classes
// for plumb strings. ASCII text takes a fast path that never decodes.
#include "base/value/unicode.hpp"

#include <cstring>

namespace plumb::unicode {
namespace {

bool is_continuation(unsigned char byte) {
  return (byte & 0xC0) == 0x80;
}

// True when the 8 bytes at `p` are all ASCII.
bool ascii_word(const char* p) {
  std::uint64_t word;
  std::memcpy(&word, p, sizeof word);
  return (word & 0x8080808080808080ULL) == 0;
}

// Maps a code point with `map` and appends the result; invalid bytes are copied as they are.
template <typename Map>
std::string map_text(std::string_view text, Map map) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x80) {
      out.push_back(static_cast<char>(map(byte)));
      ++pos;
      continue;
    }
    Decoded unit = decode(text, pos);
    if (unit.valid) {
      append_utf8(out, map(unit.code_point));
    } else {
      out.push_back(text[pos]);
    }
    pos += unit.length;
  }
  return out;
}

bool in(char32_t c, char32_t first, char32_t last) {
  return c >= first && c <= last;
}
bool even(char32_t c) {
  return (c & 1) == 0;
}

}  // namespace

Decoded decode(std::string_view text, std::size_t pos) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data()) + pos;
  std::size_t left = text.size() - pos;
  unsigned char b0 = p[0];
  if (b0 < 0x80) return {b0, 1, true};
  constexpr Decoded kInvalid{kReplacement, 1, false};
  if (b0 < 0xC2) return kInvalid;  // continuation byte or overlong 2-byte lead
  if (b0 < 0xE0) {
    if (left < 2 || !is_continuation(p[1])) return kInvalid;
    return {static_cast<char32_t>(((b0 & 0x1F) << 6) | (p[1] & 0x3F)), 2, true};
  }
  if (b0 < 0xF0) {
    if (left < 3 || !is_continuation(p[1]) || !is_continuation(p[2])) return kInvalid;
    char32_t c = ((b0 & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    if (c < 0x800 || in(c, 0xD800, 0xDFFF)) return kInvalid;  // overlong or surrogate
    return {c, 3, true};
  }
  if (b0 < 0xF5) {
    if (left < 4 || !is_continuation(p[1]) || !is_continuation(p[2]) || !is_continuation(p[3])) {
      return kInvalid;
    }
    char32_t c = ((b0 & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    if (c < 0x10000 || c > 0x10FFFF) return kInvalid;
    return {c, 4, true};
  }
  return kInvalid;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    if (in(c, 0xD800, 0xDFFF)) c = kReplacement;
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c <= 0x10FFFF) {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    append_utf8(out, kReplacement);
  }
}

std::size_t code_point_count(std::string_view text) noexcept {
  std::size_t count = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (pos + 8 <= text.size() && ascii_word(text.data() + pos)) {
      pos += 8;
      count += 8;
      continue;
    }
    pos += decode(text, pos).length;
    ++count;
  }
  return count;
}

std::size_t byte_offset(std::string_view text, std::size_t index) noexcept {
  std::size_t pos = 0;
  while (index > 0 && pos < text.size()) {
    if (index >= 8 && pos + 8 <= text.size() && ascii_word(text.data() + pos)) {
      pos += 8;
      index -= 8;
      continue;
    }
    pos += decode(text, pos).length;
    --index;
  }
  return pos;
}

std::string_view slice(std::string_view text, std::size_t start, std::size_t end) noexcept {
  if (end <= start) return {};
  std::size_t from = byte_offset(text, start);
  std::size_t to = from + byte_offset(text.substr(from), end - start);
  return text.substr(from, to - from);
}

std::size_t previous_unit(std::string_view text, std::size_t end) noexcept {
  std::size_t last = end - 1;
  if (!is_continuation(static_cast<unsigned char>(text[last]))) return last;
  std::size_t lowest = end >= 4 ? end - 4 : 0;
  for (std::size_t start = last; start-- > lowest;) {
    if (is_continuation(static_cast<unsigned char>(text[start]))) continue;
    Decoded unit = decode(text, start);
    return unit.valid && start + unit.length == end ? start : last;
  }
  return last;
}

char32_t to_lower(char32_t c) noexcept {
  if (c < 0x80) return in(c, 'A', 'Z') ? c + 32 : c;
  if (c < 0x100) return in(c, 0xC0, 0xDE) && c != 0xD7 ? c + 32 : c;
  if (c < 0x180) {
    if (c == 0x130) return 'i';
    if (c == 0x178) return 0xFF;
    if (c < 0x138) return even(c) ? c + 1 : c;
    if (in(c, 0x139, 0x148) || in(c, 0x179, 0x17E)) return even(c) ? c : c + 1;
    if (in(c, 0x14A, 0x177)) return even(c) ? c + 1 : c;
    return c;
  }
  if (in(c, 0x370, 0x3FF)) {
    if (in(c, 0x391, 0x3AB) && c != 0x3A2) return c + 32;
    if (in(c, 0x370, 0x373) || c == 0x376 || in(c, 0x3D8, 0x3EF)) return even(c) ? c + 1 : c;
    if (in(c, 0x388, 0x38A)) return c + 37;
    if (in(c, 0x38E, 0x38F)) return c + 63;
    if (in(c, 0x3FD, 0x3FF)) return c - 130;
    switch (c) {
      case 0x37F:
        return 0x3F3;
      case 0x386:
        return 0x3AC;
      case 0x38C:
        return 0x3CC;
      case 0x3CF:
        return 0x3D7;
      case 0x3F4:
        return 0x3B8;
      case 0x3F7:
        return 0x3F8;
      case 0x3F9:
        return 0x3F2;
      case 0x3FA:
        return 0x3FB;
      default:
        return c;
    }
  }
  if (in(c, 0x400, 0x52F)) {
    if (c < 0x410) return c + 80;
    if (c < 0x430) return c + 32;
    if (c == 0x4C0) return 0x4CF;
    if (in(c, 0x4C1, 0x4CE)) return even(c) ? c : c + 1;
    if (in(c, 0x460, 0x481) || in(c, 0x48A, 0x4BF) || in(c, 0x4D0, 0x52F)) {
      return even(c) ? c + 1 : c;
    }
  }
  return c;
}

char32_t to_upper(char32_t c) noexcept {
  if (c < 0x80) return in(c, 'a', 'z') ? c - 32 : c;
  if (c < 0x100) {
    if (c == 0xB5) return 0x39C;
    if (c == 0xFF) return 0x178;
    return in(c, 0xE0, 0xFE) && c != 0xF7 ? c - 32 : c;
  }
  if (c < 0x180) {
    if (c == 0x131) return 'I';
    if (c == 0x17F) return 'S';
    if (c < 0x138) return even(c) ? c : c - 1;
    if (in(c, 0x13A, 0x148) || in(c, 0x17A, 0x17E)) return even(c) ? c - 1 : c;
    if (in(c, 0x14B, 0x177)) return even(c) ? c : c - 1;
    return c;
  }
  if (in(c, 0x370, 0x3FF)) {
    if (in(c, 0x3B1, 0x3CB) && c != 0x3C2) return c - 32;
    if (in(c, 0x371, 0x373) || c == 0x377 || in(c, 0x3D9, 0x3EF)) return even(c) ? c : c - 1;
    if (in(c, 0x37B, 0x37D)) return c + 130;
    if (in(c, 0x3AD, 0x3AF)) return c - 37;
    if (in(c, 0x3CD, 0x3CE)) return c - 63;
    switch (c) {
      case 0x3AC:
        return 0x386;
      case 0x3C2:
        return 0x3A3;
      case 0x3CC:
        return 0x38C;
      case 0x3D0:
        return 0x392;
      case 0x3D1:
        return 0x398;
      case 0x3D5:
        return 0x3A6;
      case 0x3D6:
        return 0x3A0;
      case 0x3D7:
        return 0x3CF;
      case 0x3F0:
        return 0x39A;
      case 0x3F1:
        return 0x3A1;
      case 0x3F2:
        return 0x3F9;
      case 0x3F3:
        return 0x37F;
      case 0x3F5:
        return 0x395;
      case 0x3F8:
        return 0x3F7;
      case 0x3FB:
        return 0x3FA;
      default:
        return c;
    }
  }
  if (in(c, 0x400, 0x52F)) {
    if (in(c, 0x430, 0x44F)) return c - 32;
    if (in(c, 0x450, 0x45F)) return c - 80;
    if (c == 0x4CF) return 0x4C0;
    if (in(c, 0x4C2, 0x4CE)) return even(c) ? c - 1 : c;
    if (in(c, 0x461, 0x481) || in(c, 0x48B, 0x4BF) || in(c, 0x4D1, 0x52F)) {
      return even(c) ? c : c - 1;
    }
  }
  return c;
}

std::string lower(std::string_view text) {
  return map_text(text, to_lower);
}
std::string upper(std::string_view text) {
  return map_text(text, to_upper);
}

bool is_letter(char32_t c) noexcept {
  if (c < 0x80) return in(c | 0x20, 'a', 'z');
  if (c < 0x100)
    return c == 0xAA || c == 0xB5 || c == 0xBA || (c >= 0xC0 && c != 0xD7 && c != 0xF7);
  if (c < 0x2B0) return true;  // Latin Extended-A and -B, IPA extensions
  if (in(c, 0x370, 0x3FF)) {
    return in(c, 0x370, 0x373) || in(c, 0x376, 0x377) || in(c, 0x37A, 0x37D) || c == 0x37F ||
           c == 0x386 || in(c, 0x388, 0x38A) || c == 0x38C ||
           (in(c, 0x38E, 0x3FF) && c != 0x3A2 && c != 0x3F6);
  }
  if (in(c, 0x400, 0x52F)) return !in(c, 0x482, 0x489);
  return in(c, 0x1E00, 0x1EFF) || c == 0x3005 || in(c, 0x3041, 0x3096) || in(c, 0x309D, 0x309F) ||
         in(c, 0x30A1, 0x30FA) || in(c, 0x30FC, 0x30FF) || in(c, 0x3400, 0x4DBF) ||
         in(c, 0x4E00, 0x9FFF) || in(c, 0xAC00, 0xD7A3) || in(c, 0xF900, 0xFAFF) ||
         in(c, 0x20000, 0x2FA1F) || in(c, 0x30000, 0x323AF);
}

bool is_digit(char32_t c) noexcept {
  return in(c, '0', '9') || in(c, 0xFF10, 0xFF19);
}

bool is_space(char32_t c) noexcept {
  if (c < 0x80) return c == ' ' || in(c, 0x09, 0x0D);
  return c == 0x85 || c == 0xA0 || c == 0x1680 || in(c, 0x2000, 0x200A) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

std::string_view trim(std::string_view text) noexcept {
  std::size_t begin = 0;
  while (begin < text.size()) {
    Decoded unit = decode(text, begin);
    if (!unit.valid || !is_space(unit.code_point)) break;
    begin += unit.length;
  }
  std::size_t end = text.size();
  while (end > begin) {
    std::size_t start = previous_unit(text, end);
    Decoded unit = decode(text, start);
    if (!unit.valid || !is_space(unit.code_point)) break;
    end = start;
  }
  return text.substr(begin, end - begin);
}

}  // namespace plumb::unicode
