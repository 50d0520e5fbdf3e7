// Reading the node statistics payloads with PayloadReader.
#include "runtime/store/node_stats.hpp"

#include "runtime/store/row_payload.hpp"

namespace plumb::store {

void read_node_stats(Database& db, std::int64_t run,
                     const std::function<void(std::size_t rows)>& expect,
                     const std::function<void(const NodeStats&)>& visit) {
  Statement& select = db.prepare(
      "SELECT payload, node_count FROM run_node_batches WHERE run = $1 ORDER BY first_node");
  select.bind(std::vector<Param>{run});
  NodeStats r;
  while (select.step()) {
    expect(static_cast<std::size_t>(std::max<std::int64_t>(0, select.integer(1))));
    const std::string payload = select.text(0);
    PayloadReader cell(payload, 14, "run_node_batches");
    while (cell.next_row()) {
      r.node = static_cast<std::uint32_t>(cell.integer(0));
      r.runs = static_cast<std::uint64_t>(cell.integer(0));
      r.failures = static_cast<std::uint64_t>(cell.integer(0));
      r.retries = static_cast<std::uint64_t>(cell.integer(0));
      r.cache_hits = static_cast<std::uint64_t>(cell.integer(0));
      r.items = static_cast<std::uint64_t>(cell.integer(0));
      r.total_ns = cell.integer(0);
      r.p50_ns = cell.integer(0);
      r.p95_ns = cell.integer(0);
      r.max_ns = cell.integer(0);
      r.usage.input_tokens = cell.integer(0);
      r.usage.output_tokens = cell.integer(0);
      r.usage.cost_usd = cell.real();
      r.error = cell.text();
      visit(r);
    }
  }
}

}  // namespace plumb::store
