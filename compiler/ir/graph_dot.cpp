// The Graphviz DOT writer: one cluster per pipeline body and per region, nodes of one level
// of a region in a `{rank=same; ...}` group, data edges solid, ordering edges dashed, region
// results dotted (without constraining the layout), and the critical path in red.
#include <map>
#include <ostream>

#include "compiler/ir/graph_model.hpp"

namespace plumb::ir::graph {

namespace {

constexpr const char* kCritical = "#c0392b";

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

class DotWriter {
 public:
  DotWriter(std::ostream& out, const Graph& g) : out_(out), g_(g) {}

  void write(const std::string& notice) {
    out_ << "// plumb graph: data edges solid, ordering edges dashed, region results dotted,\n"
            "// critical path in red, nodes of one level on one rank\n";
    if (!notice.empty()) out_ << "// note: " << notice << '\n';
    out_ << "digraph plumb {\n"
            "  graph [rankdir=TB, newrank=true, fontname=\"Helvetica\", fontsize=11];\n"
            "  node [shape=box, style=\"rounded,filled\", fillcolor=\"white\", "
            "fontname=\"Helvetica\", fontsize=10];\n"
            "  edge [fontname=\"Helvetica\", fontsize=9];\n";
    for (std::uint32_t c = 0; c < g_.clusters.size(); ++c) {
      if (g_.clusters[c].parent == kNone) cluster(c, 1);
    }
    for (const Edge& e : g_.edges)
      edge(e);
    out_ << "}\n";
  }

 private:
  void indent(int depth) { out_ << std::string(static_cast<std::size_t>(depth) * 2, ' '); }

  void cluster(std::uint32_t id, int depth) {
    const Cluster& c = g_.clusters[id];
    indent(depth);
    out_ << "subgraph cluster_" << id << " {\n";
    indent(depth + 1);
    out_ << "label=" << quoted(c.label) << "; style=\"rounded\"; color=\""
         << (c.parent == kNone ? "gray30" : "gray60") << "\";\n";
    std::map<std::uint32_t, std::vector<std::uint32_t>> levels;
    for (std::uint32_t v : c.vertices) {
      vertex(v, depth + 1);
      if (g_.vertices[v].level > 0) levels[g_.vertices[v].level].push_back(v);
    }
    for (const auto& [level, members] : levels) {
      if (members.size() < 2) continue;
      indent(depth + 1);
      out_ << "{ rank=same;";
      for (std::uint32_t v : members)
        out_ << " n" << v << ';';
      out_ << " }\n";
    }
    for (std::uint32_t child : c.children)
      cluster(child, depth + 1);
    indent(depth);
    out_ << "}\n";
  }

  void vertex(std::uint32_t id, int depth) {
    const Vertex& v = g_.vertices[id];
    indent(depth);
    out_ << 'n' << id << " [label=" << quoted(v.name + '\n' + label_detail(v));
    std::string tooltip = v.kind;
    if (v.node.valid() && v.loc.file < g_.files.size()) {
      tooltip = g_.files[v.loc.file] + ":" + std::to_string(v.loc.line) + ": " + v.kind;
    }
    if (!v.type.empty()) tooltip += " : " + v.type;
    if (v.effect != Purity::Pure) tooltip += " (" + std::string(purity_name(v.effect)) + ")";
    if (v.level > 0) tooltip += ", level " + std::to_string(v.level);
    out_ << ", tooltip=" << quoted(tooltip);
    if (v.kind == "param") out_ << ", shape=ellipse";
    if (v.kind == "return") out_ << ", peripheries=2";
    if (v.kind == "group") out_ << ", shape=box3d, style=filled";
    if (v.hidden > 0 && v.kind != "group") out_ << ", shape=folder, style=filled";
    if (v.effect == Purity::Volatile) out_ << ", fillcolor=\"#dbe9f6\"";
    if (v.effect == Purity::Effect) out_ << ", fillcolor=\"#f9dcc4\"";
    if (v.critical) out_ << ", color=\"" << kCritical << "\", penwidth=2";
    out_ << "];\n";
  }

  void edge(const Edge& e) {
    out_ << "  n" << e.from << " -> n" << e.to;
    std::string attributes;
    auto add = [&](const std::string& a) { attributes += (attributes.empty() ? "" : ", ") + a; };
    if (e.kind == EdgeKind::Order) add("style=dashed");
    if (e.kind == EdgeKind::Result) add("style=dotted, constraint=false, arrowhead=empty");
    if (e.critical) {
      add("color=\"" + std::string(kCritical) + "\", penwidth=2");
    } else if (e.kind != EdgeKind::Data) {
      add("color=\"gray40\"");
    }
    if (e.count > 1) add("label=\"×" + std::to_string(e.count) + "\"");
    if (!attributes.empty()) out_ << " [" << attributes << ']';
    out_ << ";\n";
  }

  std::ostream& out_;
  const Graph& g_;
};

}  // namespace

void write_dot(std::ostream& out, const Graph& graph, const std::string& notice) {
  DotWriter(out, graph).write(notice);
}

}  // namespace plumb::ir::graph
