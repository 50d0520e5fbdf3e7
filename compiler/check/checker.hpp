// The checker's two halves. `Checker` works on the whole program: which pipelines each file
// can call, the order pipelines are checked in (a callee before its caller, so the caller
// knows the callee's result type and effects) and recursion. `PipelineChecker` checks one
// pipeline: scopes and bindings, statements, expressions, calls and attributes, inferring
// types and reporting provable mistakes. Its methods are spread over check_scopes.cpp,
// check_stmt.cpp, check_expr.cpp, check_yield.cpp, check_call.cpp and check_attributes.cpp.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <plumb/stage.hpp>

#include "compiler/check/analysis.hpp"
#include "compiler/check/program.hpp"
#include "compiler/diag/diagnostics.hpp"

namespace plumb::check {

class Checker {
 public:
  // `analysis`, when given, receives what the checker learns about names and calls.
  Checker(const StageRegistry& registry, diag::Diagnostics& diags, Program& program,
          Analysis* analysis = nullptr);

  void run();

  // The callee's result type and effect (callees are checked before their callers); nullopt
  // when the call closes a cycle, with the cycle written to `cycle` ("a -> b -> a").
  struct PipelineInfo {
    Type result;
    Purity effect;
  };
  std::optional<PipelineInfo> pipeline_info(const ast::Pipeline& callee, std::string& cycle);

  const ast::Pipeline* find_pipeline(const ast::File& from, const std::string& name) const;
  std::vector<std::string> pipeline_names(const ast::File& from) const;
  const std::vector<std::string>& stage_names() const { return stage_names_; }
  const StageRegistry& registry() const { return registry_; }
  diag::Diagnostics& diags() { return diags_; }
  Program& program() { return program_; }
  Analysis* analysis() { return analysis_; }

 private:
  void collect_pipelines(const ast::File& file);
  // Checks `root` and, first, every pipeline it calls that is not checked yet.
  void check_from(ast::Pipeline& root);

  enum class Status { Unchecked, InProgress, Done };
  const StageRegistry& registry_;
  diag::Diagnostics& diags_;
  Program& program_;
  Analysis* analysis_;
  std::vector<std::string> stage_names_;
  std::unordered_map<const ast::File*, std::unordered_map<std::string, const ast::Pipeline*>>
      visible_;
  std::unordered_map<const ast::Pipeline*, ast::Pipeline*> mutable_;
  std::unordered_map<const ast::Pipeline*, Status> status_;
  std::vector<const ast::Pipeline*> in_progress_;
};

// A name starting with `_`: its value may go unused (no `unused-binding`, and a `map` bound
// to it may run for its effects only).
inline bool is_silent_name(const std::string& name) {
  return !name.empty() && name[0] == '_';
}

// Where a body sits; decides what `yield`, `return` and `var` assignments may do there.
enum class BodyKind { Pipeline, Arm, For, While, Map, Filter };

class PipelineChecker {
 public:
  PipelineChecker(Checker& checker, ast::Pipeline& pipeline);
  // Checks the pipeline, repeating silently while loop-carried `var` types still widen.
  void run();

 private:
  struct Scope {
    BodyKind kind;
    std::unordered_map<std::string, ast::Binding*> names;
    std::unordered_map<std::string, diag::Loc> partial;  // bound in only some arms of an `if`
    std::vector<ast::Binding*> assigned_outer_vars;
    std::vector<ast::Binding*> order;  // bindings in the order they were made
    Purity effect = Purity::Pure;
    ast::IterExpr* map = nullptr;    // the map whose body this is
    std::optional<Type> yield_type;  // join of the types yielded so far
    // Bindings of `if` arms that are not visible after the `if`: their unused warnings wait
    // until this scope ends, because a later use (reported as partially-bound) counts as one.
    std::vector<ast::Binding*> arm_only;
  };

  // Passes and diagnostics (check_scopes.cpp).
  void pass();
  diag::Diagnostic& report(diag::Kind kind, diag::Loc loc, std::string message);
  void flush();

  // Scopes and bindings (check_scopes.cpp).
  Scope& push(BodyKind kind);
  Scope pop(bool warn_unused = true);
  void report_unused(const Scope& scope);
  ast::Binding* bind(const std::string& name, diag::Loc loc, ast::BindingKind kind, Type type,
                     bool pure, const ast::BindStmt* decl);
  ast::Binding* lookup(const std::string& name, std::size_t* depth = nullptr);
  void note_effect(Purity effect);
  // Records for the analysis, when there is one: a name that refers to `binding`, and the
  // bindings of the innermost scope as those `block` can see.
  void note_reference(diag::Loc loc, const ast::Binding& binding, bool is_definition);
  void note_scope(const ast::Block& block);

  // Statements (check_stmt.cpp).
  void params();
  void block(ast::Block& block, bool pipeline_body);
  void statement(ast::Stmt& stmt, bool pipeline_body);
  void bind_statement(ast::BindStmt& stmt);
  void assign_var(ast::BindStmt& stmt, ast::Binding& var, std::size_t var_depth);
  void if_statement(ast::IfStmt& stmt);
  void for_statement(ast::ForStmt& stmt);
  void while_statement(ast::WhileStmt& stmt);
  void yield_statement(ast::YieldStmt& stmt);
  void return_statement(ast::ReturnStmt& stmt, bool pipeline_body);
  void require_bool(const ast::Expr& expr, const std::string& what);

  // Expressions (check_expr.cpp).
  Type expr(ast::Expr& e);
  Type expr_kind(ast::Expr& e);
  Type name(ast::NameExpr& e);
  Type field(ast::FieldExpr& e);
  Type unary(ast::UnaryExpr& e);
  Type binary(ast::BinaryExpr& e);
  Type iteration(ast::IterExpr& e);

  // `missing-yield` (check_yield.cpp): `result_used` is false for a map that is a statement of
  // its own or bound to a `_` name; `body_effect` is the strongest effect of its body.
  void map_yields(const ast::IterExpr& map, bool result_used, Purity body_effect);
  void report_missing_yield(const ast::Expr& value, std::string message);
  Type element_type(const ast::Expr& source, const char* construct);

  // Calls (check_call.cpp).
  struct ParamView {
    std::string_view name;
    Type type;
    bool required;
  };
  Type call(ast::CallExpr& e);
  Type stage_call(ast::CallExpr& e, const StageDef& stage);
  // The stage's checks of its extra keyword arguments: the keywords, and constant values.
  void extra_keyword_arguments(const ast::CallExpr& e, const StageDef& stage);
  Type builtin_call(ast::CallExpr& e, int builtin);
  Type pipeline_call(ast::CallExpr& e, const ast::Pipeline& callee);
  bool bind_arguments(ast::CallExpr& e, const std::vector<ParamView>& params, bool extra_keywords,
                      const std::string& callee);
  Type unknown_function(ast::CallExpr& e);
  // Warns when a `sys.shell` command interpolates values that could inject code
  // (check_shell.cpp).
  void shell_command(const ast::Expr& command);

  // Attributes (check_attributes.cpp).
  void attributes(ast::Stmt& stmt);

  Checker& checker_;
  ast::Pipeline& pipeline_;
  std::vector<Scope> scopes_;
  std::unordered_set<std::string> reported_undefined_;
  std::unordered_map<const ast::BindStmt*, Type> var_types_;
  bool var_types_changed_ = false;
  std::optional<Type> return_type_;
  std::vector<diag::Diagnostic> pending_;
  // The expression of the expression statement, or the value bound to a `_` name, being
  // checked: a map there is not used for its value.
  const ast::Expr* unused_value_ = nullptr;
  // This pipeline's records of its last pass, given to the checker's analysis by flush().
  Analysis recorded_;
};

}  // namespace plumb::check
