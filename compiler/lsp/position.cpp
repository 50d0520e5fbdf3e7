// Position conversions: UTF-16 code units of a line to byte offsets and back (position.hpp).
#include "compiler/lsp/position.hpp"

#include <algorithm>

namespace plumb::lsp {

namespace {

// The length of the UTF-8 sequence that starts with `lead` (1 for a stray byte).
std::uint32_t sequence_length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

}  // namespace

LineIndex::LineIndex(std::string_view text) {
  starts_.push_back(0);
  for (std::uint32_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts_.push_back(i + 1);
  }
}

std::uint32_t LineIndex::offset(std::string_view text, Position position) const {
  if (starts_.empty()) return 0;
  if (position.line >= starts_.size()) return static_cast<std::uint32_t>(text.size());
  std::uint32_t at = starts_[position.line];
  std::uint32_t units = 0;
  while (at < text.size() && text[at] != '\n' && units < position.character) {
    std::uint32_t length = sequence_length(static_cast<unsigned char>(text[at]));
    units += length == 4 ? 2 : 1;
    at = std::min<std::uint32_t>(at + length, static_cast<std::uint32_t>(text.size()));
  }
  return at;
}

Position LineIndex::position(std::string_view text, std::uint32_t offset) const {
  if (starts_.empty()) return {};
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text.size()));
  auto after = std::upper_bound(starts_.begin(), starts_.end(), offset);
  std::uint32_t line = static_cast<std::uint32_t>(after - starts_.begin()) - 1;
  std::uint32_t units = 0;
  for (std::uint32_t at = starts_[line]; at < offset;) {
    std::uint32_t length = sequence_length(static_cast<unsigned char>(text[at]));
    units += length == 4 ? 2 : 1;
    at += length;
  }
  return {line, units};
}

nlohmann::json to_json(Position position) {
  return {{"line", position.line}, {"character", position.character}};
}

Position position_from_json(const nlohmann::json& position) {
  return {position.at("line").get<std::uint32_t>(), position.at("character").get<std::uint32_t>()};
}

nlohmann::json range_json(std::string_view text, const LineIndex& index, std::uint32_t offset,
                          std::uint32_t length) {
  return {{"start", to_json(index.position(text, offset))},
          {"end", to_json(index.position(text, offset + length))}};
}

nlohmann::json range_json(const diag::SourceFile& file, const diag::Loc& loc) {
  LineIndex index(file.text());
  return range_json(file.text(), index, loc.offset, loc.length);
}

}  // namespace plumb::lsp
