// Typed access to the items of a stage's list arguments, with the messages a stage fails
// with when an item has the wrong type or lacks a field, and the quoting of paths, patterns
// and names in such messages.
#pragma once

#include <plumb/stage.hpp>

#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace plumb::stdlib {

// `"text"`: paths, patterns and names in messages.
std::string quote(std::string_view text);

// Item `index` of list argument `arg` as a str; fails with
// "argument `texts`: item 2 must be a str, not int".
std::string_view str_item(const StageContext& ctx, std::string_view arg,
                          std::span<const Value> list, std::size_t index);
// Item `index` of list argument `arg` as a record ("argument `rows`: row 2 must be a
// record, not int").
const Value& record_item(const StageContext& ctx, std::string_view arg, std::span<const Value> list,
                         std::size_t index);

// Field `key` of row `index` of list argument `arg` ("argument `rows`: row 2 has no field
// \"label\"").
const Value& row_field(const StageContext& ctx, std::string_view arg, std::span<const Value> list,
                       std::size_t index, std::string_view key);

// A record from key/value pairs in order.
Value make_record(std::initializer_list<std::pair<std::string_view, Value>> fields);

}  // namespace plumb::stdlib
