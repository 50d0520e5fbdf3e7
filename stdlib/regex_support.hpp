// std::regex (ECMAScript syntax) for the text.regex_* stages and quality.check: a thread-safe
// cache of compiled patterns, messages that say what is wrong with a pattern, and matching on
// a thread with a large stack. libstdc++'s matcher recurses once or more per character of a
// match (`.*` over 20,000 characters overflows an 8 MiB stack), so inputs longer than
// kInlineRegexInput bytes are matched on a thread whose stack grows with the input; inputs
// longer than kMaxRegexInput are refused.
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

namespace plumb::stdlib {

inline constexpr std::size_t kInlineRegexInput = 1024;
inline constexpr std::size_t kMaxRegexInput = std::size_t{4} << 20;

// The compiled pattern (cached); throws std::regex_error.
std::shared_ptr<const std::regex> compile_regex(std::string_view pattern);

// "invalid regex \"a[\": unmatched '['".
std::string regex_problem(std::string_view pattern, const std::regex_error& e);
// "too complex to match" for an error thrown while matching.
std::string_view describe_regex_error(std::regex_constants::error_type code);

// Runs `task` on a new thread with a stack of `stack_bytes` and waits for it; returns false
// when no such thread could be started.
bool run_with_stack(std::size_t stack_bytes, const std::function<void()>& task);

// Runs `body` (a match over `input_size` bytes) with enough stack: inline for small inputs,
// on a big-stack thread otherwise. Exceptions of `body` reach the caller. Throws
// std::length_error for inputs over kMaxRegexInput or when no thread can be started.
template <typename F>
auto with_regex_stack(std::size_t input_size, F&& body) -> std::invoke_result_t<F&> {
  if (input_size <= kInlineRegexInput) return body();
  if (input_size > kMaxRegexInput) throw std::length_error("input too long");
  std::optional<std::invoke_result_t<F&>> result;
  std::exception_ptr error;
  auto task = [&] {
    try {
      result.emplace(body());
    } catch (...) {
      error = std::current_exception();
    }
  };
  constexpr std::size_t kBytesPerChar = 1024;
  std::size_t stack = std::max<std::size_t>(std::size_t{16} << 20, input_size * kBytesPerChar);
  if (!run_with_stack(stack, task)) throw std::length_error("no thread");
  if (error) std::rethrow_exception(error);
  return std::move(*result);
}

}  // namespace plumb::stdlib
