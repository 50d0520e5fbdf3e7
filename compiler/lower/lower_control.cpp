// Lowering of `if`, `for` and `while`. A branch node has one region per arm (an `else if`
// chain nests a branch in the else region) whose results are the merged outputs: the names
// bound in every arm, the outer `var`s some arm assigns, and inside a map body the value
// yielded so far. Loops carry the `var`s their body assigns as region parameters and results.
#include <algorithm>

#include "compiler/lower/lowerer.hpp"

namespace plumb::lower {

namespace {

constexpr std::int64_t kDefaultWhileBound = 1'000'000;

// The binding an arm makes for `name` (directly, or through an `if` merged inside the arm).
const ast::Binding* arm_binding(const ast::Block& arm, const std::string& name) {
  for (auto it = arm.stmts.rbegin(); it != arm.stmts.rend(); ++it) {
    const ast::Stmt& stmt = **it;
    if (stmt.kind == ast::StmtKind::Bind) {
      const auto& bind = stmt.as<ast::BindStmt>();
      if (bind.binding && bind.binding->name == name && bind.binding->decl == &bind) {
        return bind.binding;
      }
    } else if (stmt.kind == ast::StmtKind::If) {
      for (const ast::Binding* merged : stmt.as<ast::IfStmt>().merged) {
        if (merged->name == name) return merged;
      }
    }
  }
  return nullptr;
}

}  // namespace

void Lowerer::if_statement(const ast::IfStmt& stmt) {
  std::vector<const ast::Binding*> outputs(stmt.merged.begin(), stmt.merged.end());
  outputs.insert(outputs.end(), stmt.assigned_vars.begin(), stmt.assigned_vars.end());
  branch(stmt, 0, outputs);
}

// Lowers arms [first_arm, end) as one branch node; sets env_ for `outputs` (and the yield
// slot) to its results.
ir::ValueId Lowerer::branch(const ast::IfStmt& stmt, std::size_t first_arm,
                            const std::vector<const ast::Binding*>& outputs) {
  const ast::IfArm& arm = stmt.arms[first_arm];
  ir::NodeId node = new_node(ir::NodeKind::Branch, unbound_name("if", arm.loc), arm.loc);
  m_.node(node).attributes = stmt.node_attributes;
  NodeBuilder builder;
  builder.args.push_back(tree(*arm.cond, builder));

  // Values before the `if`, restored before each arm.
  std::vector<ir::ValueId> before;
  for (const ast::Binding* b : outputs) {
    auto it = env_.find(b);
    before.push_back(it == env_.end() ? ir::ValueId{} : it->second);
  }
  const bool in_map = !yields_.empty();
  const ir::ValueId yield_before = in_map ? yields_.back() : ir::ValueId{};

  std::vector<std::vector<ir::ValueId>> arm_results;
  std::vector<ir::ValueId> arm_yields;
  for (int side = 0; side < 2; ++side) {
    open_region(node);
    if (side == 0) {
      block(arm.body);
    } else if (first_arm + 1 < stmt.arms.size()) {
      const ast::IfArm& next = stmt.arms[first_arm + 1];
      if (next.cond) {
        branch(stmt, first_arm + 1, outputs);
      } else {
        block(next.body);
      }
    }
    std::vector<ir::ValueId> results;
    bool is_else_body =
        side == 1 && first_arm + 1 < stmt.arms.size() && !stmt.arms[first_arm + 1].cond;
    const ast::Block* own_body = side == 0      ? &arm.body
                                 : is_else_body ? &stmt.arms[first_arm + 1].body
                                                : nullptr;
    for (std::size_t i = 0; i < outputs.size(); ++i) {
      const ast::Binding* b = outputs[i];
      bool merged = b->kind != ast::BindingKind::Var ||
                    std::find(stmt.merged.begin(), stmt.merged.end(), b) != stmt.merged.end();
      const ast::Binding* source = b;
      if (merged && own_body) source = arm_binding(*own_body, b->name);
      results.push_back(env_.at(source));
      if (before[i].valid()) env_[b] = before[i];
    }
    arm_results.push_back(std::move(results));
    if (in_map) {
      ir::ValueId yielded = yields_.back();
      if (!yielded.valid()) {
        yielded =
            constant_node(Value::absent(), Type::any(), unbound_name("absent", arm.loc), arm.loc);
      }
      arm_yields.push_back(yielded);
      yields_.back() = yield_before;
    }
    close_region();
  }
  // Region results, and one node result per output (typed as the join of the arms).
  auto& regions = m_.node(node).regions;
  bool merge_yield = in_map && (arm_yields[0] != yield_before || arm_yields[1] != yield_before);
  std::vector<ir::ValueId> results;
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    Type type = join(m_.value(arm_results[0][i]).type, m_.value(arm_results[1][i]).type);
    results.push_back(add_result(node, type, outputs[i]->name));
  }
  if (merge_yield) {
    Type type = join(m_.value(arm_yields[0]).type, m_.value(arm_yields[1]).type);
    results.push_back(add_result(node, type, unbound_name("yield", arm.loc)));
  }
  for (int side = 0; side < 2; ++side) {
    ir::Region& region = m_.region(regions[static_cast<std::size_t>(side)]);
    region.results = arm_results[static_cast<std::size_t>(side)];
    if (merge_yield) region.results.push_back(arm_yields[static_cast<std::size_t>(side)]);
  }
  place(node, builder);
  for (std::size_t i = 0; i < outputs.size(); ++i)
    env_[outputs[i]] = results[i];
  if (merge_yield) yields_.back() = results.back();
  return results.empty() ? ir::ValueId{} : results.front();
}

void Lowerer::for_statement(const ast::ForStmt& stmt) {
  ir::NodeId node = new_node(ir::NodeKind::For, unbound_name("for", stmt.loc), stmt.loc);
  m_.node(node).attributes = stmt.node_attributes;
  NodeBuilder builder;
  builder.args.push_back(tree(*stmt.source, builder));
  const auto& carried = stmt.assigned_vars;
  for (const ast::Binding* var : carried) {
    ir::ValueId init = env_.at(var);
    ir::ExprNode input{ir::ExprOp::Input, 0, builder.input(init), m_.value(init).type,
                       loc(stmt.loc)};
    builder.args.push_back(m_.add_expr(input, {}));
  }
  open_region(node);
  env_[stmt.item] = region_param(stmt.item->type, stmt.var);
  for (const ast::Binding* var : carried)
    env_[var] = region_param(var->type, var->name);
  block(stmt.body);
  std::vector<ir::ValueId> next;
  for (const ast::Binding* var : carried)
    next.push_back(env_.at(var));
  m_.region(m_.node(node).regions.back()).results = next;
  close_region();
  std::vector<ir::ValueId> finals;
  for (const ast::Binding* var : carried)
    finals.push_back(add_result(node, var->type, var->name));
  place(node, builder);
  for (std::size_t i = 0; i < carried.size(); ++i)
    env_[carried[i]] = finals[i];
}

void Lowerer::while_statement(const ast::WhileStmt& stmt) {
  ir::NodeId node = new_node(ir::NodeKind::While, unbound_name("while", stmt.loc), stmt.loc);
  m_.node(node).attributes = stmt.node_attributes;
  NodeBuilder builder;
  builder.args.push_back(
      stmt.max ? tree(*stmt.max, builder)
               : constant(Value::integer(kDefaultWhileBound), Type::integer(), stmt.loc));
  const auto& carried = stmt.assigned_vars;
  std::vector<ir::ValueId> initial;
  for (const ast::Binding* var : carried) {
    ir::ValueId init = env_.at(var);
    initial.push_back(init);
    ir::ExprNode input{ir::ExprOp::Input, 0, builder.input(init), m_.value(init).type,
                       loc(stmt.loc)};
    builder.args.push_back(m_.add_expr(input, {}));
  }
  // The condition region sees the carried values of the iteration about to start.
  open_region(node);
  for (const ast::Binding* var : carried)
    env_[var] = region_param(var->type, var->name);
  ir::ValueId cond = bound_value(*stmt.cond, unbound_name("while.cond", stmt.loc), {});
  m_.region(m_.node(node).regions.back()).results = {cond};
  close_region();
  open_region(node);
  for (const ast::Binding* var : carried)
    env_[var] = region_param(var->type, var->name);
  block(stmt.body);
  std::vector<ir::ValueId> next;
  for (const ast::Binding* var : carried)
    next.push_back(env_.at(var));
  m_.region(m_.node(node).regions.back()).results = next;
  close_region();
  for (std::size_t i = 0; i < carried.size(); ++i)
    env_[carried[i]] = initial[i];
  std::vector<ir::ValueId> finals;
  for (const ast::Binding* var : carried)
    finals.push_back(add_result(node, var->type, var->name));
  place(node, builder);
  for (std::size_t i = 0; i < carried.size(); ++i)
    env_[carried[i]] = finals[i];
}

}  // namespace plumb::lower
