// Myers' greedy shortest edit script over lines, then hunks with three lines of context.
#include "tools/plumb/unified_diff.hpp"

#include <algorithm>
#include <vector>

namespace plumb::cli {
namespace {

constexpr long kContext = 3;

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size() - 1;
    lines.push_back(text.substr(start, end - start + 1));
    start = end + 1;
  }
  return lines;
}

// One line of the edit script: ' ' kept, '-' removed from a, '+' added from b.
struct Edit {
  char op;
  long line;  // index in a (kept, removed) or b (added)
};

// Beyond this many differing lines the script is not minimal: the lines between the common
// head and tail are all removed then all added (memory grows with its square otherwise).
constexpr long kMaxEdits = 2000;

void append_replacement(std::vector<Edit>& edits, long a_begin, long a_end, long b_begin,
                        long b_end) {
  for (long i = a_begin; i < a_end; ++i)
    edits.push_back({'-', i});
  for (long i = b_begin; i < b_end; ++i)
    edits.push_back({'+', i});
}

// Appends the shortest edit script turning a[a0, a1) into b[b0, b1); false, with nothing
// appended, when it is longer than kMaxEdits.
bool myers(const std::vector<std::string_view>& a, long a0, long a1,
           const std::vector<std::string_view>& b, long b0, long b1, std::vector<Edit>& edits) {
  const long n = a1 - a0, m = b1 - b0;
  const long limit = std::min(n + m, kMaxEdits);
  std::vector<long> v(static_cast<std::size_t>(2 * limit + 3), 0);
  const long offset = limit + 1;
  std::vector<std::vector<long>> trace;  // v before step d, for k in [-d, d]
  long d_end = -1;
  for (long d = 0; d <= limit && d_end < 0; ++d) {
    trace.emplace_back(v.begin() + offset - d, v.begin() + offset + d + 1);
    for (long k = -d; k <= d; k += 2) {
      long x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                   ? v[offset + k + 1]
                   : v[offset + k - 1] + 1;
      long y = x - k;
      while (x < n && y < m && a[a0 + x] == b[b0 + y]) {
        ++x;
        ++y;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        d_end = d;
        break;
      }
    }
  }
  if (d_end < 0) return false;
  std::vector<Edit> reversed;
  long x = n, y = m;
  for (long d = d_end; d > 0; --d) {
    const std::vector<long>& before = trace[d];
    auto at = [&](long k) { return before[static_cast<std::size_t>(k + d)]; };
    const long k = x - y;
    const long previous_k = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1;
    const long previous_x = at(previous_k);
    const long previous_y = previous_x - previous_k;
    while (x > previous_x && y > previous_y) {
      --x;
      --y;
      reversed.push_back({' ', a0 + x});
    }
    if (x == previous_x) {
      --y;
      reversed.push_back({'+', b0 + y});
    } else {
      --x;
      reversed.push_back({'-', a0 + x});
    }
  }
  while (x > 0 && y > 0) {
    --x;
    --y;
    reversed.push_back({' ', a0 + x});
  }
  edits.insert(edits.end(), reversed.rbegin(), reversed.rend());
  return true;
}

std::vector<Edit> edit_script(const std::vector<std::string_view>& a,
                              const std::vector<std::string_view>& b) {
  long head = 0, a_end = static_cast<long>(a.size()), b_end = static_cast<long>(b.size());
  while (head < a_end && head < b_end && a[head] == b[head])
    ++head;
  long tail = 0;
  while (a_end - tail > head && b_end - tail > head && a[a_end - tail - 1] == b[b_end - tail - 1])
    ++tail;
  std::vector<Edit> edits;
  for (long i = 0; i < head; ++i)
    edits.push_back({' ', i});
  if (!myers(a, head, a_end - tail, b, head, b_end - tail, edits)) {
    append_replacement(edits, head, a_end - tail, head, b_end - tail);
  }
  for (long i = a_end - tail; i < a_end; ++i)
    edits.push_back({' ', i});
  return edits;
}

}  // namespace

std::string unified_diff(std::string_view old_text, std::string_view new_text,
                         const std::string& old_name, const std::string& new_name) {
  if (old_text == new_text) return "";
  auto a = split_lines(old_text), b = split_lines(new_text);
  std::vector<Edit> edits = edit_script(a, b);
  auto line_of = [&](const Edit& e) {
    std::string_view text = e.op == '+' ? b[e.line] : a[e.line];
    std::string out(1, e.op);
    out += text;
    if (out.back() != '\n') out += "\n\\ No newline at end of file\n";
    return out;
  };
  std::string out = "--- " + old_name + "\n+++ " + new_name + "\n";
  // Position in a and b before each edit.
  std::vector<long> pos_a(edits.size() + 1), pos_b(edits.size() + 1);
  for (std::size_t i = 0; i < edits.size(); ++i) {
    pos_a[i + 1] = pos_a[i] + (edits[i].op != '+');
    pos_b[i + 1] = pos_b[i] + (edits[i].op != '-');
  }
  const long count = static_cast<long>(edits.size());
  long i = 0;
  while (i < count) {
    if (edits[i].op == ' ') {
      ++i;
      continue;
    }
    long begin = std::max(0L, i - kContext);
    long end = i;
    // Extend the hunk while the next change is within twice the context.
    while (end < count) {
      if (edits[end].op != ' ') {
        ++end;
        continue;
      }
      long next = end;
      while (next < count && edits[next].op == ' ')
        ++next;
      if (next == count || next - end > 2 * kContext) {
        end = std::min(count, end + kContext);
        break;
      }
      end = next;
    }
    long old_count = pos_a[end] - pos_a[begin], new_count = pos_b[end] - pos_b[begin];
    out += "@@ -" + std::to_string(pos_a[begin] + (old_count ? 1 : 0)) + "," +
           std::to_string(old_count) + " +" + std::to_string(pos_b[begin] + (new_count ? 1 : 0)) +
           "," + std::to_string(new_count) + " @@\n";
    for (long e = begin; e < end; ++e)
      out += line_of(edits[e]);
    i = end;
  }
  return out;
}

}  // namespace plumb::cli
