// Drawing a module as a graph for `plumb graph`: Graphviz DOT, Mermaid or JSON. Nodes are
// labelled with their name and stage, data edges are solid, ordering edges dashed, the regions
// of map/filter/if/for/while nodes are clusters (DOT) or subgraphs (Mermaid), nodes of one
// scheduling level share a rank, and the critical path is highlighted.
//
// Large modules stay drawable: above `max_nodes` vertices (or, for Mermaid, above its default
// limit of 500 edges) every structured node's regions are collapsed into the node; if the
// drawing is still too large, the nodes of each level of a region are grouped into one box
// (past 40 levels, one box per band of consecutive levels, to keep edges short).
// The summary's `notice` says what was collapsed, and the output repeats it as a comment.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>

#include "compiler/ir/ir.hpp"

namespace plumb::ir {

enum class GraphFormat : std::uint8_t { Dot, Mermaid, Json };

struct GraphLimits {
  std::size_t max_nodes = 2000;         // 0: never collapse
  std::size_t max_mermaid_edges = 500;  // Mermaid's default `maxEdges`
};

struct GraphSummary {
  std::size_t module_nodes = 0;  // nodes of the module
  std::size_t vertices = 0;      // boxes drawn
  std::size_t edges = 0;         // edges drawn
  bool regions_collapsed = false;
  bool levels_grouped = false;
  std::string notice;  // empty when the module is drawn in full
};

GraphSummary write_graph(std::ostream& out, const Module& module, GraphFormat format,
                         const GraphLimits& limits = {});

}  // namespace plumb::ir
