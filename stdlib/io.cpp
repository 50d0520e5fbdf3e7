// io.* stages for text, lines and JSON: reading whole files and writing them atomically
// (files.hpp). CSV lives in io_csv.cpp and io.list_files in io_list.cpp.
// Span attributes: items in/out count the list items a stage consumed and produced (a reader
// consumes none, a writer produces none); bytes read/written count file bytes.
#include "stdlib/arguments.hpp"
#include "stdlib/cancellation.hpp"
#include "stdlib/files.hpp"
#include "stdlib/io_support.hpp"
#include "stdlib/signature.hpp"
#include "stdlib/stdlib.hpp"

#include <plumb/json.hpp>

namespace plumb::stdlib {

std::string_view strip_bom(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  return text;
}

namespace {

// The lines of `text` without their "\n" or "\r\n"; a final line terminator does not start
// another line.
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

Value run_read_text(StageContext& ctx) {
  std::string path(ctx.str_arg("path"));
  std::string data = read_file(ctx, path);
  ctx.bytes(static_cast<std::int64_t>(data.size()), 0);
  return Value::string(data);
}

Value run_read_lines(StageContext& ctx) {
  std::string path(ctx.str_arg("path"));
  std::string data = read_file(ctx, path);
  std::vector<Value> out;
  CancellationCheck cancellation(ctx, 65536);
  for (std::string_view line : split_lines(data)) {
    cancellation.tick();
    out.push_back(Value::string(line));
  }
  ctx.bytes(static_cast<std::int64_t>(data.size()), 0);
  ctx.items(0, static_cast<std::int64_t>(out.size()));
  return Value::list(std::move(out));
}

Value run_read_json(StageContext& ctx) {
  std::string path(ctx.str_arg("path"));
  std::string data = read_file(ctx, path);
  ctx.bytes(static_cast<std::int64_t>(data.size()), 0);
  try {
    return parse_json(strip_bom(data), cancellation_callback(ctx));
  } catch (const JsonError& e) {
    ctx.fail("line " + std::to_string(e.line()) + ", column " + std::to_string(e.column()) +
             " of " + quote(path) + ": " + e.what());
  }
}

Value run_read_jsonl(StageContext& ctx) {
  std::string path(ctx.str_arg("path"));
  std::string data = read_file(ctx, path);
  ctx.bytes(static_cast<std::int64_t>(data.size()), 0);
  std::vector<Value> out;
  std::size_t number = 0;
  CancellationCheck cancellation(ctx);
  for (std::string_view line : split_lines(strip_bom(data))) {
    cancellation.tick();
    ++number;
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    Value row;
    try {
      row = parse_json(line);
    } catch (const JsonError& e) {
      ctx.fail("line " + std::to_string(number) + " of " + quote(path) + ": " + e.what());
    }
    if (!row.is_record()) {
      ctx.fail("line " + std::to_string(number) + " of " + quote(path) +
               ": expected a JSON object, not " + std::string(type_name(row)));
    }
    out.push_back(std::move(row));
  }
  ctx.items(0, static_cast<std::int64_t>(out.size()));
  return Value::list(std::move(out));
}

// The text of a value as write_text and write_lines store it: strings as they are, other
// values as JSON.
void append_text(std::string& out, const Value& value, const JsonOptions& json) {
  if (value.is_str()) {
    out += value.as_str();
  } else {
    append_json(out, value, json);
  }
}

Value finish_write(StageContext& ctx, const std::string& path, std::string_view data,
                   std::int64_t items) {
  std::int64_t written = write_file_atomic(ctx, path, data);
  ctx.bytes(0, written);
  if (items >= 0) ctx.items(items, 0);
  return Value::integer(written);
}

Value run_write_text(StageContext& ctx) {
  std::string path(ctx.str_arg("path"));
  std::string data;
  append_text(data, ctx.arg("value"), cancellable_json(ctx));
  return finish_write(ctx, path, data, -1);
}

// Writes the items of `value` one per line, each as `append` writes it; returns the item count.
Value write_per_line(StageContext& ctx,
                     void (*append)(std::string&, const Value&, const JsonOptions&)) {
  std::string path(ctx.str_arg("path"));
  std::span<const Value> items = ctx.list_arg("value");
  std::string data;
  JsonOptions json = cancellable_json(ctx);
  CancellationCheck cancellation(ctx);
  for (const Value& item : items) {
    cancellation.tick();
    append(data, item, json);
    data += '\n';
  }
  return finish_write(ctx, path, data, static_cast<std::int64_t>(items.size()));
}

Value run_write_lines(StageContext& ctx) {
  return write_per_line(ctx, append_text);
}

Value run_write_json(StageContext& ctx) {
  std::string path(ctx.str_arg("path"));
  std::string data = to_json(ctx.arg("value"), cancellable_json(ctx, 2));
  data += '\n';
  return finish_write(ctx, path, data, -1);
}

Value run_write_jsonl(StageContext& ctx) {
  return write_per_line(ctx, append_json);
}

}  // namespace

Param path_param(std::string doc) {
  return required("path", Type::string(), std::move(doc));
}

void register_io(StageRegistry& registry) {
  registry.add(make_stage("io.read_text", {path_param("file to read")}, Type::string(),
                          Purity::Volatile, "the whole file as a str", run_read_text));
  registry.add(make_stage("io.read_lines", {path_param("file to read")}, Type::list(Type::string()),
                          Purity::Volatile, "the lines of a file, without \\n or \\r\\n",
                          run_read_lines));
  registry.add(make_stage("io.read_json", {path_param("file to read")}, Type::any(),
                          Purity::Volatile, "a JSON document", run_read_json));
  registry.add(make_stage("io.read_jsonl", {path_param("file to read")}, Type::list(Type::record()),
                          Purity::Volatile, "one JSON object per line (blank lines skipped)",
                          run_read_jsonl));
  auto writer = [&](std::string name, Type value_type, std::string summary, StageFunction run) {
    registry.add(make_stage(std::move(name),
                            {path_param("file to replace (parent directories are created)"),
                             required("value", value_type, "what to write")},
                            Type::integer(), Purity::Effect, std::move(summary), std::move(run)));
  };
  writer("io.write_text", Type::any(),
         "write a str as is (other values as JSON) atomically; returns bytes written",
         run_write_text);
  writer("io.write_lines", Type::list(Type::any()),
         "write one item per line, each followed by \\n, atomically; returns bytes written",
         run_write_lines);
  writer("io.write_json", Type::any(),
         "write pretty-printed JSON (indent 2) atomically; returns bytes written", run_write_json);
  writer("io.write_jsonl", Type::list(Type::any()),
         "write one compact JSON value per line atomically; returns bytes written",
         run_write_jsonl);
  register_io_csv(registry);
  register_io_list(registry);
}

}  // namespace plumb::stdlib
