// The payload of the store's batch tables (`span_batches`, `run_node_batches`; docs/store.md,
// "Schema"): many rows in one column, as a JSON array holding one array of cells per row, so
// a batch costs one database row instead of thousands while SQL can still take it apart
// (json_each in SQLite, json_array_elements in PostgreSQL: the `spans` and `run_nodes` views).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <plumb/value.hpp>

namespace plumb::store {

// Writes rows of cells; empty text and negative "optional" integers become JSON null.
class PayloadWriter {
 public:
  PayloadWriter() : out_("[") {}
  void begin_row();
  void end_row() { out_ += ']'; }
  void integer(std::int64_t value);
  void optional_integer(std::int64_t value);  // negative: null
  void real(double value);                    // non-finite: null
  void text(std::string_view value);
  void optional_text(std::string_view value);  // empty: null
  std::size_t rows() const { return rows_; }
  // The payload; the writer is left empty.
  std::string take();

 private:
  void separate() {
    if (!first_cell_) out_ += ',';
    first_cell_ = false;
  }
  std::string out_;
  std::size_t rows_ = 0;
  bool first_cell_ = true;
};

// The rows of a payload, each checked to hold `cells` cells; throws DatabaseError naming
// `table` when the text is not such a payload.
Value read_payload(std::string_view text, std::size_t cells, std::string_view table);

// A cell as an integer (null: `absent`), a double (null: 0) and text (null: empty).
std::int64_t integer_cell(const Value& cell, std::int64_t absent = -1);
double real_cell(const Value& cell);
std::string text_cell(const Value& cell);

}  // namespace plumb::store
