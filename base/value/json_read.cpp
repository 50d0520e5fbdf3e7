// JSON input through nlohmann's SAX interface, building Values directly (no DOM, no
// recursion), with a nesting limit, shapes shared between records with the same keys, and
// errors that carry a 1-based line and column.
#include <plumb/json.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

namespace plumb {
namespace {

constexpr std::size_t kMaxDepth = 512;

// Shapes of recently parsed objects, per thread, so that rows of a JSONL file or of a JSON
// array share one Shape per key sequence. Direct-mapped by a hash of the keys.
class ShapeCache {
 public:
  Shape get(std::span<const std::string> keys) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const std::string& key : keys) {
      for (char c : key) {
        hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
      }
      hash = (hash ^ 0xFF) * 0x100000001b3ULL;
    }
    Entry& entry = entries_[hash % entries_.size()];
    if (entry.shape && entry.hash == hash && matches(*entry.shape, keys)) return *entry.shape;
    entry.hash = hash;
    entry.shape.emplace(keys);
    return *entry.shape;
  }

 private:
  static bool matches(const Shape& shape, std::span<const std::string> keys) {
    if (shape.size() != keys.size()) return false;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (shape.key(i) != keys[i]) return false;
    }
    return true;
  }
  struct Entry {
    std::uint64_t hash = 0;
    std::optional<Shape> shape;
  };
  std::array<Entry, 64> entries_;
};

ShapeCache& shape_cache() {
  thread_local ShapeCache cache;
  return cache;
}

// An open array or object. Frames are kept (not popped) so their buffers are reused.
struct Frame {
  bool object = false;
  std::vector<Value> values;
  std::vector<std::string> keys;
  std::size_t key_count = 0;
};

bool has_duplicates(std::span<const std::string> keys) {
  if (keys.size() <= 16) {
    for (std::size_t i = 1; i < keys.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (keys[i] == keys[j]) return true;
      }
    }
    return false;
  }
  std::unordered_set<std::string_view> seen;
  for (const std::string& key : keys) {
    if (!seen.insert(key).second) return true;
  }
  return false;
}

// Builds Values from nlohmann's SAX events without recursion.
class ValueBuilder {
 public:
  explicit ValueBuilder(const std::function<void()>* on_progress) : on_progress_(on_progress) {}

  bool null() { return add(Value()); }
  bool boolean(bool b) { return add(Value::boolean(b)); }
  bool number_integer(std::int64_t i) { return add(Value::integer(i)); }
  bool number_unsigned(std::uint64_t u) {
    if (u <= static_cast<std::uint64_t>(INT64_MAX)) {
      return add(Value::integer(static_cast<std::int64_t>(u)));
    }
    return add(Value::number(static_cast<double>(u)));
  }
  bool number_float(double d, const std::string&) { return add(Value::number(d)); }
  bool string(std::string& s) { return add(Value::string(s)); }
  bool binary(nlohmann::json::binary_t&) { return false; }
  bool start_object(std::size_t) { return open(true); }
  bool start_array(std::size_t) { return open(false); }
  bool key(const std::string& key) {
    Frame& frame = frames_[depth_ - 1];
    if (frame.key_count < frame.keys.size()) {
      frame.keys[frame.key_count] = key;
    } else {
      frame.keys.push_back(key);
    }
    ++frame.key_count;
    return true;
  }
  bool end_array() {
    Frame& frame = frames_[--depth_];
    return add(Value::list(std::move(frame.values)));
  }
  bool end_object() {
    Frame& frame = frames_[--depth_];
    std::span<const std::string> keys(frame.keys.data(), frame.key_count);
    if (has_duplicates(keys)) {
      std::vector<std::pair<std::string_view, Value>> fields;
      for (std::size_t i = 0; i < keys.size(); ++i)
        fields.emplace_back(keys[i], frame.values[i]);
      frame.values.clear();
      return add(Value::record(fields));
    }
    Value record = Value::record(shape_cache().get(keys), std::move(frame.values));
    return add(std::move(record));
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::json::exception& e) {
    error_position_ = position;
    error_message_ = e.what();
    return false;
  }

  Value& result() { return result_; }
  bool too_deep() const { return too_deep_; }
  std::size_t error_position() const { return error_position_; }
  const std::string& error_message() const { return error_message_; }

 private:
  bool open(bool object) {
    if (depth_ == kMaxDepth) {
      too_deep_ = true;
      return false;
    }
    if (depth_ == frames_.size()) frames_.emplace_back();
    Frame& frame = frames_[depth_++];
    frame.object = object;
    frame.key_count = 0;
    return true;
  }
  bool add(Value value) {
    if (on_progress_ != nullptr && ++values_ % kProgressValues == 0) (*on_progress_)();
    if (depth_ == 0) {
      result_ = std::move(value);
    } else {
      frames_[depth_ - 1].values.push_back(std::move(value));
    }
    return true;
  }

  // How many values are parsed between two calls of the progress callback.
  static constexpr std::size_t kProgressValues = 65536;
  const std::function<void()>* on_progress_;
  std::size_t values_ = 0;
  std::vector<Frame> frames_;
  std::size_t depth_ = 0;
  Value result_;
  bool too_deep_ = false;
  std::size_t error_position_ = 0;
  std::string error_message_;
};

// The byte offset of the bracket that opens nesting level kMaxDepth + 1.
std::size_t too_deep_offset(std::string_view text) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return text.size();
}

// nlohmann's message without "[json.exception.parse_error.101] parse error at ...: ".
std::string clean_message(std::string_view message) {
  if (message.starts_with("[json.exception.")) {
    std::size_t end = message.find("] ");
    if (end != std::string_view::npos) message.remove_prefix(end + 2);
  }
  if (message.starts_with("parse error")) {
    std::size_t colon = message.find(": ");
    if (colon != std::string_view::npos) message.remove_prefix(colon + 2);
  }
  return std::string(message);
}

[[noreturn]] void throw_at(std::string_view text, std::size_t offset, const std::string& message) {
  offset = std::min(offset, text.size());
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  throw JsonError(line, offset - line_start + 1, message);
}

}  // namespace

Value parse_json(std::string_view text) {
  return parse_json(text, {});
}

Value parse_json(std::string_view text, const std::function<void()>& on_progress) {
  ValueBuilder builder(on_progress ? &on_progress : nullptr);
  if (nlohmann::json::sax_parse(text.begin(), text.end(), &builder)) {
    return std::move(builder.result());
  }
  if (builder.too_deep()) {
    throw_at(text, too_deep_offset(text), "nesting deeper than 512 levels");
  }
  // nlohmann counts the offending character as read.
  std::size_t position = builder.error_position();
  throw_at(text, position > 0 ? position - 1 : 0, clean_message(builder.error_message()));
}

}  // namespace plumb
