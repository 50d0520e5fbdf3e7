// The drawing model behind `write_graph` (graph.hpp): vertices, edges and clusters built once
// from a module, then written by one writer per format (graph_dot.cpp, graph_mermaid.cpp,
// graph_json.cpp). A vertex is one IR node, or a group of the nodes of one scheduling level
// when levels are grouped; a cluster is a pipeline body or one region of a structured node.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <limits>
#include <string>
#include <vector>

#include "compiler/ir/ir.hpp"

namespace plumb::ir::graph {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
// Level groups per cluster: beyond this many levels, consecutive levels share a group, so no
// edge spans more ranks than this (Graphviz lays out edges across many ranks very slowly).
constexpr std::size_t kMaxGroupRanks = 40;

enum class Collapse : std::uint8_t { None, Regions, Levels };
enum class EdgeKind : std::uint8_t { Data, Order, Result };

struct Vertex {
  std::string name;    // the bound name or `stage#line`; `level N` for a group
  std::string kind;    // `stage`, `map`, ...; `group` for a group
  std::string detail;  // the stage, `@callee`, or a group's most frequent kinds
  std::string type;    // the first result's static type
  Purity effect = Purity::Pure;
  std::uint32_t level = 0;
  bool critical = false;
  std::uint32_t cluster = 0;
  std::uint32_t hidden = 0;  // nodes folded into this vertex (collapsed regions, a group)
  NodeId node;               // invalid for a group
  SourceLoc loc;
};

struct Edge {
  std::uint32_t from = 0;
  std::uint32_t to = 0;
  EdgeKind kind = EdgeKind::Data;
  bool critical = false;
  std::uint32_t count = 1;  // edges merged into this one (grouped levels)
};

struct Cluster {
  std::uint32_t parent = kNone;  // kNone for a pipeline body
  std::string label;             // `pipeline @main`, `scored ^item`
  std::uint32_t owner = kNone;   // the vertex of the structured node
  std::vector<std::uint32_t> vertices;
  std::vector<std::uint32_t> children;
};

struct Graph {
  std::vector<Vertex> vertices;
  std::vector<Edge> edges;
  std::vector<Cluster> clusters;
  std::vector<std::string> files;
  Collapse collapse = Collapse::None;
  bool levels_banded = false;  // some cluster has more than kMaxGroupRanks levels
};

// Builds the drawing of `module` with regions expanded or collapsed (not Levels).
Graph build(const Module& module, Collapse collapse);
// Groups the vertices of each cluster by level; edges between groups are merged.
Graph group_levels(const Graph& graph);

// One line per vertex: `name`, then the detail (`io.read_text`, `map`, ...).
std::string label_detail(const Vertex& vertex);

void write_dot(std::ostream& out, const Graph& graph, const std::string& notice);
void write_mermaid(std::ostream& out, const Graph& graph, const std::string& notice);
void write_json(std::ostream& out, const Graph& graph, const std::string& notice);

}  // namespace plumb::ir::graph
