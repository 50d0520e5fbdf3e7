// The DAG IR: what both back ends (interpreter and JIT) execute. A Module holds flat arenas
// of nodes, values, regions and expression trees addressed by typed integer ids (no pointer
// graph). A node reads values (data edges), runs after the nodes in `order_after` (ordering
// edges for volatile and effect stages, docs/language.md §5), and defines result values. Map,
// filter, branch and loop nodes own regions: sub-DAGs with explicit parameters (the item, the
// loop-carried values) and results; a region may read values of enclosing regions, which the
// owning node lists among its inputs ("captures") so scheduling sees every dependency.
// Each node evaluates its `args`, small expression trees whose leaves are constants or the
// node's inputs; the interpreter and the JIT specialise them on the inferred static types.
// This library depends on values and types only, so the runtime can execute a module without
// the compiler.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <plumb/stage.hpp>
#include <plumb/type.hpp>
#include <plumb/value.hpp>
#include "base/invariant/check.hpp"
#include "base/stage/node_attributes.hpp"

#include "base/value/ops.hpp"

namespace plumb::ir {

template <typename Tag>
struct Id {
  static constexpr std::uint32_t kInvalid = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t index = kInvalid;
  bool valid() const { return index != kInvalid; }
  friend bool operator==(Id a, Id b) { return a.index == b.index; }
  friend bool operator!=(Id a, Id b) { return a.index != b.index; }
  friend bool operator<(Id a, Id b) { return a.index < b.index; }
};
using NodeId = Id<struct NodeTag>;
using ValueId = Id<struct ValueTag>;
using RegionId = Id<struct RegionTag>;
using ExprId = Id<struct ExprTag>;
using FunctionId = Id<struct FunctionTag>;

struct SourceLoc {
  std::uint32_t file = 0;  // index into Module::files
  std::uint32_t line = 0;
  std::uint32_t col = 0;
};

enum class NodeKind : std::uint8_t {
  Param,   // a pipeline parameter
  Const,   // a constant value
  Expr,    // a pure expression (operators and built-in functions)
  Stage,   // a stage call
  Call,    // a nested pipeline call
  Map,     // region: item -> yielded value (or absent)
  Filter,  // region: item -> bool
  Branch,  // regions: one per arm; results: the merged values
  For,     // region: item, carried values -> next carried values
  While,   // regions: condition, body; carried values
  Return,  // the pipeline's result
};
std::string_view kind_name(NodeKind kind);
bool has_regions(NodeKind kind);
// The label of a structured node's region `index`: `item`, `then`/`else`, `cond`/`body`.
std::string_view region_label(NodeKind kind, std::size_t index);

// Operations of expression trees.
enum class ExprOp : std::uint8_t {
  Const,    // aux: constant index
  Input,    // aux: index into the owning node's inputs
  Unary,    // sub: ops::Unary; args: operand
  Binary,   // sub: ops::Binary (not And/Or); args: lhs, rhs
  And,      // short-circuit; args: lhs, rhs
  Or,       // short-circuit; args: lhs, rhs
  Ternary,  // args: condition, then, else
  Field,    // aux: string index of the field name; args: object
  Index,    // args: object, index
  List,     // args: items
  Record,   // aux: shape index; args: field values in shape order
  Builtin,  // aux: built-in index; args: arguments
  Concat,   // string interpolation: args' texts joined
};

struct ExprNode {
  ExprOp op;
  std::uint8_t sub = 0;
  std::uint32_t aux = 0;
  Type type;
  SourceLoc loc;
  std::uint32_t first_arg = 0;  // into Module::expr_args
  std::uint32_t arg_count = 0;
};

struct Node {
  NodeKind kind;
  Purity effect = Purity::Pure;
  RegionId region;         // the region the node belongs to
  std::uint32_t name = 0;  // string index: the bound name, or `stage#line`
  SourceLoc loc;
  std::vector<ValueId> inputs;  // data edges (structured nodes: operands, then captures)
  std::vector<ExprId> args;     // evaluated when the node starts
  std::vector<NodeId> order_after;
  std::vector<RegionId> regions;
  std::vector<ValueId> results;
  NodeAttributes attributes;
  // Stage: the registered stage and, after its parameters' args, the extra keyword names.
  const StageDef* stage = nullptr;
  std::vector<std::uint32_t> extra_keywords;  // string indexes
  FunctionId callee;                          // Call
  std::uint32_t param_index = 0;              // Param
  std::uint32_t operand_count = 0;            // structured: inputs before the captures
  // Written by the scheduling pass.
  std::uint32_t level = 0;  // nodes of a region with the same level may run at once
  bool critical = false;    // on the region's critical path
  bool erased = false;      // removed by a pass (kept in the arena, not in any region)
};

struct Region {
  NodeId owner;  // the structured node; invalid for a pipeline body
  FunctionId function;
  std::uint32_t depth = 0;  // 0 for a pipeline body
  std::vector<ValueId> params;
  std::vector<NodeId> nodes;  // in a topological order (the source order)
  std::vector<ValueId> results;
};

struct ValueInfo {
  NodeId def;  // invalid for a region parameter
  RegionId region;
  std::uint32_t index = 0;  // result or parameter position
  Type type;
  std::uint32_t name = 0;  // string index, for printing
};

struct ParamInfo {
  std::uint32_t name = 0;
  Type type;
  std::optional<Value> default_value;
};

struct Function {
  std::uint32_t name = 0;
  SourceLoc loc;
  std::vector<ParamInfo> params;
  Type result_type;
  RegionId body;
  Purity effect = Purity::Pure;
};

class Module {
 public:
  std::vector<std::string> files;
  std::vector<Function> functions;
  std::vector<Node> nodes;
  std::vector<Region> regions;
  std::vector<ValueInfo> values;
  std::vector<ExprNode> exprs;
  std::vector<ExprId> expr_args;
  std::vector<Value> constants;
  std::vector<Shape> shapes;
  std::vector<std::string> strings;

  // The accessors check, in Debug and sanitizer builds, that the id is valid and belongs to
  // this module's arena (base/invariant/check.hpp).
  Node& node(NodeId id) { return at(nodes, id, "node id out of range"); }
  const Node& node(NodeId id) const { return at(nodes, id, "node id out of range"); }
  Region& region(RegionId id) { return at(regions, id, "region id out of range"); }
  const Region& region(RegionId id) const { return at(regions, id, "region id out of range"); }
  ValueInfo& value(ValueId id) { return at(values, id, "value id out of range"); }
  const ValueInfo& value(ValueId id) const { return at(values, id, "value id out of range"); }
  ExprNode& expr(ExprId id) { return at(exprs, id, "expression id out of range"); }
  const ExprNode& expr(ExprId id) const { return at(exprs, id, "expression id out of range"); }
  Function& function(FunctionId id) { return at(functions, id, "function id out of range"); }
  const Function& function(FunctionId id) const {
    return at(functions, id, "function id out of range");
  }
  ExprId expr_arg(const ExprNode& e, std::uint32_t i) const {
    PLUMB_DCHECK(i < e.arg_count && e.first_arg + i < expr_args.size(),
                 "expression argument out of range");
    return expr_args[e.first_arg + i];
  }
  const std::string& string(std::uint32_t index) const { return strings[index]; }
  std::string_view node_name(NodeId id) const { return strings[node(id).name]; }

  std::uint32_t intern(std::string_view text);
  std::uint32_t add_constant(Value value);
  std::uint32_t add_shape(Shape shape);
  ExprId add_expr(ExprNode node, const std::vector<ExprId>& args);
  ValueId add_value(NodeId def, RegionId region, std::uint32_t index, Type type,
                    std::uint32_t name);

 private:
  template <typename Arena, typename Tag>
  static auto at(Arena& arena, Id<Tag> id, const char* message) -> decltype(arena[0]) {
    PLUMB_DCHECK(id.index < arena.size(), message);
    return arena[id.index];
  }

  std::unordered_map<std::string, std::uint32_t> intern_index_;
};

}  // namespace plumb::ir
