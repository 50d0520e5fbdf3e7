// io.list_files: the regular files of a directory whose relative path matches a glob.
// Glob syntax, per path segment: `*` (any run of characters), `?` (one character), `[abc]`,
// `[a-z]`, `[!abc]` or `[^abc]` (one character in or not in the set), `\x` (x literally).
// A segment `**` matches any number of directories (`**/*.txt`, `docs/**/*.md`); a pattern
// with `/` or `**` searches subdirectories, one without only the directory itself. As in the
// shell, a wildcard never matches a leading `.` (hidden files, and the temp files of
// unfinished writes, are listed only by a pattern that starts with `.`). Paths are returned as
// `dir/relative/path`, sorted bytewise.
#include "stdlib/arguments.hpp"
#include "stdlib/cancellation.hpp"
#include "stdlib/files.hpp"
#include "stdlib/io_support.hpp"
#include "stdlib/signature.hpp"
#include "stdlib/stdlib.hpp"

#include "base/value/unicode.hpp"

#include <algorithm>
#include <filesystem>
#include <optional>

namespace plumb::stdlib {

namespace {

namespace fs = std::filesystem;

// Code points, with invalid bytes mapped past U+10FFFF so they only match themselves.
std::u32string units(std::string_view text) {
  std::u32string out;
  for (std::size_t pos = 0; pos < text.size();) {
    unicode::Decoded d = unicode::decode(text, pos);
    out += d.valid ? d.code_point
                   : static_cast<char32_t>(0x110000 + static_cast<unsigned char>(text[pos]));
    pos += d.length;
  }
  return out;
}

// Matches a bracket expression starting at pat[p] == '['; sets `end` past its ']'.
bool match_class(const std::u32string& pat, std::size_t p, char32_t c, std::size_t& end) {
  std::size_t i = p + 1;
  bool negate = i < pat.size() && (pat[i] == U'!' || pat[i] == U'^');
  if (negate) ++i;
  bool found = false;
  bool first = true;
  while (i < pat.size() && (first || pat[i] != U']')) {
    first = false;
    char32_t lo = pat[i] == U'\\' && i + 1 < pat.size() ? pat[++i] : pat[i];
    char32_t hi = lo;
    if (i + 2 < pat.size() && pat[i + 1] == U'-' && pat[i + 2] != U']') {
      hi = pat[i + 2];
      i += 2;
    }
    found = found || (lo <= c && c <= hi);
    ++i;
  }
  end = i + 1;
  return found != negate;
}

// One segment against one name, with backtracking over the last `*`.
bool match_segment(const std::u32string& pat, const std::u32string& name) {
  if (!name.empty() && name[0] == U'.' && (pat.empty() || pat[0] != U'.')) return false;
  std::size_t p = 0, n = 0;
  std::size_t star = std::u32string::npos, star_n = 0;
  while (n < name.size()) {
    if (p < pat.size() && pat[p] == U'*') {
      star = ++p;
      star_n = n;
      continue;
    }
    if (p < pat.size()) {
      std::size_t next = p + 1;
      bool ok = false;
      if (pat[p] == U'?') {
        ok = true;
      } else if (pat[p] == U'[') {
        ok = match_class(pat, p, name[n], next);
      } else if (pat[p] == U'\\' && p + 1 < pat.size()) {
        ok = pat[p + 1] == name[n];
        next = p + 2;
      } else {
        ok = pat[p] == name[n];
      }
      if (ok) {
        p = next;
        ++n;
        continue;
      }
    }
    if (star == std::u32string::npos) return false;
    p = star;
    n = ++star_n;
  }
  while (p < pat.size() && pat[p] == U'*')
    ++p;
  return p == pat.size();
}

// Matches path segments against pattern segments as an automaton over the pattern positions
// (a `**` stays where it is while it takes a segment), so time grows with the product of their
// lengths, never exponentially with the number of `**`.
bool match_path(const std::vector<std::u32string>& pat, const std::vector<std::u32string>& name) {
  const std::size_t end = pat.size();
  std::vector<bool> at(end + 1, false);
  auto close_over_stars = [&](std::vector<bool>& states) {
    for (std::size_t i = 0; i < end; ++i) {
      if (states[i] && pat[i] == U"**") states[i + 1] = true;
    }
  };
  at[0] = true;
  close_over_stars(at);
  std::vector<bool> next(end + 1);
  for (const std::u32string& segment : name) {
    std::fill(next.begin(), next.end(), false);
    bool hidden = !segment.empty() && segment[0] == U'.';
    for (std::size_t i = 0; i < end; ++i) {
      if (!at[i]) continue;
      if (pat[i] == U"**") {
        if (!hidden) next[i] = true;  // `**` never enters hidden directories
      } else if (match_segment(pat[i], segment)) {
        next[i + 1] = true;
      }
    }
    close_over_stars(next);
    at.swap(next);
  }
  return at[end];
}

std::vector<std::u32string> segments(std::string_view path) {
  std::vector<std::u32string> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t end = path.find('/', start);
    out.push_back(units(path.substr(start, end - start)));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

std::optional<std::string> glob_problem(std::string_view glob) {
  if (glob.empty()) return "must not be empty";
  if (glob.front() == '/') return "must be relative to `dir`";
  std::u32string pat = units(glob);
  for (std::size_t i = 0; i < pat.size(); ++i) {
    if (pat[i] == U'\\') {
      ++i;
    } else if (pat[i] == U'[') {
      std::size_t end = 0;
      match_class(pat, i, 0, end);
      if (end > pat.size()) return "has an unterminated '['";
      i = end - 1;
    }
  }
  return std::nullopt;
}

void check_glob(const StageContext& ctx, const Value& glob) {
  if (!glob.is_str()) return;
  if (auto problem = glob_problem(glob.as_str())) {
    ctx.fail("argument `glob`: " + quote(glob.as_str()) + " " + *problem);
  }
}

Value run_list_files(StageContext& ctx) {
  std::string dir(ctx.str_arg("dir"));
  std::string glob(ctx.str_arg("glob"));
  check_glob(ctx, ctx.arg("glob"));
  std::error_code ec;
  fs::file_status status = fs::status(dir, ec);
  if (!fs::exists(status)) ctx.fail("cannot list " + quote(dir) + ": no such directory");
  if (!fs::is_directory(status)) ctx.fail("cannot list " + quote(dir) + ": not a directory");

  std::vector<std::u32string> pattern = segments(glob);
  bool recursive = glob.find('/') != std::string::npos ||
                   std::find(pattern.begin(), pattern.end(), U"**") != pattern.end();
  std::vector<std::string> found;
  auto consider = [&](const fs::directory_entry& entry) {
    std::error_code type_error;
    if (!entry.is_regular_file(type_error)) return;
    std::string relative = entry.path().lexically_relative(dir).generic_string();
    if (match_path(pattern, segments(relative))) found.push_back(relative);
  };
  CancellationCheck cancellation(ctx, 256);
  if (recursive) {
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      cancellation.tick();
      consider(*it);
    }
  } else {
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      cancellation.tick();
      consider(*it);
    }
  }
  if (ec) ctx.fail("cannot list " + quote(dir) + ": " + describe_errno(ec.value()));
  std::sort(found.begin(), found.end());
  std::string prefix = dir.ends_with('/') ? dir : dir + "/";
  std::vector<Value> out;
  out.reserve(found.size());
  for (const std::string& relative : found)
    out.push_back(Value::string(prefix + relative));
  ctx.items(0, static_cast<std::int64_t>(out.size()));
  return Value::list(std::move(out));
}

}  // namespace

void register_io_list(StageRegistry& registry) {
  registry.add(make_stage(
      "io.list_files",
      {required("dir", Type::string(), "directory to search"),
       optional("glob", Type::string(), Value::string("*"),
                "pattern for the relative path: * ? [a-z] [!a], ** for any directories")},
      Type::list(Type::string()), Purity::Volatile,
      "regular files under dir matching the glob, as dir/path, sorted; wildcards skip hidden "
      "files",
      run_list_files, constant_checks("io.list_files", {{"glob", check_glob}})));
}

}  // namespace plumb::stdlib
