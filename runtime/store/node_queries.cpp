// A run's nodes read back: every node of the program with its statistics in the run, and the
// overview `plumb show` prints, which reads only the nodes it shows (a run may have millions).
#include <algorithm>
#include <unordered_set>

#include "runtime/store/node_stats.hpp"
#include "runtime/store/reading.hpp"

namespace plumb::store {

namespace {

// The program's nodes; callers add the order or a node (`$2`). Their statistics in a run come
// from its `run_node_batches` rows, decoded here rather than through the `run_nodes` view.
constexpr const char* kNodeSelect =
    "SELECT node, identity, pipeline, name, kind, stage, callee, parent, predecessors, file, "
    "line, col, labels, code_hash FROM program_nodes WHERE program_hash = $1";

// Rows sorted by node number, and the one of `node` among them.
void sort_by_node(std::vector<NodeStats>& rows) {
  const auto by_node = [](const NodeStats& a, const NodeStats& b) { return a.node < b.node; };
  if (!std::is_sorted(rows.begin(), rows.end(), by_node)) {
    std::sort(rows.begin(), rows.end(), by_node);
  }
}

const NodeStats* find_stats(const std::vector<NodeStats>& by_node, std::uint32_t node) {
  auto it = std::lower_bound(by_node.begin(), by_node.end(), node,
                             [](const NodeStats& r, std::uint32_t n) { return r.node < n; });
  return it != by_node.end() && it->node == node ? &*it : nullptr;
}

void add_stats(StoredNode& n, const NodeStats* r) {
  if (r == nullptr) return;
  n.ran = true;
  n.runs = r->runs;
  n.failures = r->failures;
  n.retries = r->retries;
  n.cache_hits = r->cache_hits;
  n.items = r->items;
  n.total_ns = r->total_ns;
  n.p50_ns = r->p50_ns;
  n.p95_ns = r->p95_ns;
  n.max_ns = r->max_ns;
  n.input_tokens = r->usage.input_tokens;
  n.output_tokens = r->usage.output_tokens;
  n.cost_usd = r->usage.cost_usd;
  n.error = r->error;
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

// The program's nodes `numbers`, with their statistics in the run (`stats` by node; a node
// without is one that did not run).
std::vector<StoredNode> read_nodes(RunStore::Impl& store, const RunKey& run,
                                   const std::vector<NodeStats>& stats,
                                   const std::vector<std::int64_t>& numbers) {
  Statement& select = store.db->prepare(std::string(kNodeSelect) + " AND node = $2");
  std::vector<StoredNode> out;
  out.reserve(numbers.size());
  for (const std::int64_t number : numbers) {
    select.bind(std::vector<Param>{text_param(run.program_hash), number});
    while (select.step()) {
      StoredNode& n = out.emplace_back(read_node(select));
      add_stats(n, find_stats(stats, n.node));
    }
  }
  return out;
}

std::vector<std::int64_t> node_numbers(const std::vector<NodeStats>& rows) {
  std::vector<std::int64_t> out;
  out.reserve(rows.size());
  for (const NodeStats& r : rows)
    out.push_back(r.node);
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
    std::vector<store::NodeStats> stats;
    store::read_node_stats(
        *impl_->db, run.key, [&](std::size_t rows) { stats.reserve(stats.size() + rows); },
        [&](const store::NodeStats& r) { stats.push_back(r); });
    store::sort_by_node(stats);
    std::vector<StoredNode> out;
    out.reserve(store::program_node_count(*impl_, run));
    Statement& select = impl_->db->prepare(std::string(store::kNodeSelect) + " ORDER BY node");
    select.bind(std::vector<Param>{text_param(run.program_hash)});
    while (select.step()) {
      StoredNode& n = out.emplace_back(store::read_node(select));
      store::add_stats(n, store::find_stats(stats, n.node));
    }
    return out;
  });
}

NodeOverview RunStore::node_overview(const std::string& run_id, std::size_t shown,
                                     std::size_t slowest) {
  return store::reading(*impl_, [&] {
    const store::RunKey run = store::find_key(*impl_, run_id);
    NodeOverview overview;
    overview.nodes = store::program_node_count(*impl_, run);
    // The longest total time first, then by node number; for the table, the failed first.
    const auto longer = [](const store::NodeStats& a, const store::NodeStats& b) {
      return a.total_ns != b.total_ns ? a.total_ns > b.total_ns : a.node < b.node;
    };
    const auto failed_then_longer = [&](const store::NodeStats& a, const store::NodeStats& b) {
      return a.failed() != b.failed() ? a.failed() : longer(a, b);
    };
    store::TopRows table(shown, failed_then_longer);
    store::TopRows longest(slowest, longer);
    store::read_node_stats(
        *impl_->db, run.key, [](std::size_t) {},
        [&](const store::NodeStats& r) {
          ++overview.ran;
          if (r.failed()) ++overview.failed;
          table.offer(r);
          longest.offer(r);
        });
    // Every node that ran when fewer than `shown` did: with those that did not, the table.
    std::vector<store::NodeStats> table_rows = table.take();
    std::vector<std::int64_t> numbers = store::node_numbers(table_rows);
    if (numbers.size() < shown) {
      // Among the first `shown` + that many nodes of the program are enough that did not run.
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
    store::sort_by_node(table_rows);
    overview.shown = store::read_nodes(*impl_, run, table_rows, numbers);
    std::vector<store::NodeStats> longest_rows = longest.take();
    const std::vector<std::int64_t> slowest_numbers = store::node_numbers(longest_rows);
    store::sort_by_node(longest_rows);
    overview.slowest = store::read_nodes(*impl_, run, longest_rows, slowest_numbers);
    return overview;
  });
}

}  // namespace plumb
