// The textual IR: a stable, diff-friendly rendering of a module for `plumb ir --emit ir|opt`
// and FileCheck tests. Values are named after the bindings they come from (`%reviews`),
// made unique within a pipeline by a suffix (`%x.1`); unbound nodes are named `stage#line`.
// A node line ends with its kind of effect, the outer values its regions read (`captures`),
// its ordering edges (`after`), its scheduling level and its attributes.
//
//   pipeline @main(%path: str = "in.jsonl", %min: int = 0) -> record volatile {
//     %rows = stage io.read_jsonl(path: %path) : list[record] volatile
//     %kept = filter(%rows, concurrency: null) : list[record] captures(%min) {
//     ^item(%r: record):
//       %where#4 = expr (%r.score > %min) : bool
//       yield %where#4
//     }
//     %return = return %kept : list[record]
//   }
#pragma once

#include <iosfwd>
#include <string>
#include <unordered_map>

#include "compiler/ir/ir.hpp"

namespace plumb::ir {

// Unique printed names of a function's values and nodes.
class Names {
 public:
  Names(const Module& module, FunctionId function);
  // A value's name; `%v<index>` for a value outside every region (only broken IR has those).
  std::string value(ValueId id) const;
  // A node's label: its first result's name, or a unique name made from the node's name.
  std::string node(NodeId id) const;

 private:
  void region(const Module& module, RegionId id);
  std::string unique(const std::string& base);

  std::unordered_map<std::uint32_t, std::string> values_;
  std::unordered_map<std::uint32_t, std::string> nodes_;
  std::unordered_map<std::string, int> taken_;
};

// An expression tree of `node` as text (`(%a + 1)`, `len(%xs)`).
std::string expr_text(const Module& module, const Names& names, const Node& node, ExprId expr);

// A node's line as `plumb ir` prints it, without its scheduling level and its regions' nodes:
// what the node computes (the run store hashes it to tell a changed node from an unchanged one).
std::string node_text(const Module& module, const Names& names, NodeId node);

void print(std::ostream& out, const Module& module);
void print_function(std::ostream& out, const Module& module, FunctionId function);

}  // namespace plumb::ir
