// Lowering of pipelines and statements: nodes and regions, effect-ordering edges, captures,
// SSA merging of `var`s and of names bound in every arm of an `if`, loops with carried values,
// and `yield` (a hidden per-map variable merged like a `var`).
#include <algorithm>

#include "compiler/check/constant.hpp"
#include "compiler/lower/lowerer.hpp"

namespace plumb::lower {

namespace {

Purity strongest(Purity a, Purity b) {
  return a > b ? a : b;
}

}  // namespace

std::uint32_t Lowerer::NodeBuilder::input(ir::ValueId value) {
  auto it = std::find(inputs.begin(), inputs.end(), value);
  if (it != inputs.end()) return static_cast<std::uint32_t>(it - inputs.begin());
  inputs.push_back(value);
  return static_cast<std::uint32_t>(inputs.size() - 1);
}

Lowerer::Lowerer(ir::Module& module, const diag::SourceManager& sources)
    : m_(module), sources_(sources) {
}

ir::SourceLoc Lowerer::loc(const diag::Loc& where) {
  auto [it, inserted] = files_.try_emplace(where.file, static_cast<std::uint32_t>(m_.files.size()));
  if (inserted) m_.files.push_back(sources_.file(where.file).path());
  return ir::SourceLoc{it->second, where.line, where.col};
}

std::string Lowerer::unbound_name(std::string_view what, const diag::Loc& where) const {
  return std::string(what) + "#" + std::to_string(where.line);
}

void Lowerer::declare(const ast::Pipeline& pipeline) {
  ir::Function function;
  function.name = m_.intern(pipeline.name);
  function.loc = loc(pipeline.loc);
  for (const ast::Param& p : pipeline.params) {
    function.params.push_back(
        {m_.intern(p.name), p.binding ? p.binding->type : Type::any(), p.default_constant});
  }
  function.result_type = pipeline.result_type;
  function.effect = pipeline.effect;
  m_.functions.push_back(std::move(function));
  functions_[&pipeline] = ir::FunctionId{static_cast<std::uint32_t>(m_.functions.size() - 1)};
}

void Lowerer::define(const ast::Pipeline& pipeline) {
  function_ = functions_.at(&pipeline);
  env_.clear();
  ir::RegionId body = open_region(ir::NodeId{});
  m_.function(function_).body = body;
  for (std::size_t i = 0; i < pipeline.params.size(); ++i) {
    const ast::Param& p = pipeline.params[i];
    ir::NodeId node = new_node(ir::NodeKind::Param, p.name, p.loc);
    m_.node(node).param_index = static_cast<std::uint32_t>(i);
    env_[p.binding] = add_result(node, p.binding->type, p.name);
    NodeBuilder none;
    place(node, none);
  }
  block(pipeline.body);
  close_region();
}

ir::NodeId Lowerer::new_node(ir::NodeKind kind, std::string_view name, const diag::Loc& where) {
  ir::Node node;
  node.kind = kind;
  node.name = m_.intern(name);
  node.loc = loc(where);
  m_.nodes.push_back(std::move(node));
  return ir::NodeId{static_cast<std::uint32_t>(m_.nodes.size() - 1)};
}

ir::ValueId Lowerer::add_result(ir::NodeId node, Type type, std::string_view name) {
  auto index = static_cast<std::uint32_t>(m_.node(node).results.size());
  ir::ValueId value = m_.add_value(node, current_region(), index, type, m_.intern(name));
  m_.node(node).results.push_back(value);
  return value;
}

ir::RegionId Lowerer::open_region(ir::NodeId owner) {
  ir::Region region;
  region.owner = owner;
  region.function = function_;
  region.depth = static_cast<std::uint32_t>(regions_.size());
  m_.regions.push_back(std::move(region));
  ir::RegionId id{static_cast<std::uint32_t>(m_.regions.size() - 1)};
  if (owner.valid()) m_.node(owner).regions.push_back(id);
  regions_.push_back(RegionState{id, ir::NodeId{}, {}});
  return id;
}

void Lowerer::close_region() {
  regions_.pop_back();
}

ir::ValueId Lowerer::region_param(Type type, std::string_view name) {
  ir::Region& region = m_.region(current_region());
  auto index = static_cast<std::uint32_t>(region.params.size());
  ir::ValueId value = m_.add_value(ir::NodeId{}, current_region(), index, type, m_.intern(name));
  m_.region(current_region()).params.push_back(value);
  return value;
}

void Lowerer::add_captures(ir::NodeId id) {
  std::uint32_t depth = m_.region(current_region()).depth;
  std::vector<ir::ValueId> captures;
  Purity effect = m_.node(id).effect;
  auto capture = [&](ir::ValueId v) {
    if (m_.region(m_.value(v).region).depth <= depth &&
        std::find(captures.begin(), captures.end(), v) == captures.end()) {
      captures.push_back(v);
    }
  };
  for (ir::RegionId r : m_.node(id).regions) {
    for (ir::NodeId inner : m_.region(r).nodes) {
      for (ir::ValueId v : m_.node(inner).inputs)
        capture(v);
      effect = strongest(effect, m_.node(inner).effect);
    }
    for (ir::ValueId v : m_.region(r).results)
      capture(v);
  }
  ir::Node& node = m_.node(id);
  node.effect = effect;
  for (ir::ValueId v : captures) {
    if (std::find(node.inputs.begin(), node.inputs.end(), v) == node.inputs.end()) {
      node.inputs.push_back(v);
    }
  }
}

void Lowerer::place(ir::NodeId id, NodeBuilder& builder) {
  {
    ir::Node& node = m_.node(id);
    node.inputs = std::move(builder.inputs);
    node.args = std::move(builder.args);
    node.operand_count = static_cast<std::uint32_t>(node.inputs.size());
    node.effect = strongest(node.effect, builder.effect);
    node.region = current_region();
  }
  if (ir::has_regions(m_.node(id).kind)) add_captures(id);
  ir::Node& node = m_.node(id);
  RegionState& state = regions_.back();
  m_.region(state.id).nodes.push_back(id);
  if (node.effect == Purity::Volatile) {
    if (state.last_effect.valid()) node.order_after.push_back(state.last_effect);
    state.volatiles_since.push_back(id);
  } else if (node.effect == Purity::Effect) {
    if (state.last_effect.valid()) node.order_after.push_back(state.last_effect);
    for (ir::NodeId v : state.volatiles_since)
      node.order_after.push_back(v);
    state.last_effect = id;
    state.volatiles_since.clear();
  }
}

ir::ValueId Lowerer::constant_node(Value value, Type type, std::string_view name,
                                   const diag::Loc& where) {
  ir::NodeId node = new_node(ir::NodeKind::Const, name, where);
  NodeBuilder builder;
  builder.args.push_back(constant(std::move(value), type, where));
  ir::ValueId result = add_result(node, type, name);
  place(node, builder);
  return result;
}

void Lowerer::block(const ast::Block& b) {
  for (const auto& stmt : b.stmts)
    statement(*stmt);
}

ir::ValueId Lowerer::bound_value(const ast::Expr& value, std::string_view name,
                                 const NodeAttributes& attributes) {
  if (makes_node(value)) return node_value(value, name, attributes);
  if (auto literal = check::constant_value(value)) {
    return constant_node(std::move(*literal), value.type, name, value.loc);
  }
  ir::NodeId node = new_node(ir::NodeKind::Expr, name, value.loc);
  NodeBuilder builder;
  builder.args.push_back(tree(value, builder));
  ir::ValueId result = add_result(node, value.type, name);
  m_.node(node).attributes = attributes;
  place(node, builder);
  return result;
}

void Lowerer::statement(const ast::Stmt& stmt) {
  switch (stmt.kind) {
    case ast::StmtKind::Bind: {
      const auto& bind = stmt.as<ast::BindStmt>();
      env_[bind.binding] = bound_value(*bind.value, bind.name, stmt.node_attributes);
      break;
    }
    case ast::StmtKind::Expr: {
      const ast::Expr& value = *stmt.as<ast::ExprStmt>().expr;
      bound_value(value, makes_node(value) ? "" : unbound_name("expr", value.loc),
                  stmt.node_attributes);
      break;
    }
    case ast::StmtKind::If:
      if_statement(stmt.as<ast::IfStmt>());
      break;
    case ast::StmtKind::For:
      for_statement(stmt.as<ast::ForStmt>());
      break;
    case ast::StmtKind::While:
      while_statement(stmt.as<ast::WhileStmt>());
      break;
    case ast::StmtKind::Yield: {
      const ast::Expr& value = *stmt.as<ast::YieldStmt>().value;
      yields_.back() = bound_value(value, unbound_name("yield", stmt.loc), {});
      break;
    }
    case ast::StmtKind::Return: {
      const auto& ret = stmt.as<ast::ReturnStmt>();
      ir::NodeId node = new_node(ir::NodeKind::Return, "return", stmt.loc);
      NodeBuilder builder;
      builder.args.push_back(ret.value ? tree(*ret.value, builder)
                                       : constant(Value(), Type::null(), stmt.loc));
      ir::ValueId result = add_result(node, ret.value ? ret.value->type : Type::null(), "return");
      place(node, builder);
      m_.region(current_region()).results = {result};
      break;
    }
  }
}

}  // namespace plumb::lower
