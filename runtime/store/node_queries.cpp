// A run's nodes read back: every node of the program with its statistics in the run, and the
// overview `plumb show` prints, which reads only the nodes it shows (a run may have millions).
#include <algorithm>
#include <span>
#include <unordered_map>
#include <unordered_set>

#include <plumb/value.hpp>

#include "runtime/store/reading.hpp"
#include "runtime/store/row_payload.hpp"

namespace plumb::store {

namespace {

// The program's nodes; callers add the order or a node (`$2`). Their statistics in a run come
// from its `run_node_batches` rows, decoded here rather than through the `run_nodes` view.
constexpr const char* kNodeSelect =
    "SELECT node, identity, pipeline, name, kind, stage, callee, parent, predecessors, file, "
    "line, col, labels, code_hash FROM program_nodes WHERE program_hash = $1";

// The cells of one node's statistics (schema.cpp, version 2): node, runs, failures, retries,
// cache hits, items, total, p50, p95, max, input and output tokens, cost, error.
constexpr std::size_t kStatCells = 14;

// The decoded statistics of a run's nodes, in the order they were written.
struct RunStats {
  std::vector<Value> batches;  // keeps the cells alive
  std::vector<std::span<const Value>> rows;

  std::uint32_t node(std::size_t row) const {
    return static_cast<std::uint32_t>(integer_cell(rows[row][0], 0));
  }
  std::int64_t total_ns(std::size_t row) const { return integer_cell(rows[row][6], 0); }
  bool failed(std::size_t row) const {
    return integer_cell(rows[row][2], 0) > integer_cell(rows[row][3], 0);
  }
  // Row by node number.
  std::unordered_map<std::uint32_t, std::size_t> index() const {
    std::unordered_map<std::uint32_t, std::size_t> out;
    out.reserve(rows.size());
    for (std::size_t row = 0; row < rows.size(); ++row)
      out.emplace(node(row), row);
    return out;
  }
};

RunStats read_stats(RunStore::Impl& store, const RunKey& run) {
  Statement& select =
      store.db->prepare("SELECT payload FROM run_node_batches WHERE run = $1 ORDER BY first_node");
  select.bind(std::vector<Param>{run.key});
  RunStats stats;
  while (select.step())
    stats.batches.push_back(read_payload(select.text(0), kStatCells, "run_node_batches"));
  for (const Value& batch : stats.batches) {
    for (const Value& row : batch.as_list())
      stats.rows.push_back(row.as_list());
  }
  return stats;
}

void add_stats(StoredNode& n, std::span<const Value> c) {
  n.ran = true;
  n.runs = static_cast<std::uint64_t>(integer_cell(c[1], 0));
  n.failures = static_cast<std::uint64_t>(integer_cell(c[2], 0));
  n.retries = static_cast<std::uint64_t>(integer_cell(c[3], 0));
  n.cache_hits = static_cast<std::uint64_t>(integer_cell(c[4], 0));
  n.items = static_cast<std::uint64_t>(integer_cell(c[5], 0));
  n.total_ns = integer_cell(c[6], 0);
  n.p50_ns = integer_cell(c[7], 0);
  n.p95_ns = integer_cell(c[8], 0);
  n.max_ns = integer_cell(c[9], 0);
  n.input_tokens = integer_cell(c[10], 0);
  n.output_tokens = integer_cell(c[11], 0);
  n.cost_usd = real_cell(c[12]);
  n.error = text_cell(c[13]);
}

std::vector<std::uint32_t> split_ids(const std::string& text) {
  std::vector<std::uint32_t> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    out.push_back(static_cast<std::uint32_t>(std::stoul(text.substr(start, comma - start))));
    start = comma + 1;
  }
  return out;
}

StoredNode read_node(const Statement& row) {
  StoredNode n;
  n.node = static_cast<std::uint32_t>(row.integer(0));
  n.identity = row.text(1);
  n.pipeline = row.text(2);
  n.name = row.text(3);
  n.kind = row.text(4);
  n.stage = optional_column(row, 5);
  n.callee = optional_column(row, 6);
  if (!row.is_null(7)) n.parent = static_cast<std::uint32_t>(row.integer(7));
  n.predecessors = split_ids(row.text(8));
  n.file = row.text(9);
  n.line = static_cast<std::uint32_t>(row.integer(10));
  n.col = static_cast<std::uint32_t>(row.integer(11));
  n.labels = optional_column(row, 12);
  n.code_hash = row.text(13);
  return n;
}

std::size_t program_node_count(RunStore::Impl& store, const RunKey& run) {
  Statement& select = store.db->prepare("SELECT node_count FROM programs WHERE program_hash = $1");
  select.bind(std::vector<Param>{text_param(run.program_hash)});
  std::size_t count = 0;
  while (select.step())
    count = static_cast<std::size_t>(select.integer(0));
  return count;
}

// The first column of every row, as node numbers.
std::vector<std::int64_t> node_numbers(Statement& select) {
  std::vector<std::int64_t> out;
  while (select.step())
    out.push_back(select.integer(0));
  return out;
}

// The program's nodes `numbers`, with their statistics in the run.
std::vector<StoredNode> read_nodes(RunStore::Impl& store, const RunKey& run, const RunStats& stats,
                                   const std::vector<std::int64_t>& numbers) {
  Statement& select = store.db->prepare(std::string(kNodeSelect) + " AND node = $2");
  const std::unordered_map<std::uint32_t, std::size_t> rows = stats.index();
  std::vector<StoredNode> out;
  out.reserve(numbers.size());
  for (const std::int64_t number : numbers) {
    select.bind(std::vector<Param>{text_param(run.program_hash), number});
    while (select.step()) {
      StoredNode& n = out.emplace_back(read_node(select));
      if (auto row = rows.find(n.node); row != rows.end()) add_stats(n, stats.rows[row->second]);
    }
  }
  return out;
}

// The node numbers of the first `count` rows of `stats` in the order `before`.
template <typename Before>
std::vector<std::int64_t> first_nodes(const RunStats& stats, std::size_t count, Before before) {
  std::vector<std::size_t> order(stats.rows.size());
  for (std::size_t row = 0; row < order.size(); ++row)
    order[row] = row;
  count = std::min(count, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(count), order.end(),
                    before);
  std::vector<std::int64_t> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i)
    out.push_back(stats.node(order[i]));
  return out;
}

}  // namespace

}  // namespace plumb::store

namespace plumb {

using store::Param;
using store::Statement;
using store::text_param;

std::vector<StoredNode> RunStore::nodes(const std::string& run_id) {
  return store::reading(*impl_, [&] {
    const store::RunKey run = store::find_key(*impl_, run_id);
    const store::RunStats stats = store::read_stats(*impl_, run);
    const std::unordered_map<std::uint32_t, std::size_t> rows = stats.index();
    std::vector<StoredNode> out;
    out.reserve(store::program_node_count(*impl_, run));
    Statement& select = impl_->db->prepare(std::string(store::kNodeSelect) + " ORDER BY node");
    select.bind(std::vector<Param>{text_param(run.program_hash)});
    while (select.step()) {
      StoredNode& n = out.emplace_back(store::read_node(select));
      if (auto row = rows.find(n.node); row != rows.end()) {
        store::add_stats(n, stats.rows[row->second]);
      }
    }
    return out;
  });
}

NodeOverview RunStore::node_overview(const std::string& run_id, std::size_t shown,
                                     std::size_t slowest) {
  return store::reading(*impl_, [&] {
    const store::RunKey run = store::find_key(*impl_, run_id);
    const store::RunStats stats = store::read_stats(*impl_, run);
    NodeOverview overview;
    overview.nodes = store::program_node_count(*impl_, run);
    overview.ran = stats.rows.size();
    for (std::size_t row = 0; row < stats.rows.size(); ++row) {
      if (stats.failed(row)) ++overview.failed;
    }
    // The longest total time first, then by node number.
    const auto longer = [&](std::size_t a, std::size_t b) {
      const std::int64_t ta = stats.total_ns(a);
      const std::int64_t tb = stats.total_ns(b);
      return ta != tb ? ta > tb : stats.node(a) < stats.node(b);
    };
    std::vector<std::int64_t> numbers;
    if (overview.nodes <= shown) {
      Statement& all = impl_->db->prepare(
          "SELECT node FROM program_nodes WHERE program_hash = $1 ORDER BY node");
      all.bind(std::vector<Param>{text_param(run.program_hash)});
      numbers = store::node_numbers(all);
    } else {
      // The failed nodes, then the slowest, then (when few ran) those that did not run.
      numbers = store::first_nodes(stats, shown, [&](std::size_t a, std::size_t b) {
        const bool fa = stats.failed(a);
        const bool fb = stats.failed(b);
        return fa != fb ? fa : longer(a, b);
      });
      if (numbers.size() < shown) {
        // Every node that ran is in `numbers`: among the first `shown` + that many nodes of
        // the program are enough that did not.
        const std::unordered_set<std::int64_t> ran(numbers.begin(), numbers.end());
        Statement& first = impl_->db->prepare(
            "SELECT node FROM program_nodes WHERE program_hash = $1 ORDER BY node LIMIT $2");
        first.bind(std::vector<Param>{text_param(run.program_hash),
                                      static_cast<std::int64_t>(shown + ran.size())});
        for (const std::int64_t number : store::node_numbers(first)) {
          if (numbers.size() < shown && !ran.contains(number)) numbers.push_back(number);
        }
      }
      std::sort(numbers.begin(), numbers.end());
    }
    overview.shown = store::read_nodes(*impl_, run, stats, numbers);
    overview.slowest =
        store::read_nodes(*impl_, run, stats, store::first_nodes(stats, slowest, longer));
    return overview;
  });
}

}  // namespace plumb
