// Compiled-pattern cache, pattern error messages and big-stack threads for std::regex.
#include "stdlib/regex_support.hpp"

#include "stdlib/support.hpp"

#include <pthread.h>

#include <mutex>
#include <unordered_map>

namespace plumb::stdlib {

namespace {

// libstdc++ reports both unbalanced parentheses and a quantifier with nothing to repeat as
// error_paren; this tells them apart.
bool parentheses_balanced(std::string_view pattern) {
  int depth = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\') {
      ++i;
    } else if (c == '[') {
      std::size_t j = i + 1;
      if (j < pattern.size() && pattern[j] == '^') ++j;
      if (j < pattern.size() && pattern[j] == ']') ++j;
      while (j < pattern.size() && pattern[j] != ']')
        j += pattern[j] == '\\' ? 2 : 1;
      i = j;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth < 0) {
      return false;
    }
  }
  return depth == 0;
}

void* run_task(void* task) {
  (*static_cast<const std::function<void()>*>(task))();
  return nullptr;
}

}  // namespace

std::string_view describe_regex_error(std::regex_constants::error_type code) {
  namespace rc = std::regex_constants;
  switch (code) {
    case rc::error_collate:
    case rc::error_ctype:
      return "invalid character class or collating element";
    case rc::error_escape:
      return "invalid escape or trailing backslash";
    case rc::error_backref:
      return "invalid back reference";
    case rc::error_brack:
      return "unmatched '['";
    case rc::error_paren:
      return "unmatched '(' or ')'";
    case rc::error_brace:
      return "unmatched '{'";
    case rc::error_badbrace:
      return "invalid repetition count in '{}'";
    case rc::error_range:
      return "invalid character range";
    case rc::error_space:
      return "not enough memory";
    case rc::error_badrepeat:
      return "'*', '+', '?' or '{' with nothing to repeat";
    case rc::error_complexity:
    case rc::error_stack:
      return "too complex to match";
    default:
      return "invalid pattern";
  }
}

std::string regex_problem(std::string_view pattern, const std::regex_error& e) {
  auto code = e.code();
  if (code == std::regex_constants::error_paren && parentheses_balanced(pattern)) {
    code = std::regex_constants::error_badrepeat;
  }
  return "invalid regex " + quote(pattern) + ": " + std::string(describe_regex_error(code));
}

std::shared_ptr<const std::regex> compile_regex(std::string_view pattern) {
  constexpr std::size_t kMaxCached = 256;
  static std::mutex mutex;
  static std::unordered_map<std::string, std::shared_ptr<const std::regex>> cache;
  std::string key(pattern);
  {
    std::lock_guard guard(mutex);
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
  }
  auto re = std::make_shared<const std::regex>(key, std::regex::ECMAScript);
  std::lock_guard guard(mutex);
  if (cache.size() >= kMaxCached) cache.clear();
  cache.emplace(std::move(key), re);
  return re;
}

bool run_with_stack(std::size_t stack_bytes, const std::function<void()>& task) {
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0) return false;
  pthread_t thread;
  bool started =
      pthread_attr_setstacksize(&attr, stack_bytes) == 0 &&
      pthread_create(&thread, &attr, run_task, const_cast<std::function<void()>*>(&task)) == 0;
  pthread_attr_destroy(&attr);
  if (started) pthread_join(thread, nullptr);
  return started;
}

}  // namespace plumb::stdlib
