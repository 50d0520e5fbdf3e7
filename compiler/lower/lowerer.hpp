// The Lowerer's state while it walks the AST: the module being built, the region stack with
// the effect-ordering bookkeeping of each region, and the SSA environment mapping each
// binding to the value it currently holds. Statements are lowered in lower_stmt.cpp,
// expressions in lower_expr.cpp.
#pragma once

#include <unordered_map>
#include <vector>

#include "compiler/ast/ast.hpp"
#include "compiler/check/program.hpp"
#include "compiler/diag/source.hpp"
#include "compiler/ir/ir.hpp"

namespace plumb::lower {

class Lowerer {
 public:
  Lowerer(ir::Module& module, const diag::SourceManager& sources);

  void declare(const ast::Pipeline& pipeline);
  void define(const ast::Pipeline& pipeline);

 private:
  // The inputs and expression trees of the node being built.
  struct NodeBuilder {
    std::vector<ir::ValueId> inputs;
    std::vector<ir::ExprId> args;
    Purity effect = Purity::Pure;
    std::uint32_t input(ir::ValueId value);
  };
  struct RegionState {
    ir::RegionId id;
    ir::NodeId last_effect;
    std::vector<ir::NodeId> volatiles_since;
  };

  // Nodes and regions (lower_stmt.cpp).
  ir::SourceLoc loc(const diag::Loc& loc);
  ir::NodeId new_node(ir::NodeKind kind, std::string_view name, const diag::Loc& where);
  ir::ValueId add_result(ir::NodeId node, Type type, std::string_view name);
  void place(ir::NodeId node, NodeBuilder& builder);
  ir::RegionId open_region(ir::NodeId owner);
  void close_region();
  ir::RegionId current_region() const { return regions_.back().id; }
  ir::ValueId region_param(Type type, std::string_view name);
  void add_captures(ir::NodeId node);
  std::string unbound_name(std::string_view what, const diag::Loc& where) const;

  // Statements (lower_stmt.cpp).
  void block(const ast::Block& block);
  void statement(const ast::Stmt& stmt);
  ir::ValueId bound_value(const ast::Expr& value, std::string_view name,
                          const NodeAttributes& attributes);
  void if_statement(const ast::IfStmt& stmt);
  ir::ValueId branch(const ast::IfStmt& stmt, std::size_t first_arm,
                     const std::vector<const ast::Binding*>& outputs);
  void for_statement(const ast::ForStmt& stmt);
  void while_statement(const ast::WhileStmt& stmt);
  ir::ValueId constant_node(Value value, Type type, std::string_view name, const diag::Loc& where);

  // Expressions (lower_expr.cpp).
  ir::ExprId tree(const ast::Expr& e, NodeBuilder& builder);
  ir::ExprId constant(Value value, Type type, const diag::Loc& where);
  ir::ValueId node_value(const ast::Expr& e, std::string_view name,
                         const NodeAttributes& attributes);
  ir::ValueId call_node(const ast::CallExpr& e, std::string_view name,
                        const NodeAttributes& attributes);
  ir::ValueId iteration_node(const ast::IterExpr& e, std::string_view name,
                             const NodeAttributes& attributes);
  ir::ValueId short_circuit_node(const ast::Expr& e);
  static bool makes_node(const ast::Expr& e);
  static bool contains_node(const ast::Expr& e);

  ir::Module& m_;
  const diag::SourceManager& sources_;
  std::unordered_map<diag::FileId, std::uint32_t> files_;
  std::unordered_map<const ast::Pipeline*, ir::FunctionId> functions_;
  ir::FunctionId function_;
  std::vector<RegionState> regions_;
  std::unordered_map<const ast::Binding*, ir::ValueId> env_;
  std::vector<ir::ValueId> yields_;  // the value each enclosing map body yields so far
};

}  // namespace plumb::lower
