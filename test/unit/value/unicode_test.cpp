// UTF-8 decoding and encoding, counting and slicing by code points, case mapping and
// character classes (runtime/value/unicode.hpp).
#include "base/value/unicode.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace plumb::unicode {
namespace {

TEST(Unicode, DecodesOneToFourByteSequences) {
  std::string_view text = "a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80";  // a é 中 😀
  Decoded a = decode(text, 0), e = decode(text, 1), zh = decode(text, 3), smile = decode(text, 6);
  EXPECT_TRUE(a.valid && e.valid && zh.valid && smile.valid);
  EXPECT_EQ(a.code_point, U'a');
  EXPECT_EQ(a.length, 1);
  EXPECT_EQ(e.code_point, U'é');
  EXPECT_EQ(e.length, 2);
  EXPECT_EQ(zh.code_point, U'中');
  EXPECT_EQ(zh.length, 3);
  EXPECT_EQ(smile.code_point, 0x1F600u);
  EXPECT_EQ(smile.length, 4);
}

TEST(Unicode, InvalidSequencesDecodeAsSingleBytes) {
  for (std::string_view bad :
       {"\x80", "\xBF", "\xC0\xAF", "\xC1\xBF", "\xE0\x80\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80",
        "\xF5\x80\x80\x80", "\xFF", "\xC3", "\xE4\xB8", "\xF0\x9F\x98", "\xC3 "}) {
    Decoded unit = decode(bad, 0);
    EXPECT_FALSE(unit.valid) << testing::PrintToString(bad);
    EXPECT_EQ(unit.length, 1);
    EXPECT_EQ(unit.code_point, kReplacement);
  }
}

TEST(Unicode, EncodesAndReplacesImpossibleCodePoints) {
  std::string out;
  for (char32_t c : {U'a', U'é', U'中', U'😀'})
    append_utf8(out, c);
  EXPECT_EQ(out, "a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80");
  out.clear();
  append_utf8(out, 0xD800);
  append_utf8(out, 0x110000);
  EXPECT_EQ(out, "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(Unicode, CountsCodePointsAndInvalidBytes) {
  EXPECT_EQ(code_point_count(""), 0u);
  EXPECT_EQ(code_point_count("hello world, this is ascii"), 26u);
  EXPECT_EQ(code_point_count("h\xC3\xA9llo"), 5u);
  EXPECT_EQ(code_point_count("\xE4\xB8\xAD\xE6\x96\x87"), 2u);
  EXPECT_EQ(code_point_count("\xF0\x9F\x98\x80!"), 2u);
  EXPECT_EQ(code_point_count("a\xFF\xFE"
                             "b"),
            4u);
  EXPECT_EQ(code_point_count("\xE4\xB8"), 2u);  // a truncated sequence: two invalid bytes
}

TEST(Unicode, FindsOffsetsAndSlicesByCodePoint) {
  std::string_view text = "h\xC3\xA9llo w\xC3\xB6rld";  // héllo wörld
  EXPECT_EQ(byte_offset(text, 0), 0u);
  EXPECT_EQ(byte_offset(text, 2), 3u);
  EXPECT_EQ(byte_offset(text, 11), text.size());
  EXPECT_EQ(byte_offset(text, 100), text.size());
  EXPECT_EQ(slice(text, 1, 5), "\xC3\xA9llo");
  EXPECT_EQ(slice(text, 6, 100), "w\xC3\xB6rld");
  EXPECT_EQ(slice(text, 5, 2), "");
  EXPECT_EQ(slice("abcdefghijklmnopqrstuvwxyz", 9, 20), "jklmnopqrst");
  EXPECT_EQ(slice("a\xFF"
                  "b",
                  1, 2),
            "\xFF");
}

TEST(Unicode, StepsBackOverOneUnit) {
  std::string_view text = "a\xC3\xA9\x80\xE4\xB8\xAD";  // a é <stray byte> 中
  EXPECT_EQ(previous_unit(text, text.size()), 4u);
  EXPECT_EQ(previous_unit(text, 4), 3u);
  EXPECT_EQ(previous_unit(text, 3), 1u);
  EXPECT_EQ(previous_unit(text, 1), 0u);
  EXPECT_EQ(previous_unit("\xC3\xA9\xA9", 3), 2u);
  EXPECT_EQ(previous_unit("\xE4\xB8", 2), 1u);
}

TEST(Unicode, MapsAsciiAndLatin1Case) {
  EXPECT_EQ(lower("Hello, World 42!"), "hello, world 42!");
  EXPECT_EQ(upper("Hello, World 42!"), "HELLO, WORLD 42!");
  EXPECT_EQ(lower("\xC3\x80\xC3\x89\xC3\x96\xC3\x98\xC3\x9E"), "àéöøþ");
  EXPECT_EQ(upper("àéöøþ"), "ÀÉÖØÞ");
  EXPECT_EQ(upper("ß×÷"), "ß×÷");  // no one-to-one upper case; signs are not letters
  EXPECT_EQ(upper("ÿµ"), "ŸΜ");
  EXPECT_EQ(lower("Ÿ"), "ÿ");
}

TEST(Unicode, MapsLatinExtendedACase) {
  EXPECT_EQ(lower("ĀĂĄĆČĎĐĒĘĚĞĦĪĮĲĴĶĹĻĽĿŁŃŅŇŊŌŐŒŔŘŚŞŠŢŤŦŨŪŮŰŲŴŶŹŻŽ"),
            "āăąćčďđēęěğħīįĳĵķĺļľŀłńņňŋōőœŕřśşšţťŧũūůűųŵŷźżž");
  EXPECT_EQ(upper("āăąćčďđēęěğħīįĳĵķĺļľŀłńņňŋōőœŕřśşšţťŧũūůűųŵŷźżž"),
            "ĀĂĄĆČĎĐĒĘĚĞĦĪĮĲĴĶĹĻĽĿŁŃŅŇŊŌŐŒŔŘŚŞŠŢŤŦŨŪŮŰŲŴŶŹŻŽ");
  EXPECT_EQ(lower("İ"), "i");
  EXPECT_EQ(upper("ıſ"), "IS");
  EXPECT_EQ(upper("ĸŉ"), "ĸŉ");
}

TEST(Unicode, MapsGreekCase) {
  EXPECT_EQ(lower("ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ"), "αβγδεζηθικλμνξοπρστυφχψω");
  EXPECT_EQ(upper("αβγδεζηθικλμνξοπρστυφχψω"), "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ");
  EXPECT_EQ(lower("ΆΈΉΊΌΎΏΪΫ"), "άέήίόύώϊϋ");
  EXPECT_EQ(upper("άέήίόύώϊϋ"), "ΆΈΉΊΌΎΏΪΫ");
  EXPECT_EQ(upper("ς"), "Σ");
  EXPECT_EQ(upper("ΐ"), "ΐ");
  EXPECT_EQ(lower("ϘϚϮϴϷϹϺϽϾϿͿ"), "ϙϛϯθϸϲϻͻͼͽϳ");
}

TEST(Unicode, MapsCyrillicCase) {
  EXPECT_EQ(lower("ПРИВЕТ, МИР"), "привет, мир");
  EXPECT_EQ(upper("привет, мир"), "ПРИВЕТ, МИР");
  EXPECT_EQ(lower("ЀЁЂЃЄЅІЇЈЉЊЋЌЍЎЏ"), "ѐёђѓєѕіїјљњћќѝўџ");
  EXPECT_EQ(upper("ѐёђѓєѕіїјљњћќѝўџ"), "ЀЁЂЃЄЅІЇЈЉЊЋЌЍЎЏ");
  EXPECT_EQ(lower("ѢѴҊҾӀӁӍӐӾԀԮ"), "ѣѵҋҿӏӂӎӑӿԁԯ");
  EXPECT_EQ(upper("ѣѵҋҿӏӂӎӑӿԁԯ"), "ѢѴҊҾӀӁӍӐӾԀԮ");
}

TEST(Unicode, CaseMappingRoundTripsExceptKnownOneWayMappings) {
  const std::set<char32_t> one_way_upper = {0xB5,  0x131, 0x17F, 0x3C2, 0x3D0, 0x3D1,
                                            0x3D5, 0x3D6, 0x3F0, 0x3F1, 0x3F5};
  const std::set<char32_t> one_way_lower = {0x130, 0x3F4};
  for (char32_t c = 0; c < 0x530; ++c) {
    char32_t up = to_upper(c), low = to_lower(c);
    auto code = static_cast<std::uint32_t>(c);
    if (up != c && !one_way_upper.contains(c)) {
      EXPECT_EQ(to_lower(up), c) << std::hex << code;
    }
    if (low != c && !one_way_lower.contains(c)) {
      EXPECT_EQ(to_upper(low), c) << std::hex << code;
    }
    if (up != c || low != c) {
      EXPECT_TRUE(is_letter(c)) << std::hex << code;
    }
  }
}

TEST(Unicode, CaseMappingLeavesOtherScriptsAndInvalidBytesAlone) {
  EXPECT_EQ(upper("中文 かな 한국어 😀"), "中文 かな 한국어 😀");
  EXPECT_EQ(upper("a\xFF"
                  "b\xC3"),
            "A\xFF"
            "B\xC3");
  EXPECT_EQ(lower("\xE4\xB8"
                  "A"),
            "\xE4\xB8"
            "a");
}

TEST(Unicode, ClassifiesLetters) {
  for (char32_t c : {U'a', U'Z', U'é', U'ß', U'ł', U'Ω', U'ω', U'Ж', U'ё', U'中', U'𠀀', U'あ',
                     U'カ', U'한', U'ª', U'ǅ', U'ệ'}) {
    EXPECT_TRUE(is_letter(c)) << std::hex << static_cast<std::uint32_t>(c);
  }
  for (char32_t c : {U'1', U' ', U'-', U'_', U'×', U'÷', U'€', U'😀', U';', U'·', U'϶', U'҂', U'。',
                     U'５', char32_t{0xFFFD}}) {
    EXPECT_FALSE(is_letter(c)) << std::hex << static_cast<std::uint32_t>(c);
  }
}

TEST(Unicode, ClassifiesDigitsAndSpaces) {
  EXPECT_TRUE(is_digit(U'0'));
  EXPECT_TRUE(is_digit(U'9'));
  EXPECT_TRUE(is_digit(U'５'));
  EXPECT_FALSE(is_digit(U'a'));
  EXPECT_FALSE(is_digit(U'²'));
  for (char32_t c : {U' ', U'\t', U'\n', U'\r', U'\v', U'\f', char32_t{0x85}, char32_t{0xA0},
                     char32_t{0x2009}, char32_t{0x3000}, char32_t{0x2028}}) {
    EXPECT_TRUE(is_space(c)) << std::hex << static_cast<std::uint32_t>(c);
  }
  EXPECT_FALSE(is_space(U'a'));
  EXPECT_FALSE(is_space(char32_t{0x200B}));  // zero width space is not white space
}

TEST(Unicode, TrimsWhiteSpaceAtBothEnds) {
  EXPECT_EQ(trim("  \t hello world \n"), "hello world");
  EXPECT_EQ(trim("\xC2\xA0\xE3\x80\x80hi\xC2\xA0"), "hi");  // NBSP, ideographic space
  EXPECT_EQ(trim(" \xFF "), "\xFF");
  EXPECT_EQ(trim(" \t "), "");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim("x"), "x");
}

}  // namespace
}  // namespace plumb::unicode
