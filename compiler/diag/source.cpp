// SourceFile construction (line table, UTF-8 validation, a leading byte order mark dropped)
// and the SourceManager's files by path.
#include "compiler/diag/source.hpp"

#include <algorithm>

#include "compiler/diag/read_source.hpp"

namespace plumb::diag {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// Length of the valid UTF-8 sequence starting at `p`, or 0 when it is invalid (overlong
// forms, surrogates and code points above U+10FFFF are invalid).
std::size_t utf8_sequence_length(const unsigned char* p, std::size_t available) {
  unsigned char c = p[0];
  if (c < 0x80) return 1;
  std::size_t n;
  std::uint32_t cp;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (available < n) return 0;
  for (std::size_t i = 1; i < n; ++i) {
    if ((p[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (p[i] & 0x3F);
  }
  static constexpr std::uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinimum[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

}  // namespace

SourceFile::SourceFile(FileId id, std::string path, std::string text)
    : id_(id), path_(std::move(path)), text_(std::move(text)) {
  // A UTF-8 byte order mark (written by some Windows editors) is not part of the program.
  if (text_.starts_with(kByteOrderMark)) text_.erase(0, kByteOrderMark.size());
  line_starts_.push_back(0);
  const auto* bytes = reinterpret_cast<const unsigned char*>(text_.data());
  std::size_t size = text_.size();
  for (std::size_t i = 0; i < size;) {
    unsigned char c = bytes[i];
    if (c == '\n') {
      line_starts_.push_back(static_cast<std::uint32_t>(i + 1));
      ++i;
      continue;
    }
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = utf8_sequence_length(bytes + i, size - i);
    if (n == 0) {
      if (!invalid_utf8_) invalid_utf8_ = static_cast<std::uint32_t>(i);
      ++i;
      continue;
    }
    for (std::size_t k = 1; k < n; ++k) {
      continuation_bytes_.push_back(static_cast<std::uint32_t>(i + k));
    }
    i += n;
  }
}

std::uint32_t SourceFile::line_of(std::uint32_t offset) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  return static_cast<std::uint32_t>(it - line_starts_.begin());
}

Loc SourceFile::loc(std::uint32_t offset, std::uint32_t length, std::uint32_t line) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  if (line == 0 || line > line_starts_.size()) line = line_of(offset);
  std::uint32_t start = line_starts_[line - 1];
  auto first = std::lower_bound(continuation_bytes_.begin(), continuation_bytes_.end(), start);
  auto last = std::lower_bound(first, continuation_bytes_.end(), offset);
  auto skipped = static_cast<std::uint32_t>(last - first);
  return Loc{id_, line, offset - start - skipped + 1, offset, std::max<std::uint32_t>(length, 1)};
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  std::size_t start = line_starts_[line - 1];
  std::size_t end = line < line_starts_.size() ? line_starts_[line] - 1 : text_.size();
  std::string_view text(text_.data() + start, end - start);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return text;
}

const SourceFile* SourceManager::load(const std::string& path, std::string& error) {
  if (const SourceFile* existing = find(path)) return existing;
  std::string text;
  if (!read_source(path, text, error)) return nullptr;
  return add(path, std::move(text));
}

const SourceFile* SourceManager::add(std::string path, std::string text) {
  auto id = static_cast<FileId>(files_.size());
  files_.push_back(std::make_unique<SourceFile>(id, std::move(path), std::move(text)));
  const SourceFile* file = files_.back().get();
  by_path_.try_emplace(file->path(), file);
  return file;
}

const SourceFile* SourceManager::find(const std::string& path) const {
  auto it = by_path_.find(path);
  return it == by_path_.end() ? nullptr : it->second;
}

}  // namespace plumb::diag
