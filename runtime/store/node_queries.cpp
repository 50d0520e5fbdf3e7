// A run's nodes read back: every node of the program with its statistics in the run, and the
// overview `plumb show` prints, which reads only the nodes it shows (a run may have millions).
#include <algorithm>

#include "runtime/store/reading.hpp"

namespace plumb::store {

namespace {

// The program's nodes joined with their statistics in run `$2`; callers add the order or a
// node (`$3`).
constexpr const char* kNodeSelect =
    "SELECT p.node, p.identity, p.pipeline, p.name, p.kind, p.stage, p.callee, p.parent, "
    "p.predecessors, p.file, p.line, p.col, p.labels, p.code_hash, n.runs, n.failures, "
    "n.retries, n.cache_hits, n.items, n.total_ns, n.p50_ns, n.p95_ns, n.max_ns, "
    "n.input_tokens, n.output_tokens, n.cost_usd, n.error "
    "FROM program_nodes p LEFT JOIN run_nodes n ON n.run = $2 AND n.node = p.node "
    "WHERE p.program_hash = $1";

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
  n.ran = !row.is_null(14);
  if (!n.ran) return n;
  n.runs = static_cast<std::uint64_t>(row.integer(14));
  n.failures = static_cast<std::uint64_t>(row.integer(15));
  n.retries = static_cast<std::uint64_t>(row.integer(16));
  n.cache_hits = static_cast<std::uint64_t>(row.integer(17));
  n.items = static_cast<std::uint64_t>(row.integer(18));
  n.total_ns = row.integer(19);
  n.p50_ns = row.integer(20);
  n.p95_ns = row.integer(21);
  n.max_ns = row.integer(22);
  n.input_tokens = row.integer(23);
  n.output_tokens = row.integer(24);
  n.cost_usd = row.real(25);
  n.error = optional_column(row, 26);
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

std::vector<StoredNode> read_nodes(RunStore::Impl& store, const RunKey& run,
                                   const std::vector<std::int64_t>& numbers) {
  Statement& select = store.db->prepare(std::string(kNodeSelect) + " AND p.node = $3");
  std::vector<StoredNode> out;
  out.reserve(numbers.size());
  for (const std::int64_t number : numbers) {
    select.bind(std::vector<Param>{text_param(run.program_hash), run.key, number});
    while (select.step())
      out.push_back(read_node(select));
  }
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
    std::vector<StoredNode> out;
    out.reserve(store::program_node_count(*impl_, run));
    Statement& select = impl_->db->prepare(std::string(store::kNodeSelect) + " ORDER BY p.node");
    select.bind(std::vector<Param>{text_param(run.program_hash), run.key});
    while (select.step())
      out.push_back(store::read_node(select));
    return out;
  });
}

NodeOverview RunStore::node_overview(const std::string& run_id, std::size_t shown,
                                     std::size_t slowest) {
  return store::reading(*impl_, [&] {
    const store::RunKey run = store::find_key(*impl_, run_id);
    NodeOverview overview;
    overview.nodes = store::program_node_count(*impl_, run);
    Statement& counts = impl_->db->prepare(
        "SELECT count(*), coalesce(sum(CASE WHEN failures > retries THEN 1 ELSE 0 END), 0) "
        "FROM run_nodes WHERE run = $1");
    counts.bind(std::vector<Param>{run.key});
    while (counts.step()) {
      overview.ran = static_cast<std::size_t>(counts.integer(0));
      overview.failed = static_cast<std::size_t>(counts.integer(1));
    }
    const auto limit = [](std::size_t n) { return static_cast<std::int64_t>(n); };
    std::vector<std::int64_t> numbers;
    if (overview.nodes <= shown) {
      Statement& all = impl_->db->prepare(
          "SELECT node FROM program_nodes WHERE program_hash = $1 ORDER BY node");
      all.bind(std::vector<Param>{text_param(run.program_hash)});
      numbers = store::node_numbers(all);
    } else {
      // The failed nodes, then the slowest, then (when few ran) those that did not run.
      Statement& top = impl_->db->prepare(
          "SELECT node FROM run_nodes WHERE run = $1 "
          "ORDER BY CASE WHEN failures > retries THEN 0 ELSE 1 END, total_ns DESC, node LIMIT $2");
      top.bind(std::vector<Param>{run.key, limit(shown)});
      numbers = store::node_numbers(top);
      if (numbers.size() < shown) {
        Statement& idle = impl_->db->prepare(
            "SELECT p.node FROM program_nodes p WHERE p.program_hash = $1 AND NOT EXISTS "
            "(SELECT 1 FROM run_nodes n WHERE n.run = $2 AND n.node = p.node) "
            "ORDER BY p.node LIMIT $3");
        idle.bind(std::vector<Param>{text_param(run.program_hash), run.key,
                                     limit(shown - numbers.size())});
        for (const std::int64_t number : store::node_numbers(idle))
          numbers.push_back(number);
      }
      std::sort(numbers.begin(), numbers.end());
    }
    overview.shown = store::read_nodes(*impl_, run, numbers);
    Statement& longest = impl_->db->prepare(
        "SELECT node FROM run_nodes WHERE run = $1 ORDER BY total_ns DESC, node LIMIT $2");
    longest.bind(std::vector<Param>{run.key, limit(slowest)});
    overview.slowest = store::read_nodes(*impl_, run, store::node_numbers(longest));
    return overview;
  });
}

}  // namespace plumb
