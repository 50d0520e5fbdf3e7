// Building the drawing model from a module, grouping levels, and choosing how much to
// collapse before handing the model to a format's writer.
#include "compiler/ir/graph.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "compiler/ir/analysis.hpp"
#include "compiler/ir/graph_model.hpp"

namespace plumb::ir {

namespace graph {

namespace {

class Builder {
 public:
  Builder(const Module& module, Collapse collapse)
      : m_(module), collapse_(collapse), vertex_of_(module.nodes.size(), kNone) {}

  Graph run() {
    g_.files = m_.files;
    g_.collapse = collapse_;
    for (const Function& f : m_.functions) {
      region(f.body, add_cluster(kNone, "pipeline @" + m_.string(f.name), kNone));
    }
    for (std::uint32_t v = 0; v < g_.vertices.size(); ++v)
      edges(v);
    return std::move(g_);
  }

 private:
  std::uint32_t add_cluster(std::uint32_t parent, std::string label, std::uint32_t owner) {
    auto id = static_cast<std::uint32_t>(g_.clusters.size());
    g_.clusters.push_back(Cluster{parent, std::move(label), owner, {}, {}});
    if (parent != kNone) g_.clusters[parent].children.push_back(id);
    return id;
  }

  std::uint32_t inner_count(const Node& n) const {
    std::uint32_t count = 0;
    for (RegionId r : n.regions) {
      for (NodeId inner : m_.region(r).nodes)
        count += 1 + inner_count(m_.node(inner));
    }
    return count;
  }

  void region(RegionId id, std::uint32_t cluster) {
    for (NodeId node_id : m_.region(id).nodes) {
      const Node& n = m_.node(node_id);
      Vertex v;
      v.name = m_.string(n.name);
      v.kind = kind_name(n.kind);
      v.detail = n.kind == NodeKind::Stage  ? n.stage->signature.name
                 : n.kind == NodeKind::Call ? "@" + m_.string(m_.function(n.callee).name)
                                            : v.kind;
      if (!n.results.empty()) v.type = m_.value(n.results[0]).type.to_string();
      v.effect = n.effect;
      v.level = n.level;
      v.critical = n.critical;
      v.cluster = cluster;
      v.node = node_id;
      v.loc = n.loc;
      auto index = static_cast<std::uint32_t>(g_.vertices.size());
      vertex_of_[node_id.index] = index;
      g_.clusters[cluster].vertices.push_back(index);
      if (collapse_ != Collapse::None) v.hidden = inner_count(n);
      g_.vertices.push_back(std::move(v));
      if (collapse_ != Collapse::None) continue;
      for (std::size_t r = 0; r < n.regions.size(); ++r) {
        std::string label = m_.string(n.name) + " ^" + std::string(region_label(n.kind, r));
        region(n.regions[r], add_cluster(cluster, std::move(label), index));
      }
    }
  }

  // The vertex a value comes from: its defining node, or the owner of the region it is a
  // parameter of.
  std::uint32_t source(ValueId value) const {
    const ValueInfo& info = m_.value(value);
    NodeId def = info.def.valid() ? info.def : m_.region(info.region).owner;
    return def.valid() ? vertex_of_[def.index] : kNone;
  }

  void edges(std::uint32_t to) {
    const Node& n = m_.node(g_.vertices[to].node);
    const bool expanded = has_regions(n.kind) && collapse_ == Collapse::None;
    const std::size_t drawn_inputs = expanded ? n.operand_count : n.inputs.size();
    std::vector<std::uint32_t> seen;
    // One edge per pair of vertices: an ordering edge beside a data edge adds nothing.
    auto add = [&](std::uint32_t from, EdgeKind kind) {
      if (from == kNone || from == to) return;
      if (std::find(seen.begin(), seen.end(), from) != seen.end()) return;
      seen.push_back(from);
      const Vertex& a = g_.vertices[from];
      const Vertex& b = g_.vertices[to];
      bool critical = a.critical && b.critical && a.cluster == b.cluster;
      g_.edges.push_back(Edge{from, to, kind, critical, 1});
    };
    for (std::size_t i = 0; i < drawn_inputs; ++i)
      add(source(n.inputs[i]), EdgeKind::Data);
    for (NodeId before : n.order_after)
      add(vertex_of_[before.index], EdgeKind::Order);
    if (!expanded) return;
    seen.clear();
    for (RegionId r : n.regions) {
      for (ValueId result : m_.region(r).results)
        add(source(result), EdgeKind::Result);
    }
  }

  const Module& m_;
  Collapse collapse_;
  std::vector<std::uint32_t> vertex_of_;
  Graph g_;
};

// A group's detail: its most frequent stages and kinds, `12× io.read_text, 3× expr`.
std::string group_detail(const Graph& g, const std::vector<std::uint32_t>& members) {
  std::map<std::string, std::uint32_t> counts;
  for (std::uint32_t v : members) {
    const Vertex& vertex = g.vertices[v];
    ++counts[vertex.kind == "stage" ? vertex.detail : vertex.kind];
  }
  std::vector<std::pair<std::string, std::uint32_t>> ranked(counts.begin(), counts.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string text;
  for (std::size_t i = 0; i < ranked.size() && i < 3; ++i) {
    text += (i ? ", " : "") + std::to_string(ranked[i].second) + "× " + ranked[i].first;
  }
  if (ranked.size() > 3) text += ", …";
  return text;
}

}  // namespace

Graph build(const Module& module, Collapse collapse) {
  return Builder(module, collapse).run();
}

Graph group_levels(const Graph& g) {
  Graph out;
  out.files = g.files;
  out.collapse = Collapse::Levels;
  out.clusters = g.clusters;
  std::vector<std::uint32_t> vertex_of(g.vertices.size(), kNone);
  for (std::uint32_t c = 0; c < g.clusters.size(); ++c) {
    // Levels of the cluster, then bands of consecutive levels: at most kMaxGroupRanks.
    std::map<std::uint32_t, std::vector<std::uint32_t>> by_level;
    for (std::uint32_t v : g.clusters[c].vertices)
      by_level[g.vertices[v].level].push_back(v);
    const std::size_t per_band = (by_level.size() + kMaxGroupRanks - 1) / kMaxGroupRanks;
    std::vector<std::vector<std::uint32_t>> bands;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> band_levels;  // first, last level
    std::size_t position = 0;
    for (const auto& [level, members] : by_level) {
      if (position++ % per_band == 0) {
        bands.emplace_back();
        band_levels.emplace_back(level, level);
      }
      bands.back().insert(bands.back().end(), members.begin(), members.end());
      band_levels.back().second = level;
    }
    if (per_band > 1) out.levels_banded = true;
    out.clusters[c].vertices.clear();
    for (std::size_t b = 0; b < bands.size(); ++b) {
      const std::vector<std::uint32_t>& members = bands[b];
      const auto [first, last] = band_levels[b];
      auto index = static_cast<std::uint32_t>(out.vertices.size());
      out.clusters[c].vertices.push_back(index);
      for (std::uint32_t v : members)
        vertex_of[v] = index;
      if (members.size() == 1) {
        out.vertices.push_back(g.vertices[members[0]]);
        continue;
      }
      Vertex group;
      group.name = first == last ? "level " + std::to_string(first)
                                 : "levels " + std::to_string(first) + "–" + std::to_string(last);
      group.kind = "group";
      group.detail = group_detail(g, members);
      group.level = first;
      group.cluster = c;
      for (std::uint32_t v : members) {
        const Vertex& member = g.vertices[v];
        group.effect = std::max(group.effect, member.effect);
        group.critical = group.critical || member.critical;
        group.hidden += 1 + member.hidden;
      }
      out.vertices.push_back(std::move(group));
    }
  }
  for (Cluster& c : out.clusters) {
    if (c.owner != kNone) c.owner = vertex_of[c.owner];
  }
  std::unordered_map<std::uint64_t, std::uint32_t> merged;
  for (const Edge& e : g.edges) {
    std::uint32_t from = vertex_of[e.from];
    std::uint32_t to = vertex_of[e.to];
    if (from == to) continue;
    std::uint64_t key =
        (std::uint64_t{from} << 34) | (std::uint64_t{to} << 2) | static_cast<std::uint64_t>(e.kind);
    auto [it, inserted] = merged.try_emplace(key, static_cast<std::uint32_t>(out.edges.size()));
    if (inserted) {
      out.edges.push_back(Edge{from, to, e.kind, e.critical, e.count});
    } else {
      out.edges[it->second].count += e.count;
      out.edges[it->second].critical = out.edges[it->second].critical || e.critical;
    }
  }
  return out;
}

std::string label_detail(const Vertex& v) {
  std::string text = v.detail;
  if (v.kind == "call") text = "call " + v.detail;
  if (v.hidden > 0 && v.kind != "group") {
    text += " (" + std::to_string(v.hidden) + (v.hidden == 1 ? " node" : " nodes") + " collapsed)";
  } else if (v.kind == "group") {
    text = std::to_string(v.hidden) + " nodes: " + text;
  }
  return text;
}

}  // namespace graph

GraphSummary write_graph(std::ostream& out, const Module& module, GraphFormat format,
                         const GraphLimits& limits) {
  using graph::Collapse;
  GraphSummary summary;
  for_each_node(module, [&](NodeId) { ++summary.module_nodes; });
  const bool may_collapse = limits.max_nodes != 0;
  auto too_big = [&](const graph::Graph& g) {
    return g.vertices.size() > limits.max_nodes ||
           (format == GraphFormat::Mermaid && g.edges.size() > limits.max_mermaid_edges);
  };
  const bool over_nodes = may_collapse && summary.module_nodes > limits.max_nodes;
  graph::Graph g = graph::build(module, over_nodes ? Collapse::Regions : Collapse::None);
  std::string reason = over_nodes ? "more than " + std::to_string(limits.max_nodes) + " nodes"
                                  : "more than " + std::to_string(limits.max_mermaid_edges) +
                                        " edges (Mermaid's default limit)";
  if (may_collapse && g.collapse == Collapse::None && too_big(g)) {
    g = graph::build(module, Collapse::Regions);
  }
  if (may_collapse && format != GraphFormat::Json && too_big(g)) g = graph::group_levels(g);
  summary.regions_collapsed = g.collapse != Collapse::None;
  summary.levels_grouped = g.collapse == Collapse::Levels;
  if (summary.regions_collapsed) {
    summary.notice = std::to_string(summary.module_nodes) + " nodes, " + reason +
                     ": the regions of map, filter, if, for and while nodes are collapsed into "
                     "their nodes";
    if (summary.levels_grouped) {
      summary.notice += ", and the nodes of each level are grouped into one box per pipeline";
      if (g.levels_banded) {
        summary.notice += " (past " + std::to_string(graph::kMaxGroupRanks) +
                          " levels, one box per band of consecutive levels)";
      }
    }
    if (format == GraphFormat::Mermaid && g.edges.size() > limits.max_mermaid_edges) {
      summary.notice += "; still " + std::to_string(g.edges.size()) +
                        " edges, more than Mermaid draws by default (use --format dot)";
    }
    summary.notice += " (set the limit with --collapse-above)";
  }
  summary.vertices = g.vertices.size();
  summary.edges = g.edges.size();
  switch (format) {
    case GraphFormat::Dot:
      graph::write_dot(out, g, summary.notice);
      break;
    case GraphFormat::Mermaid:
      graph::write_mermaid(out, g, summary.notice);
      break;
    case GraphFormat::Json:
      graph::write_json(out, g, summary.notice);
      break;
  }
  return summary;
}

}  // namespace plumb::ir
