// Where a node of a program is: its pipeline, its name, its stage and its place in the source.
// One type carries it everywhere a node is named: a run's error (ErrorInfo), what a node did
// (NodeResult), the static facts spans and metrics take from a node (telemetry::NodeMeta).
// They derive from it, so `error.node` reads as before, and copy it whole with `site()`.
#pragma once

#include <cstdint>
#include <string>

namespace plumb {

struct NodeSite {
  std::string pipeline;    // the pipeline containing the node
  std::string node;        // the node's name (`x` in `x = io.read_text(...)`, or a generated one)
  std::string stage;       // the stage called, or the node kind (`map`, `if`, ...); see ErrorInfo
  std::string file;        // the source file of the node, as the compiler was given it
  std::uint32_t line = 0;  // 1-based line of the node in `file`; 0 when it has no place
  std::uint32_t col = 0;   // 1-based column, in code points

  NodeSite& site() { return *this; }
  const NodeSite& site() const { return *this; }
};

}  // namespace plumb
