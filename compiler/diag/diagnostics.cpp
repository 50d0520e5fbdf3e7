// The diagnostic registry table and the renderer (location line, source excerpt, caret).
#include "compiler/diag/diagnostics.hpp"

#include <algorithm>
#include <array>
#include <ostream>

namespace plumb::diag {
namespace {

constexpr std::array kKinds = {
#define PLUMB_DIAG(id, name, severity, summary) \
  KindInfo{Kind::id, name, Severity::severity, summary},
#include "compiler/diag/kinds.def"
#undef PLUMB_DIAG
};

// Lines longer than this are shown as a window around the caret.
constexpr std::size_t kMaxExcerpt = 160;

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Prints the source line of `loc` and a caret under it, `~` over the rest of its range, then
// the text a fix-it on that line inserts, under the place it goes.
void render_excerpt(std::ostream& out, const SourceFile& file, const Loc& loc, bool color,
                    const FixIt* fixit = nullptr) {
  std::string_view line = file.line_text(loc.line);
  std::size_t line_start = file.line_start(loc.line);
  std::size_t caret = loc.offset - line_start;
  std::size_t end = std::min(line.size(), caret + std::max<std::size_t>(loc.length, 1));
  std::size_t window_begin = 0, window_end = line.size();
  if (line.size() > kMaxExcerpt) {
    window_begin = caret > kMaxExcerpt / 2 ? caret - kMaxExcerpt / 2 : 0;
    window_end = std::min(line.size(), window_begin + kMaxExcerpt);
    while (window_begin > 0 && is_continuation(line[window_begin]))
      --window_begin;
    while (window_end < line.size() && is_continuation(line[window_end]))
      ++window_end;
    end = std::min(end, window_end);
  }
  std::string_view shown = line.substr(window_begin, window_end - window_begin);
  std::string prefix = window_begin > 0 ? "..." : "";
  out << prefix << shown << (window_end < line.size() ? "..." : "") << '\n';
  // Blanks up to byte `column` of the line, keeping tabs so that the next character lines up.
  auto indent = [&](std::size_t column) {
    std::string blanks(prefix.size(), ' ');
    for (std::size_t i = window_begin; i < column && i < line.size(); ++i) {
      if (is_continuation(line[i])) continue;
      blanks += line[i] == '\t' ? '\t' : ' ';
    }
    return blanks;
  };
  std::string marker = indent(caret);
  if (color) marker += "\x1b[1;32m";
  marker += '^';
  for (std::size_t i = caret + 1; i < end; ++i) {
    if (!is_continuation(line[i])) marker += '~';
  }
  if (color) marker += "\x1b[0m";
  out << marker << '\n';
  if (!fixit || fixit->loc.file != loc.file || fixit->loc.line != loc.line) return;
  std::size_t at = fixit->loc.offset - line_start;
  if (at < window_begin || at > window_end) return;
  std::string_view insert = fixit->insert;
  while (!insert.empty() && insert.back() == ' ')
    insert.remove_suffix(1);
  out << indent(at) << (color ? "\x1b[32m" : "") << insert << (color ? "\x1b[0m" : "") << '\n';
}

}  // namespace

std::string_view severity_name(Severity severity) {
  switch (severity) {
    case Severity::Note:
      return "note";
    case Severity::Warning:
      return "warning";
    case Severity::Error:
      return "error";
  }
  return "error";
}

const KindInfo& info(Kind kind) {
  return kKinds[static_cast<std::size_t>(kind)];
}
std::span<const KindInfo> all_kinds() {
  return kKinds;
}

std::string code(std::string_view text) {
  return "`" + std::string(text) + "`";
}

Diagnostic& Diagnostics::report(Kind kind, Loc loc, std::string message) {
  Severity severity = info(kind).severity;
  (severity == Severity::Error ? errors_ : warnings_) += 1;
  diagnostics_.push_back(Diagnostic{kind, severity, loc, std::move(message), {}, {}});
  return diagnostics_.back();
}

void Diagnostics::render_one(std::ostream& out, const Diagnostic& d, bool color) const {
  auto header = [&](const Loc& loc, Severity severity, const std::string& message,
                    std::string_view kind_name, const FixIt* fixit) {
    if (color) out << "\x1b[1m";
    if (loc.valid()) {
      out << sources_.file(loc.file).path() << ':' << loc.line << ':' << loc.col << ": ";
    }
    if (color) out << (severity == Severity::Error ? "\x1b[31m" : "\x1b[35m");
    out << severity_name(severity) << ": ";
    if (color) out << "\x1b[0m\x1b[1m";
    out << message;
    if (!kind_name.empty()) out << " [" << kind_name << ']';
    if (color) out << "\x1b[0m";
    out << '\n';
    if (loc.valid()) render_excerpt(out, sources_.file(loc.file), loc, color, fixit);
  };
  header(d.loc, d.severity, d.message, info(d.kind).name, d.fixit ? &*d.fixit : nullptr);
  for (const Note& note : d.notes)
    header(note.loc, Severity::Note, note.message, {}, nullptr);
}

std::vector<const Diagnostic*> Diagnostics::ordered() const {
  std::vector<const Diagnostic*> ordered;
  ordered.reserve(diagnostics_.size());
  for (const Diagnostic& d : diagnostics_)
    ordered.push_back(&d);
  std::stable_sort(ordered.begin(), ordered.end(), [](const Diagnostic* a, const Diagnostic* b) {
    return std::tie(a->loc.file, a->loc.offset) < std::tie(b->loc.file, b->loc.offset);
  });
  return ordered;
}

void Diagnostics::render(std::ostream& out, bool color, ShownLimits limits) const {
  std::size_t errors_shown = 0;
  std::size_t warnings_shown = 0;
  for (const Diagnostic* d : ordered()) {
    const bool error = d->severity == Severity::Error;
    std::size_t& shown = error ? errors_shown : warnings_shown;
    const std::size_t limit = error ? limits.errors : limits.warnings;
    if (limit != 0 && shown == limit) continue;
    ++shown;
    render_one(out, *d, color);
  }
  if (errors_ + warnings_ == 0) return;
  auto plural = [](std::size_t n, std::string_view word) {
    return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
  };
  const std::size_t errors_left = errors_ - errors_shown;
  const std::size_t warnings_left = warnings_ - warnings_shown;
  if (errors_left > 0 && warnings_left > 0) {
    out << plural(errors_left, "more error") << " and " << plural(warnings_left, "more warning");
  } else if (errors_left > 0) {
    out << plural(errors_left, "more error");
  } else if (warnings_left > 0) {
    out << plural(warnings_left, "more warning");
  }
  if (errors_left + warnings_left > 0) out << " not shown (" << limits.how_to_show_all << ")\n";
  if (errors_ > 0 && warnings_ > 0) {
    out << plural(errors_, "error") << " and " << plural(warnings_, "warning") << " generated\n";
  } else if (errors_ > 0) {
    out << plural(errors_, "error") << " generated\n";
  } else {
    out << plural(warnings_, "warning") << " generated\n";
  }
}

}  // namespace plumb::diag
