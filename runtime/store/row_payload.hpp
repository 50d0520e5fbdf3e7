// The payload of the store's batch tables (`span_batches`, `run_node_batches`; docs/store.md,
// "Schema"): many rows in one column, as a JSON array holding one array of cells per row, so
// a batch costs one database row instead of thousands while SQL can still take it apart
// (json_each in SQLite, jsonb_array_elements in PostgreSQL: the `spans` and `run_nodes` views).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace plumb::store {

// Writes rows of cells; empty text and negative "optional" integers become JSON null. The
// text is built in a buffer of its own, digits written in place: a span is ~14 cells, and a
// std::string append costs more than the digits (docs/performance.md, "Run store").
class PayloadWriter {
 public:
  PayloadWriter() { put('['); }
  void begin_row();
  void end_row() { put(']'); }
  void integer(std::int64_t value);
  void optional_integer(std::int64_t value);  // negative: null
  void real(double value);                    // non-finite: null
  void text(std::string_view value);
  void optional_text(std::string_view value);  // empty: null
  std::size_t rows() const { return rows_; }
  // The payload; the writer is left empty.
  std::string take();

 private:
  // The end of the text, with room for `bytes` more.
  char* room(std::size_t bytes) {
    if (size_ + bytes > capacity_) grow(size_ + bytes);
    return buffer_.get() + size_;
  }
  void grow(std::size_t needed);
  void put(char c) {
    *room(1) = c;
    ++size_;
  }
  void put(std::string_view text);
  void separate() {
    if (!first_cell_) put(',');
    first_cell_ = false;
  }

  std::unique_ptr<char[]> buffer_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
  std::string escaped_;  // a text cell as a JSON string
  std::size_t rows_ = 0;
  bool first_cell_ = true;
};

// Reads a payload row after row, cell after cell (cells in the order they were written),
// without building values: a run's statistics are read whole for `plumb show`. Accepts the
// whitespace PostgreSQL's json_agg writes. Throws DatabaseError naming `table` when the text
// is not an array of arrays of `cells` scalars.
class PayloadReader {
 public:
  PayloadReader(std::string_view text, std::size_t cells, std::string_view table);
  // Moves to the next row (checking the previous one was read to its end); false after the
  // last.
  bool next_row();
  // The next cell as an integer (null: `absent`), a double (null: 0) or text (null: empty).
  std::int64_t integer(std::int64_t absent = -1);
  double real();
  std::string text();

 private:
  [[noreturn]] void malformed(std::string_view what) const;
  void skip_space();
  // The next cell's token, and the separator after it consumed.
  std::string_view cell();

  std::string_view text_;
  std::size_t at_ = 0;
  std::size_t cells_;
  std::size_t cell_ = 0;
  bool in_row_ = false;
  std::string_view table_;
};

}  // namespace plumb::store
