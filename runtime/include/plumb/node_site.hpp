// Where a node of a program is: its pipeline, its name, its stage and its place in the source.
// One type carries it everywhere a node is named: a run's error (ErrorInfo), what a node did
// (NodeResult), the static facts spans, logs and metrics take from a node (telemetry::NodeMeta)
// and a node as the run store records it. They derive from it, so `error.node` reads as a
// field of the error, and copy it whole with `site()`, never field by field.
#pragma once

#include <cstdint>
#include <string>

namespace plumb {

struct NodeSite {
  std::string pipeline;    // the pipeline containing the node
  std::string node;        // the node's name (`x` in `x = io.read_text(...)`, or a generated one)
  std::string stage;       // the stage called, or the node kind (`map`, `if`, ...); see ErrorInfo
  std::string file;        // the source file of the node, as the compiler was given it
  std::uint32_t line = 0;  // 1-based (ErrorInfo: of the failed operation, if any); 0: no place
  std::uint32_t col = 0;   // 1-based, in code points

  // The site part of a record that derives from it: `result.site() = meta.site()`.
  NodeSite& site() { return *this; }
  const NodeSite& site() const { return *this; }
};

}  // namespace plumb
