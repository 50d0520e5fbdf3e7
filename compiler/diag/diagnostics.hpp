// Diagnostics: what the compiler tells the user about their program. Each diagnostic has a
// kind from kinds.def, a location, a lowercase message with code in backticks, and optional
// notes and fix-it. The engine collects them (all errors of a run, not just the first) and
// renders them as `file:line:col: error: message [kind]`, the source line, a caret with a `~~~`
// range, and the fix-it's text under the caret.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diag/source.hpp"

namespace plumb::diag {

enum class Kind : std::uint16_t {
#define PLUMB_DIAG(id, name, severity, summary) id,
#include "compiler/diag/kinds.def"
#undef PLUMB_DIAG
};

enum class Severity : std::uint8_t { Note, Warning, Error };

struct KindInfo {
  Kind kind;
  std::string_view name;
  Severity severity;
  std::string_view summary;
};

// `error`, `warning` or `note`, as diagnostics are printed.
std::string_view severity_name(Severity severity);
const KindInfo& info(Kind kind);
std::span<const KindInfo> all_kinds();

struct Note {
  Loc loc;
  std::string message;
};

// A suggested edit: `insert` written before the first character of `loc` (on the line of the
// diagnostic), shown under the caret.
struct FixIt {
  Loc loc;
  std::string insert;
};

struct Diagnostic {
  Kind kind;
  Severity severity;
  Loc loc;
  std::string message;
  std::vector<Note> notes;
  std::optional<FixIt> fixit;
};

// How many errors and warnings render() writes out, like a C compiler's cap (0: all of that
// severity); the rest are counted on one line, which ends with `how_to_show_all`, in the words
// of whoever set the limits. `--max-diagnostics N` caps both at N.
struct ShownLimits {
  std::size_t errors = 20;
  std::size_t warnings = 50;
  std::string how_to_show_all = "--max-diagnostics 0 shows them all";
};

class Diagnostics {
 public:
  explicit Diagnostics(const SourceManager& sources) : sources_(sources) {}

  Diagnostic& report(Kind kind, Loc loc, std::string message);
  const std::vector<Diagnostic>& all() const { return diagnostics_; }
  // Every diagnostic ordered by file and position, as render() writes them.
  std::vector<const Diagnostic*> ordered() const;
  std::size_t error_count() const { return errors_; }
  std::size_t warning_count() const { return warnings_; }
  bool has_errors() const { return errors_ > 0; }

  // Writes the diagnostics ordered by file and position, the first `limits` of each severity
  // (with their notes), a line counting those left out, then a count line when any.
  void render(std::ostream& out, bool color = false, ShownLimits limits = {}) const;
  void render_one(std::ostream& out, const Diagnostic& diagnostic, bool color = false) const;

 private:
  const SourceManager& sources_;
  std::vector<Diagnostic> diagnostics_;
  std::size_t errors_ = 0;
  std::size_t warnings_ = 0;
};

// Quotes a piece of code for a message: `name`.
std::string code(std::string_view text);

}  // namespace plumb::diag
