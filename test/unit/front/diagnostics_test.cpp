// The diagnostics renderer: `file:line:col: severity: message [kind]`, the source line, a caret
// with `~` over the rest of the range, notes, ordering by position, the count line, tabs, long
// lines and multi-byte characters.
#include <gtest/gtest.h>

#include <sstream>

#include "compiler/diag/diagnostics.hpp"

namespace plumb::diag {
namespace {

std::string render(const Diagnostics& diags) {
  std::ostringstream out;
  diags.render(out);
  return out.str();
}

TEST(Diagnostics, EveryKindHasANameSeverityAndSummary) {
  ASSERT_GT(all_kinds().size(), 40u);
  for (const KindInfo& k : all_kinds()) {
    EXPECT_EQ(&info(k.kind), &k);
    EXPECT_FALSE(k.name.empty());
    EXPECT_FALSE(k.summary.empty());
    // Names are lowercase words joined by `-`; summaries are lowercase without a final period.
    for (char c : k.name)
      EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '-' || c == '8') << k.name;
    EXPECT_FALSE(k.summary.ends_with('.')) << k.summary;
    EXPECT_FALSE(k.summary[0] >= 'A' && k.summary[0] <= 'Z') << k.summary;
  }
  EXPECT_EQ(info(Kind::UnusedBinding).severity, Severity::Warning);
  EXPECT_EQ(info(Kind::Syntax).severity, Severity::Error);
}

TEST(Diagnostics, CaretAndRange) {
  SourceManager sources;
  const SourceFile* f = sources.add("a.pipe", "pipeline main() {\n  x = foo + 1\n}\n");
  Diagnostics diags(sources);
  diags.report(Kind::UndefinedName, f->loc(24, 3), "undefined name `foo`");
  EXPECT_EQ(render(diags),
            "a.pipe:2:7: error: undefined name `foo` [undefined-name]\n"
            "  x = foo + 1\n"
            "      ^~~\n"
            "1 error generated\n");
}

TEST(Diagnostics, NotesOrderingAndCounts) {
  SourceManager sources;
  const SourceFile* f = sources.add("b.pipe", "one\ntwo\nthree\n");
  Diagnostics diags(sources);
  diags.report(Kind::UnusedBinding, f->loc(8, 5), "later warning");
  auto& d = diags.report(Kind::Rebinding, f->loc(4, 3), "earlier error");
  d.notes.push_back({f->loc(0, 3), "first bound here"});
  EXPECT_EQ(render(diags),
            "b.pipe:2:1: error: earlier error [rebinding]\n"
            "two\n"
            "^~~\n"
            "b.pipe:1:1: note: first bound here\n"
            "one\n"
            "^~~\n"
            "b.pipe:3:1: warning: later warning [unused-binding]\n"
            "three\n"
            "^~~~~\n"
            "1 error and 1 warning generated\n");
  EXPECT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(diags.warning_count(), 1u);
}

TEST(Diagnostics, TabsAndMultiByteCharactersKeepTheCaretAligned) {
  SourceManager sources;
  const SourceFile* f = sources.add("c.pipe", "\ts = \"é→\" + y\n");
  Diagnostics diags(sources);
  // `y` is at byte 15: a tab, `s = "`, two characters of 2 and 3 bytes, `" + `.
  diags.report(Kind::UndefinedName, f->loc(15, 1), "undefined name `y`");
  std::string text = render(diags);
  EXPECT_NE(text.find("c.pipe:1:13: error"), std::string::npos) << text;
  // The tab is copied so the caret lines up whatever the tab width; then one space per
  // character, not per byte.
  EXPECT_NE(text.find("\n\t           ^\n"), std::string::npos) << text;
}

TEST(Diagnostics, RangePastTheEndOfTheLineStopsThere) {
  SourceManager sources;
  const SourceFile* f = sources.add("d.pipe", "ab\ncd\n");
  Diagnostics diags(sources);
  diags.report(Kind::Syntax, f->loc(1, 10), "long range");
  EXPECT_NE(render(diags).find("ab\n ^\n"), std::string::npos) << render(diags);
}

TEST(Diagnostics, LongLinesShowAWindowAroundTheCaret) {
  SourceManager sources;
  std::string line = std::string(5000, 'a') + "X" + std::string(5000, 'b');
  const SourceFile* f = sources.add("e.pipe", line + "\n");
  Diagnostics diags(sources);
  diags.report(Kind::Syntax, f->loc(5000, 1), "here");
  std::string text = render(diags);
  EXPECT_LT(text.size(), 500u);
  EXPECT_NE(text.find("e.pipe:1:5001: error: here [syntax]\n..."), std::string::npos);
  // The caret sits under the X.
  std::istringstream lines(text);
  std::string header, excerpt, caret;
  std::getline(lines, header);
  std::getline(lines, excerpt);
  std::getline(lines, caret);
  ASSERT_EQ(caret.back(), '^');
  EXPECT_EQ(excerpt[caret.size() - 1], 'X');
}

TEST(Diagnostics, FixItGoesUnderTheCaret) {
  SourceManager sources;
  const SourceFile* f = sources.add("g.pipe", "\tys = map x in xs { x * 2 }\n");
  Diagnostics diags(sources);
  Loc value = f->loc(19, 5);
  diags.report(Kind::MissingYield, value, "dropped").fixit = FixIt{value, "yield "};
  // The tab is kept, and the inserted text loses its trailing blank.
  EXPECT_EQ(render(diags),
            "g.pipe:1:20: error: dropped [missing-yield]\n"
            "\tys = map x in xs { x * 2 }\n"
            "\t                  ^~~~~\n"
            "\t                  yield\n"
            "1 error generated\n");
}

TEST(Diagnostics, FixItOnAnotherLineIsNotShown) {
  SourceManager sources;
  const SourceFile* f = sources.add("h.pipe", "a\nb\n");
  Diagnostics diags(sources);
  diags.report(Kind::Syntax, f->loc(0, 1), "here").fixit = FixIt{f->loc(2, 1), "x"};
  EXPECT_EQ(render(diags), "h.pipe:1:1: error: here [syntax]\na\n^\n1 error generated\n");
}

TEST(Diagnostics, CodeQuotesWithBackticks) {
  EXPECT_EQ(code("x + 1"), "`x + 1`");
}

TEST(Diagnostics, NothingRenderedWhenClean) {
  SourceManager sources;
  Diagnostics diags(sources);
  EXPECT_EQ(render(diags), "");
  EXPECT_FALSE(diags.has_errors());
}

}  // namespace
}  // namespace plumb::diag
