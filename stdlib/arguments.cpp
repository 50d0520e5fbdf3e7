// Typed list items and quoting for stage messages (arguments.hpp).
#include "stdlib/arguments.hpp"

namespace plumb::stdlib {

std::string quote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  out += text;
  out += '"';
  return out;
}

std::string_view str_item(const StageContext& ctx, std::string_view arg,
                          std::span<const Value> list, std::size_t index) {
  const Value& item = list[index];
  if (!item.is_str()) {
    ctx.fail("argument `" + std::string(arg) + "`: item " + std::to_string(index) +
             " must be a str, not " + std::string(type_name(item)));
  }
  return item.as_str();
}

const Value& record_item(const StageContext& ctx, std::string_view arg, std::span<const Value> list,
                         std::size_t index) {
  const Value& item = list[index];
  if (!item.is_record()) {
    ctx.fail("argument `" + std::string(arg) + "`: row " + std::to_string(index) +
             " must be a record, not " + std::string(type_name(item)));
  }
  return item;
}

const Value& row_field(const StageContext& ctx, std::string_view arg, std::span<const Value> list,
                       std::size_t index, std::string_view key) {
  const Value* field = record_item(ctx, arg, list, index).find_field(key);
  if (!field) {
    ctx.fail("argument `" + std::string(arg) + "`: row " + std::to_string(index) +
             " has no field " + quote(key));
  }
  return *field;
}

Value make_record(std::initializer_list<std::pair<std::string_view, Value>> fields) {
  return Value::record(
      std::span<const std::pair<std::string_view, Value>>(fields.begin(), fields.size()));
}

}  // namespace plumb::stdlib
