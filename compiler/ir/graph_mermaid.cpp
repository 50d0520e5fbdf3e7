// The Mermaid flowchart writer: subgraphs for pipeline bodies and regions, `-->` data edges,
// `-.->` ordering edges, `-.->|yield|` region results, `==>` on the critical path; the level
// of each node is part of its label (Mermaid has no ranks), volatile and effect nodes and the
// critical path are styled with classes.
#include <ostream>

#include "compiler/ir/graph_model.hpp"

namespace plumb::ir::graph {

namespace {

// Text inside `["..."]`: Mermaid's entity codes for the characters it would interpret.
std::string escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '"':
        out += "#quot;";
        break;
      case '#':
        out += "#35;";
        break;
      case '<':
        out += "#lt;";
        break;
      case '>':
        out += "#gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

class MermaidWriter {
 public:
  MermaidWriter(std::ostream& out, const Graph& g) : out_(out), g_(g) {}

  void write(const std::string& notice) {
    out_ << "%% plumb graph: data edges solid, ordering edges dotted, critical path thick\n";
    if (!notice.empty()) out_ << "%% note: " << notice << '\n';
    out_ << "flowchart TB\n";
    for (std::uint32_t c = 0; c < g_.clusters.size(); ++c) {
      if (g_.clusters[c].parent == kNone) cluster(c, 1);
    }
    for (const Edge& e : g_.edges)
      edge(e);
    out_ << "  classDef volatile fill:#dbe9f6,stroke:#4a6fa5\n"
            "  classDef effect fill:#f9dcc4,stroke:#c0612b\n"
            "  classDef critical stroke:#c0392b,stroke-width:3px\n";
    class_line("volatile", [](const Vertex& v) { return v.effect == Purity::Volatile; });
    class_line("effect", [](const Vertex& v) { return v.effect == Purity::Effect; });
    class_line("critical", [](const Vertex& v) { return v.critical; });
  }

 private:
  void indent(int depth) { out_ << std::string(static_cast<std::size_t>(depth) * 2, ' '); }

  void cluster(std::uint32_t id, int depth) {
    const Cluster& c = g_.clusters[id];
    indent(depth);
    out_ << "subgraph c" << id << "[\"" << escaped(c.label) << "\"]\n";
    for (std::uint32_t v : c.vertices)
      vertex(v, depth + 1);
    for (std::uint32_t child : c.children)
      cluster(child, depth + 1);
    indent(depth);
    out_ << "end\n";
  }

  void vertex(std::uint32_t id, int depth) {
    const Vertex& v = g_.vertices[id];
    std::string label = escaped(v.name) + "<br/>" + escaped(label_detail(v));
    if (v.level > 0) label += " · level " + std::to_string(v.level);
    std::string_view shape = v.kind == "param" ? "([])" : v.hidden > 0 ? "[[]]" : "[]";
    std::string_view open = shape.substr(0, shape.size() / 2);
    std::string_view close = shape.substr(shape.size() / 2);
    indent(depth);
    out_ << 'n' << id << open << '"' << label << '"' << close << '\n';
  }

  void edge(const Edge& e) {
    // The edge text (`|yield|`, `|×3|`) follows the arrow with no space between them.
    const char* arrow = e.kind == EdgeKind::Data    ? (e.critical ? " ==>" : " -->")
                        : e.kind == EdgeKind::Order ? " -.->"
                                                    : " -.->|yield|";
    out_ << "  n" << e.from << arrow;
    if (e.count > 1) out_ << "|×" << e.count << '|';
    out_ << " n" << e.to << '\n';
  }

  template <typename Predicate>
  void class_line(const char* name, Predicate&& selected) {
    std::string ids;
    for (std::uint32_t v = 0; v < g_.vertices.size(); ++v) {
      if (selected(g_.vertices[v])) ids += (ids.empty() ? "n" : ",n") + std::to_string(v);
    }
    if (!ids.empty()) out_ << "  class " << ids << ' ' << name << '\n';
  }

  std::ostream& out_;
  const Graph& g_;
};

}  // namespace

void write_mermaid(std::ostream& out, const Graph& graph, const std::string& notice) {
  MermaidWriter(out, graph).write(notice);
}

}  // namespace plumb::ir::graph
