// The execution plan: an optimised IR module prepared once for running, many times and from
// several threads at once. Every region gets a frame layout (one slot per parameter and node
// result); every node gets its inputs resolved to (frames up, slot), its predecessor count
// and successors within its region (data and ordering edges), its compiled argument code,
// and the static span metadata (name, stage, file, line, labels).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <plumb/stage.hpp>
#include "base/stage/node_attributes.hpp"

#include "compiler/ir/ir.hpp"
#include "runtime/exec/bytecode.hpp"
#include "runtime/exec/node_series.hpp"
#include "runtime/telemetry/span_record.hpp"

namespace plumb::exec {

struct SlotRef {
  std::uint16_t up = 0;  // how many frames up (0: the node's own region frame)
  std::uint32_t slot = 0;
};

// Evaluates a node's argument trees: the interpreter's bytecode, or native code from the JIT.
struct ArgumentCode {
  using Function = void (*)(const void* state, const Value* const* inputs, Value* out);
  Function function = nullptr;
  const void* state = nullptr;
};

// A straight-line region compiled as a whole (by the JIT): `inputs` holds the values of the
// region's free inputs (RegionPlan::free_inputs, in order) and the region's one result is
// written to `out`; nonzero means it bailed out, and the nodes then run one by one.
struct RegionCode {
  static constexpr std::size_t kMaxInputs = 16;
  using Function = std::int32_t (*)(const void* state, const Value* const* inputs, Value* out);
  Function function = nullptr;
  const void* state = nullptr;
};

// The fields that every execution reads come first, then the argument code, so that running a
// plan of many nodes touches few cache lines of each (a plan is ~600 bytes a node).
struct NodePlan {
  ir::NodeKind kind;
  bool traced = true;  // gets a span (not parameters, constants, `return` and `trace.*` calls)
  bool critical = false;
  Purity effect = Purity::Pure;
  std::uint32_t id = 0;  // the IR node id (per-node statistics are indexed by it)
  std::uint32_t predecessors = 0;
  std::uint32_t join = 0;  // with two or more predecessors: its counter in Frame::pending
  ArgumentCode evaluator;  // what the executor calls (the interpreter unless the JIT replaced it)
  std::vector<SlotRef> inputs;
  std::vector<std::uint32_t> results;  // slots of the node's results
  std::vector<std::uint32_t> successors;
  Code code;      // the interpreter's code for the arguments
  CodePool pool;  // the plan's constants, shapes and strings
  std::uint32_t arg_count = 0;
  std::vector<std::uint32_t> regions;  // region plans
  const StageDef* stage = nullptr;
  Fields extra_names;  // names of the extra keyword arguments (values unused)
  std::uint32_t callee = 0;
  std::uint32_t param_index = 0;
  NodeAttributes attributes;
  telemetry::NodeMeta meta;
};

struct RegionPlan {
  std::uint32_t slot_count = 0;
  std::vector<std::uint32_t> param_slots;
  std::vector<NodePlan> nodes;
  std::vector<SlotRef> results;
  std::vector<std::uint32_t> roots;  // nodes without predecessors
  std::vector<std::uint32_t> joins;  // nodes with two or more predecessors, by NodePlan::join
  std::uint32_t sinks = 0;           // nodes without successors
  std::uint32_t depth = 0;
  // Only constants and pure expressions without attributes: a map item can run it in a loop
  // on the calling thread without frames, tasks or counters.
  bool straight_line = false;
  // Straight-line regions: what they read that their nodes do not produce (parameters, and
  // values of enclosing frames), in order of first use; and their compiled code, if any.
  std::vector<SlotRef> free_inputs;
  RegionCode native;
  // Contains a stage call that may block (here, in a nested region or a called pipeline): a
  // map over it runs more items at once than there are workers, as they mostly wait.
  bool blocking = false;
  // Holds a `trace.*` call, which adds to the span of the frame running the region.
  bool annotating = false;
};

struct FunctionPlan {
  std::string name;
  std::vector<ir::ParamInfo> params;
  std::vector<std::string> param_names;
  Type result_type;
  std::uint32_t body = 0;
  std::string file;
};

// Where a traced node's plan is (for walking every node without touching each NodePlan).
struct TracedNode {
  std::uint32_t id;  // NodePlan::id
  std::uint32_t region;
  std::uint32_t index;  // in RegionPlan::nodes
};

struct Plan {
  std::vector<RegionPlan> regions;
  std::vector<TracedNode> traced;  // every traced node, region by region
  std::vector<FunctionPlan> functions;
  std::vector<Value> constants;
  std::vector<Shape> shapes;
  std::vector<std::string> strings;
  std::vector<std::string> files;
  std::uint32_t node_count = 0;  // IR node ids are below this
  std::shared_ptr<const ir::Module> module;
  std::shared_ptr<std::vector<NodeSeries>> metric_series;  // by position in `traced`
  bool annotated = false;                                  // some region is annotating

  CodePool pool() const { return CodePool{&constants, &shapes, &strings}; }
  std::int32_t find_function(std::string_view name) const;
};

// Builds the plan of an optimised module; argument code runs in the interpreter.
std::shared_ptr<Plan> make_plan(std::shared_ptr<const ir::Module> module);

// The interpreter as a node's evaluator (the node must not move afterwards).
ArgumentCode interpreter(const NodePlan& node);

}  // namespace plumb::exec
