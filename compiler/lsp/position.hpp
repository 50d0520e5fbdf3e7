// LSP positions and byte offsets. The protocol counts a position's character in UTF-16 code
// units (its default encoding, the one every client supports); the compiler counts bytes. A
// LineIndex of a text converts between the two, clamping positions past a line's or the
// text's end as the protocol asks.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/diag/source.hpp"

namespace plumb::lsp {

struct Position {
  std::uint32_t line = 0;       // 0-based
  std::uint32_t character = 0;  // UTF-16 code units from the line's start
};

class LineIndex {
 public:
  LineIndex() = default;
  explicit LineIndex(std::string_view text);

  std::uint32_t offset(std::string_view text, Position position) const;
  Position position(std::string_view text, std::uint32_t offset) const;
  std::size_t lines() const { return starts_.size(); }

 private:
  std::vector<std::uint32_t> starts_;
};

// {"line": L, "character": C} as the protocol writes it; reading throws on a malformed one.
nlohmann::json to_json(Position position);
Position position_from_json(const nlohmann::json& position);

// The range of the bytes [offset, offset + length) of `text`.
nlohmann::json range_json(std::string_view text, const LineIndex& index, std::uint32_t offset,
                          std::uint32_t length);
// A location in a file the compiler read, given its text (an import, say).
nlohmann::json range_json(const diag::SourceFile& file, const diag::Loc& loc);

}  // namespace plumb::lsp
