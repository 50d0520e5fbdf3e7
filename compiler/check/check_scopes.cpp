// Pipeline checking: the passes over a body, scopes and bindings, and the parameters. A pass
// checks the whole body; when a loop-carried `var` turned out to hold a wider type than its
// first value, the pass is repeated (its diagnostics dropped) so every use sees the final
// type. The statements are checked in check_stmt.cpp.
#include "compiler/check/checker.hpp"
#include "compiler/check/constant.hpp"

namespace plumb::check {

namespace {
constexpr int kMaxWideningPasses = 4;
}  // namespace

PipelineChecker::PipelineChecker(Checker& checker, ast::Pipeline& pipeline)
    : checker_(checker), pipeline_(pipeline) {
}

void PipelineChecker::run() {
  for (int attempt = 0;; ++attempt) {
    pass();
    if (!var_types_changed_) break;
    if (attempt + 1 == kMaxWideningPasses) {
      // Types that keep growing (`v = [v]`) are widened to `any`.
      for (auto& [decl, type] : var_types_)
        type = Type::any();
      pass();
      break;
    }
  }
  flush();
}

void PipelineChecker::pass() {
  pending_.clear();
  recorded_.clear();
  scopes_.clear();
  reported_undefined_.clear();
  var_types_changed_ = false;
  return_type_.reset();
  push(BodyKind::Pipeline);
  params();
  block(pipeline_.body, true);
  Scope top = pop();
  pipeline_.effect = top.effect;
  Type returned = return_type_.value_or(Type::null());
  if (pipeline_.result) {
    Type declared = pipeline_.result->type;
    if (!return_type_ && !may_flow_to(Type::null(), declared)) {
      report(diag::Kind::ReturnType, pipeline_.result->loc,
             "pipeline " + diag::code(pipeline_.name) + " declares " +
                 diag::code(declared.to_string()) + " but has no `return`");
    }
    pipeline_.result_type = declared;
  } else {
    pipeline_.result_type = returned;
  }
}

diag::Diagnostic& PipelineChecker::report(diag::Kind kind, diag::Loc loc, std::string message) {
  pending_.push_back(
      diag::Diagnostic{kind, diag::info(kind).severity, loc, std::move(message), {}, {}});
  return pending_.back();
}

void PipelineChecker::flush() {
  for (diag::Diagnostic& d : pending_) {
    auto& added = checker_.diags().report(d.kind, d.loc, std::move(d.message));
    added.notes = std::move(d.notes);
    added.fixit = std::move(d.fixit);
  }
  pending_.clear();
  if (Analysis* analysis = checker_.analysis()) analysis->append(std::move(recorded_));
}

PipelineChecker::Scope& PipelineChecker::push(BodyKind kind) {
  scopes_.push_back(Scope{kind, {}, {}, {}, {}, Purity::Pure, nullptr, std::nullopt});
  return scopes_.back();
}

PipelineChecker::Scope PipelineChecker::pop(bool warn_unused) {
  Scope scope = std::move(scopes_.back());
  scopes_.pop_back();
  if (warn_unused) report_unused(scope);
  if (!scopes_.empty()) note_effect(scope.effect);
  return scope;
}

void PipelineChecker::report_unused(const Scope& scope) {
  std::vector<ast::Binding*> all = scope.order;
  all.insert(all.end(), scope.arm_only.begin(), scope.arm_only.end());
  for (ast::Binding* b : all) {
    if (b->kind == ast::BindingKind::Let && b->uses == 0 && b->pure && !b->type.is_error() &&
        !is_silent_name(b->name)) {
      report(diag::Kind::UnusedBinding, b->loc,
             diag::code(b->name) + " is never used, so computing it is wasted work" +
                 " (prefix the name with `_` to keep it anyway)");
    }
  }
}

void PipelineChecker::note_effect(Purity effect) {
  Purity& current = scopes_.back().effect;
  if (effect > current) current = effect;
}

ast::Binding* PipelineChecker::bind(const std::string& name, diag::Loc loc, ast::BindingKind kind,
                                    Type type, bool pure, const ast::BindStmt* decl) {
  auto& bindings = checker_.program().bindings;
  bindings.push_back(ast::Binding{name, loc, kind, type, 0, pure, decl});
  ast::Binding* binding = &bindings.back();
  Scope& scope = scopes_.back();
  scope.names[name] = binding;
  scope.partial.erase(name);
  scope.order.push_back(binding);
  note_reference(loc, *binding, true);
  return binding;
}

void PipelineChecker::note_reference(diag::Loc loc, const ast::Binding& binding,
                                     bool is_definition) {
  if (checker_.analysis()) recorded_.references.push_back({loc, &binding, is_definition});
}

void PipelineChecker::note_scope(const ast::Block& block) {
  if (!checker_.analysis()) return;
  const Scope& scope = scopes_.back();
  Analysis::Scope record{block.loc, &pipeline_, {scope.order.begin(), scope.order.end()}};
  record.bindings.insert(record.bindings.end(), scope.arm_only.begin(), scope.arm_only.end());
  recorded_.scopes.push_back(std::move(record));
}

ast::Binding* PipelineChecker::lookup(const std::string& name, std::size_t* depth) {
  for (std::size_t i = scopes_.size(); i-- > 0;) {
    auto it = scopes_[i].names.find(name);
    if (it != scopes_[i].names.end()) {
      if (depth) *depth = i;
      return it->second;
    }
  }
  return nullptr;
}

void PipelineChecker::params() {
  for (ast::Param& param : pipeline_.params) {
    Type type = param.annotation ? param.annotation->type : Type::any();
    if (param.default_value) {
      Type default_type = expr(*param.default_value);
      param.default_constant = constant_value(*param.default_value);
      if (!param.default_constant) {
        report(diag::Kind::ConstantRequired, param.default_value->loc,
               "the default of parameter " + diag::code(param.name) +
                   " must be a constant (a literal, or a list or record of literals)");
      } else if (!may_flow_to(default_type, type)) {
        report(diag::Kind::TypeMismatch, param.default_value->loc,
               "the default of parameter " + diag::code(param.name) + " must be " +
                   diag::code(type.to_string()) + ", not " + diag::code(default_type.to_string()));
      }
      if (!param.annotation) type = default_type;
    }
    param.binding = bind(param.name, param.loc, ast::BindingKind::Param, type, false, nullptr);
  }
}

}  // namespace plumb::check
