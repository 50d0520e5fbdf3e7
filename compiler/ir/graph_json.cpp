// The JSON writer: the drawing model as data, one node, edge or region per line.
//   {"collapse": "none"|"regions"|"levels", "notice": null|"...",
//    "nodes": [{"id", "name", "kind", "stage"|"callee", "type", "effect", "level", "critical",
//               "region", "hidden", "file", "line", "col"}],
//    "edges": [{"from", "to", "kind": "data"|"order"|"result", "critical", "count"}],
//    "regions": [{"id", "label", "parent", "owner", "nodes"}],
//    "levels": [{"region", "level", "nodes"}]}
#include <map>
#include <ostream>

#include <plumb/json.hpp>

#include "compiler/ir/graph_model.hpp"

namespace plumb::ir::graph {

namespace {

std::string json_string(std::string_view text) {
  return to_json(Value::string(text));
}

std::string id_or_null(std::uint32_t id) {
  return id == kNone ? "null" : std::to_string(id);
}

std::string id_list(const std::vector<std::uint32_t>& ids) {
  std::string text = "[";
  for (std::size_t i = 0; i < ids.size(); ++i)
    text += (i ? ", " : "") + std::to_string(ids[i]);
  return text + "]";
}

const char* collapse_name(Collapse c) {
  switch (c) {
    case Collapse::None:
      return "none";
    case Collapse::Regions:
      return "regions";
    case Collapse::Levels:
      return "levels";
  }
  return "none";
}

const char* edge_kind_name(EdgeKind kind) {
  switch (kind) {
    case EdgeKind::Data:
      return "data";
    case EdgeKind::Order:
      return "order";
    case EdgeKind::Result:
      return "result";
  }
  return "data";
}

void node(std::ostream& out, const Graph& g, std::uint32_t id) {
  const Vertex& v = g.vertices[id];
  out << "{\"id\": " << id << ", \"name\": " << json_string(v.name)
      << ", \"kind\": " << json_string(v.kind);
  if (v.kind == "stage") out << ", \"stage\": " << json_string(v.detail);
  if (v.kind == "call") out << ", \"callee\": " << json_string(v.detail.substr(1));
  if (v.kind == "group") out << ", \"members\": " << json_string(v.detail);
  if (!v.type.empty()) out << ", \"type\": " << json_string(v.type);
  out << ", \"effect\": " << json_string(purity_name(v.effect)) << ", \"level\": " << v.level
      << ", \"critical\": " << (v.critical ? "true" : "false") << ", \"region\": " << v.cluster
      << ", \"hidden\": " << v.hidden;
  if (v.node.valid() && v.loc.file < g.files.size()) {
    out << ", \"file\": " << json_string(g.files[v.loc.file]) << ", \"line\": " << v.loc.line
        << ", \"col\": " << v.loc.col;
  }
  out << '}';
}

}  // namespace

void write_json(std::ostream& out, const Graph& g, const std::string& notice) {
  out << "{\"collapse\": \"" << collapse_name(g.collapse)
      << "\",\n \"notice\": " << (notice.empty() ? "null" : json_string(notice))
      << ",\n \"nodes\": [";
  for (std::uint32_t v = 0; v < g.vertices.size(); ++v) {
    out << (v ? ",\n  " : "\n  ");
    node(out, g, v);
  }
  out << "],\n \"edges\": [";
  for (std::size_t i = 0; i < g.edges.size(); ++i) {
    const Edge& e = g.edges[i];
    out << (i ? ",\n  " : "\n  ") << "{\"from\": " << e.from << ", \"to\": " << e.to
        << ", \"kind\": \"" << edge_kind_name(e.kind)
        << "\", \"critical\": " << (e.critical ? "true" : "false") << ", \"count\": " << e.count
        << '}';
  }
  out << "],\n \"regions\": [";
  for (std::uint32_t c = 0; c < g.clusters.size(); ++c) {
    const Cluster& cluster = g.clusters[c];
    out << (c ? ",\n  " : "\n  ") << "{\"id\": " << c
        << ", \"label\": " << json_string(cluster.label)
        << ", \"parent\": " << id_or_null(cluster.parent)
        << ", \"owner\": " << id_or_null(cluster.owner)
        << ", \"nodes\": " << id_list(cluster.vertices) << '}';
  }
  out << "],\n \"levels\": [";
  bool first = true;
  for (std::uint32_t c = 0; c < g.clusters.size(); ++c) {
    std::map<std::uint32_t, std::vector<std::uint32_t>> levels;
    for (std::uint32_t v : g.clusters[c].vertices) {
      if (g.vertices[v].level > 0) levels[g.vertices[v].level].push_back(v);
    }
    for (const auto& [level, members] : levels) {
      out << (first ? "\n  " : ",\n  ") << "{\"region\": " << c << ", \"level\": " << level
          << ", \"nodes\": " << id_list(members) << '}';
      first = false;
    }
  }
  out << "]}\n";
}

}  // namespace plumb::ir::graph
