// Source files and locations. A SourceManager owns every file the compiler reads (the entry
// file and its imports), validates that each is UTF-8, and maps byte offsets to a line and a
// column counted in Unicode code points. A Loc is what every AST and IR node carries.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace plumb::diag {

using FileId = std::uint32_t;
inline constexpr FileId kNoFile = UINT32_MAX;

struct Loc {
  FileId file = kNoFile;
  std::uint32_t line = 0;    // 1-based
  std::uint32_t col = 0;     // 1-based, in code points
  std::uint32_t offset = 0;  // byte offset of the first character
  std::uint32_t length = 0;  // bytes covered (at least 1 for a caret)
  bool valid() const { return file != kNoFile; }
};

// The largest source file accepted; larger ones are rejected with a diagnostic.
inline constexpr std::size_t kMaxSourceBytes = 256u << 20;

class SourceFile {
 public:
  SourceFile(FileId id, std::string path, std::string text);

  FileId id() const { return id_; }
  const std::string& path() const { return path_; }
  std::string_view text() const { return text_; }
  // Byte offset of the first invalid UTF-8 sequence, if any.
  std::optional<std::uint32_t> invalid_utf8_offset() const { return invalid_utf8_; }

  // A location for the bytes [offset, offset + length); `line` may be passed when known.
  Loc loc(std::uint32_t offset, std::uint32_t length, std::uint32_t line = 0) const;
  std::uint32_t line_of(std::uint32_t offset) const;
  std::string_view line_text(std::uint32_t line) const;
  std::uint32_t line_start(std::uint32_t line) const { return line_starts_.at(line - 1); }

 private:
  FileId id_;
  std::string path_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
  // Offsets of UTF-8 continuation bytes, so that columns count code points in O(log n).
  std::vector<std::uint32_t> continuation_bytes_;
  std::optional<std::uint32_t> invalid_utf8_;
};

class SourceManager {
 public:
  // Reads a file from disk (read_source.hpp says which files are refused). Returns nullptr and
  // sets `error` when it cannot be read.
  const SourceFile* load(const std::string& path, std::string& error);
  // Adds a file whose text is already in memory (tests, the fuzzer, compile_string).
  const SourceFile* add(std::string path, std::string text);
  const SourceFile* find(const std::string& path) const;
  const SourceFile& file(FileId id) const { return *files_.at(id); }
  std::size_t size() const { return files_.size(); }

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
  std::unordered_map<std::string_view, const SourceFile*> by_path_;  // the first file per path
};

}  // namespace plumb::diag
