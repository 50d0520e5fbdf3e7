// Run comparison: program changes by node identity, a structural JSON diff (records by key,
// lists by index, numbers by value so `1` equals `1.0`), and per-node deltas.
#include "runtime/store/compare.hpp"

#include <algorithm>
#include <map>

#include <plumb/json.hpp>

namespace plumb::store {

namespace {

constexpr double kSlowerRatio = 1.10;
constexpr std::int64_t kSlowerNs = 1'000'000;

bool plain_key(std::string_view key) {
  if (key.empty() || (key[0] >= '0' && key[0] <= '9')) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string field_path(const std::string& path, std::string_view key) {
  if (plain_key(key)) return path + "." + std::string(key);
  std::string quoted;
  append_json_string(quoted, key);
  return path + "[" + quoted + "]";
}

class Differ {
 public:
  explicit Differ(std::size_t limit) : limit_(limit) {}

  void compare(const std::string& path, const Value* a, const Value* b) {
    if (a && b && a->is_record() && b->is_record()) {
      const ShapeView shape_a = a->shape();
      for (std::size_t i = 0; i < shape_a.size(); ++i) {
        const std::string_view key = shape_a.key(i);
        compare(field_path(path, key), &a->field_values()[i], b->find_field(key));
      }
      const ShapeView shape_b = b->shape();
      for (std::size_t i = 0; i < shape_b.size(); ++i) {
        const std::string_view key = shape_b.key(i);
        if (!a->find_field(key)) compare(field_path(path, key), nullptr, &b->field_values()[i]);
      }
      return;
    }
    if (a && b && a->is_list() && b->is_list()) {
      const auto items_a = a->as_list();
      const auto items_b = b->as_list();
      for (std::size_t i = 0; i < std::max(items_a.size(), items_b.size()); ++i) {
        compare(path + "[" + std::to_string(i) + "]", i < items_a.size() ? &items_a[i] : nullptr,
                i < items_b.size() ? &items_b[i] : nullptr);
      }
      return;
    }
    if (a && b && *a == *b) return;
    if (!a && !b) return;
    if (out_.size() < limit_) {
      out_.push_back(ValueDifference{path, a ? to_json(*a) : "", b ? to_json(*b) : ""});
    } else {
      ++more_;
    }
  }

  std::vector<ValueDifference> take() {
    if (more_ > 0) out_.push_back(ValueDifference{"...", std::to_string(more_) + " more", ""});
    return std::move(out_);
  }

 private:
  std::size_t limit_;
  std::size_t more_ = 0;
  std::vector<ValueDifference> out_;
};

int badness(NodeOutcome outcome) {
  switch (outcome) {
    case NodeOutcome::Ok:
    case NodeOutcome::Cached:
      return 0;
    case NodeOutcome::Retried:
      return 1;
    case NodeOutcome::NotRun:
      return 2;
    case NodeOutcome::Failed:
      return 3;
  }
  return 0;
}

std::vector<NodeChange> program_changes(const std::vector<StoredNode>& a,
                                        const std::vector<StoredNode>& b) {
  std::map<std::string, const StoredNode*> by_identity;
  for (const StoredNode& n : a)
    by_identity[n.identity] = &n;
  std::vector<NodeChange> out;
  for (const StoredNode& n : b) {
    auto it = by_identity.find(n.identity);
    if (it == by_identity.end()) {
      out.push_back(NodeChange{NodeChangeKind::Added, n.identity, n.file, n.line});
    } else {
      if (it->second->code_hash != n.code_hash) {
        out.push_back(NodeChange{NodeChangeKind::Changed, n.identity, n.file, n.line});
      }
      by_identity.erase(it);
    }
  }
  for (const StoredNode& n : a) {
    if (by_identity.count(n.identity)) {
      out.push_back(NodeChange{NodeChangeKind::Removed, n.identity, n.file, n.line});
    }
  }
  return out;
}

std::vector<NodeDelta> node_deltas(const std::vector<StoredNode>& a,
                                   const std::vector<StoredNode>& b) {
  std::map<std::string, const StoredNode*> before;
  for (const StoredNode& n : a)
    before[n.identity] = &n;
  std::vector<NodeDelta> out;
  for (const StoredNode& n : b) {
    auto it = before.find(n.identity);
    if (it == before.end()) continue;
    const StoredNode& old = *it->second;
    if (!old.ran && !n.ran) continue;
    NodeDelta d;
    d.identity = n.identity;
    d.before = node_outcome(old);
    d.after = node_outcome(n);
    d.before_ns = old.total_ns;
    d.after_ns = n.total_ns;
    d.before_cost = old.cost_usd;
    d.after_cost = n.cost_usd;
    const bool slower =
        d.after_ns - d.before_ns >= kSlowerNs &&
        static_cast<double>(d.after_ns) > kSlowerRatio * static_cast<double>(d.before_ns);
    d.regression = badness(d.after) > badness(d.before) || slower || d.after_cost > d.before_cost;
    out.push_back(std::move(d));
  }
  std::stable_sort(out.begin(), out.end(), [](const NodeDelta& x, const NodeDelta& y) {
    if (x.regression != y.regression) return x.regression;
    const int worse_x = badness(x.after) - badness(x.before);
    const int worse_y = badness(y.after) - badness(y.before);
    if (worse_x != worse_y) return worse_x > worse_y;
    return (x.after_ns - x.before_ns) > (y.after_ns - y.before_ns);
  });
  return out;
}

}  // namespace

std::string_view outcome_name(NodeOutcome outcome) {
  switch (outcome) {
    case NodeOutcome::NotRun:
      return "-";
    case NodeOutcome::Ok:
      return "ok";
    case NodeOutcome::Cached:
      return "cached";
    case NodeOutcome::Retried:
      return "retried";
    case NodeOutcome::Failed:
      return "failed";
  }
  return "?";
}

NodeOutcome node_outcome(const StoredNode& node) {
  if (!node.ran) return NodeOutcome::NotRun;
  if (node.failures > node.retries) return NodeOutcome::Failed;
  if (node.retries > 0) return NodeOutcome::Retried;
  if (node.cache_hits > 0) return NodeOutcome::Cached;
  return NodeOutcome::Ok;
}

std::vector<ValueDifference> json_differences(const std::string& before, const std::string& after,
                                              std::size_t limit) {
  Value a;
  Value b;
  try {
    a = parse_json(before);
    b = parse_json(after);
  } catch (const JsonError&) {
    if (before == after) return {};
    return {ValueDifference{"$", before, after}};
  }
  Differ differ(limit);
  differ.compare("$", &a, &b);
  return differ.take();
}

RunComparison compare_runs(RunStore& store, std::string_view run_a, std::string_view run_b) {
  RunComparison c;
  c.a = store.run(run_a);
  c.b = store.run(run_b);
  c.same_program = c.a.program_hash == c.b.program_hash;
  const std::vector<StoredNode> nodes_a = store.nodes(c.a.id);
  const std::vector<StoredNode> nodes_b = store.nodes(c.b.id);
  if (!c.same_program) c.program = program_changes(nodes_a, nodes_b);
  c.args = json_differences(c.a.args, c.b.args);
  c.result_compared =
      !c.a.result.empty() && !c.b.result.empty() && !c.a.result_truncated && !c.b.result_truncated;
  if (c.result_compared) c.result = json_differences(c.a.result, c.b.result);
  c.nodes = node_deltas(nodes_a, nodes_b);
  return c;
}

}  // namespace plumb::store
