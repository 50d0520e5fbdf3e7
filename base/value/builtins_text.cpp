// String built-ins: starts_with, ends_with, lower, upper, trim, split, join, replace and
// shell_quote.
// Case mapping and white space follow unicode.hpp; everything else works on bytes.
#include <algorithm>
#include <string>
#include <vector>

#include "base/value/builtins_impl.hpp"
#include "base/value/ops.hpp"
#include "base/value/unicode.hpp"

namespace plumb::builtins::impl {
namespace {

// The type rule of a function whose arguments are all strings.
Inferred infer_strings(Types args, TypeProblem& problem, std::string_view function, Type result) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (!may_be(args[i], TypeKind::Str)) {
      return impl::problem(problem, function, i, "a `str`", args[i]);
    }
  }
  return result;
}

Value split_on_space(std::string_view text) {
  std::vector<Value> parts;
  std::size_t start = std::string_view::npos;
  std::size_t pos = 0;
  while (pos < text.size()) {
    unicode::Decoded unit = unicode::decode(text, pos);
    bool space = unit.valid && unicode::is_space(unit.code_point);
    if (space && start != std::string_view::npos) {
      parts.push_back(Value::string(text.substr(start, pos - start)));
      start = std::string_view::npos;
    } else if (!space && start == std::string_view::npos) {
      start = pos;
    }
    pos += unit.length;
  }
  if (start != std::string_view::npos) parts.push_back(Value::string(text.substr(start)));
  return Value::list(std::move(parts));
}

Value split_on(std::string_view text, std::string_view separator) {
  if (separator.empty()) value_error("`split` separator must not be empty");
  std::vector<Value> parts;
  std::size_t start = 0;
  for (std::size_t at = text.find(separator); at != std::string_view::npos;
       at = text.find(separator, start)) {
    parts.push_back(Value::string(text.substr(start, at - start)));
    start = at + separator.size();
  }
  parts.push_back(Value::string(text.substr(start)));
  return Value::list(std::move(parts));
}

}  // namespace

Value call_starts_with(Args args) {
  std::string_view s = str_arg(args, 0, "starts_with");
  return Value::boolean(s.starts_with(str_arg(args, 1, "starts_with")));
}

Inferred infer_starts_with(Types args, TypeProblem& problem) {
  return infer_strings(args, problem, "starts_with", Type::boolean());
}

Value call_ends_with(Args args) {
  std::string_view s = str_arg(args, 0, "ends_with");
  return Value::boolean(s.ends_with(str_arg(args, 1, "ends_with")));
}

Inferred infer_ends_with(Types args, TypeProblem& problem) {
  return infer_strings(args, problem, "ends_with", Type::boolean());
}

Value call_lower(Args args) {
  return Value::string(unicode::lower(str_arg(args, 0, "lower")));
}

Inferred infer_lower(Types args, TypeProblem& problem) {
  return infer_strings(args, problem, "lower", Type::string());
}

Value call_upper(Args args) {
  return Value::string(unicode::upper(str_arg(args, 0, "upper")));
}

Inferred infer_upper(Types args, TypeProblem& problem) {
  return infer_strings(args, problem, "upper", Type::string());
}

Value call_trim(Args args) {
  std::string_view s = str_arg(args, 0, "trim");
  std::string_view trimmed = unicode::trim(s);
  return trimmed.size() == s.size() ? args[0] : Value::string(trimmed);
}

Inferred infer_trim(Types args, TypeProblem& problem) {
  return infer_strings(args, problem, "trim", Type::string());
}

Value call_split(Args args) {
  std::string_view s = str_arg(args, 0, "split");
  return args.size() == 1 ? split_on_space(s) : split_on(s, str_arg(args, 1, "split"));
}

Inferred infer_split(Types args, TypeProblem& problem) {
  return infer_strings(args, problem, "split", Type::list(Type::string()));
}

Value call_join(Args args) {
  std::span<const Value> items = list_arg(args, 0, "join");
  std::string_view separator = args.size() == 2 ? str_arg(args, 1, "join") : "";
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += separator;
    if (items[i].is_str()) {
      out += items[i].as_str();
    } else {
      out += ops::to_text(items[i]);
    }
  }
  return Value::string(out);
}

Inferred infer_join(Types args, TypeProblem& problem) {
  if (!may_be(args[0], TypeKind::List)) {
    return impl::problem(problem, "join", 0, "a `list`", args[0]);
  }
  if (args.size() == 2 && !may_be(args[1], TypeKind::Str)) {
    return impl::problem(problem, "join", 1, "a `str`", args[1]);
  }
  return Type::string();
}

Value call_replace(Args args) {
  std::string_view s = str_arg(args, 0, "replace");
  std::string_view old = str_arg(args, 1, "replace");
  std::string_view replacement = str_arg(args, 2, "replace");
  if (old.empty()) value_error("`replace` needs a non-empty string to replace");
  std::size_t at = s.find(old);
  if (at == std::string_view::npos) return args[0];
  std::string out;
  std::size_t start = 0;
  for (; at != std::string_view::npos; at = s.find(old, start)) {
    out.append(s, start, at - start);
    out += replacement;
    start = at + old.size();
  }
  out.append(s, start);
  return Value::string(out);
}

Inferred infer_replace(Types args, TypeProblem& problem) {
  return infer_strings(args, problem, "replace", Type::string());
}

Value call_shell_quote(Args args) {
  return Value::string(shell_quote(str_arg(args, 0, "shell_quote")));
}

Inferred infer_shell_quote(Types args, TypeProblem& problem) {
  return infer_strings(args, problem, "shell_quote", Type::string());
}

}  // namespace plumb::builtins::impl

namespace plumb::builtins {

std::string shell_quote(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) {
    impl::value_error(
        "`shell_quote`: the string contains a NUL character, which no shell "
        "argument can hold");
  }
  auto plain = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("_@%+=:,./-").find(c) != std::string_view::npos;
  };
  if (!text.empty() && std::all_of(text.begin(), text.end(), plain)) return std::string(text);
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

}  // namespace plumb::builtins
