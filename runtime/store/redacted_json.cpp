// Writes values as JSON like plumb::to_json, with secret keys' values replaced.
#include "runtime/store/redacted_json.hpp"

#include <vector>

#include <plumb/json.hpp>

namespace plumb::store {

namespace {

// Without recursion: a value may be nested as deep as memory allows.
void append(std::string& out, const Value& root, const Redactor& redactor) {
  struct Open {
    const Value* value;
    std::size_t next;
  };
  std::vector<Open> stack;
  auto write = [&](const Value& value) {
    if (value.is_list()) {
      out += '[';
      stack.push_back({&value, 0});
    } else if (value.is_record()) {
      out += '{';
      stack.push_back({&value, 0});
    } else {
      append_json(out, value);
    }
  };
  write(root);
  while (!stack.empty()) {
    const Value& value = *stack.back().value;
    const std::size_t i = stack.back().next++;
    if (value.is_list()) {
      const auto& items = value.as_list();
      if (i == items.size()) {
        out += ']';
        stack.pop_back();
        continue;
      }
      if (i > 0) out += ", ";
      write(items[i]);
      continue;
    }
    const ShapeView shape = value.shape();
    if (i == shape.size()) {
      out += '}';
      stack.pop_back();
      continue;
    }
    if (i > 0) out += ", ";
    append_json_string(out, shape.key(i));
    out += ": ";
    if (redactor.secret(shape.key(i))) {
      append_json_string(out, kRedacted);
    } else {
      write(value.field_values()[i]);
    }
  }
}

}  // namespace

std::string redacted_json(const Value& value, const Redactor& redactor) {
  std::string out;
  append(out, value, redactor);
  return out;
}

std::string redacted_json(const Fields& fields, const Redactor& redactor) {
  std::string out = "{";
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ", ";
    append_json_string(out, fields[i].first);
    out += ": ";
    if (redactor.secret(fields[i].first)) {
      append_json_string(out, kRedacted);
    } else {
      append(out, fields[i].second, redactor);
    }
  }
  return out + "}";
}

}  // namespace plumb::store
