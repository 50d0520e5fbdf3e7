// Call checking: resolves a call to a stage (dotted name), a built-in function or a pipeline,
// binds positional and keyword arguments to parameters, and checks arity, names and types.
// Constant arguments are shown to the stage's compile-time check (a literal regex, say).
#include "base/value/builtins.hpp"
#include "compiler/check/checker.hpp"
#include "compiler/check/constant.hpp"
#include "compiler/check/suggest.hpp"

namespace plumb::check {

namespace {

// A stage's message about a constant argument, as a diagnostic: the stage's own prefix (the
// run-time error names the stage) is replaced by the quoted name, and the argument is named
// unless the message already does.
std::string constant_problem(const std::string& stage, const std::string& param,
                             std::string problem) {
  for (const std::string& prefix : {stage + ": ", diag::code(stage) + ": "}) {
    if (problem.starts_with(prefix)) problem.erase(0, prefix.size());
  }
  if (problem.find("argument " + diag::code(param)) != std::string::npos) {
    return diag::code(stage) + ": " + problem;
  }
  return "argument " + diag::code(param) + " of " + diag::code(stage) + ": " + problem;
}

std::string plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

Type PipelineChecker::call(ast::CallExpr& e) {
  if (checker_.analysis()) recorded_.calls.push_back(&e);
  for (ast::Arg& arg : e.args) {
    expr(*arg.value);
    if (arg.value->effect > e.effect) e.effect = arg.value->effect;
  }
  e.bound_args.clear();
  e.extra_kwargs.clear();
  if (e.callee.find('.') != std::string::npos) {
    if (const StageDef* stage = checker_.registry().find(e.callee)) return stage_call(e, *stage);
    report(
        diag::Kind::UnknownStage, e.callee_loc,
        "unknown stage " + diag::code(e.callee) + did_you_mean(e.callee, checker_.stage_names()));
    return Type::error();
  }
  int builtin = builtins::find(e.callee);
  if (builtin >= 0) return builtin_call(e, builtin);
  if (const ast::Pipeline* callee = checker_.find_pipeline(*pipeline_.file, e.callee)) {
    return pipeline_call(e, *callee);
  }
  return unknown_function(e);
}

Type PipelineChecker::unknown_function(ast::CallExpr& e) {
  std::vector<std::string> candidates = checker_.pipeline_names(*pipeline_.file);
  for (const builtins::Builtin& b : builtins::all())
    candidates.emplace_back(b.name);
  std::string hint = did_you_mean(e.callee, candidates);
  if (hint.empty()) {
    // `read_text(...)` for `io.read_text(...)`: suggest the stage with that short name.
    for (const std::string& stage : checker_.stage_names()) {
      if (stage.substr(stage.find('.') + 1) == e.callee) hint = "; did you mean `" + stage + "`?";
    }
  }
  report(diag::Kind::UnknownFunction, e.callee_loc,
         "unknown function " + diag::code(e.callee) + hint);
  return Type::error();
}

bool PipelineChecker::bind_arguments(ast::CallExpr& e, const std::vector<ParamView>& params,
                                     bool extra_keywords, const std::string& callee) {
  e.bound_args.assign(params.size(), nullptr);
  bool ok = true;
  bool seen_keyword = false;
  std::size_t positional = 0;
  for (const ast::Arg& arg : e.args) {
    if (arg.keyword.empty()) {
      if (seen_keyword) {
        report(diag::Kind::PositionalAfterKeyword, arg.loc,
               "a positional argument cannot follow keyword arguments");
        ok = false;
        continue;
      }
      if (positional >= params.size()) {
        report(
            diag::Kind::TooManyArguments, arg.loc,
            callee + " takes " + plural(params.size(), "argument") + ", but " +
                std::to_string(std::count_if(e.args.begin(), e.args.end(),
                                             [](const ast::Arg& a) { return a.keyword.empty(); })) +
                " were given");
        ok = false;
        break;
      }
      e.bound_args[positional++] = arg.value.get();
      continue;
    }
    seen_keyword = true;
    auto it = std::find_if(params.begin(), params.end(),
                           [&](const ParamView& p) { return p.name == arg.keyword; });
    if (it == params.end()) {
      if (extra_keywords) {
        for (const ast::Arg* other : e.extra_kwargs) {
          if (other->keyword == arg.keyword) {
            report(diag::Kind::DuplicateArgument, arg.loc,
                   "argument " + diag::code(arg.keyword) + " is given twice");
            ok = false;
          }
        }
        e.extra_kwargs.push_back(&arg);
        continue;
      }
      std::vector<std::string> names;
      for (const ParamView& p : params)
        names.emplace_back(p.name);
      report(diag::Kind::UnknownArgument, arg.loc,
             callee + " has no parameter " + diag::code(arg.keyword) +
                 did_you_mean(arg.keyword, names));
      ok = false;
      continue;
    }
    std::size_t index = static_cast<std::size_t>(it - params.begin());
    if (e.bound_args[index]) {
      report(diag::Kind::DuplicateArgument, arg.loc,
             "argument " + diag::code(arg.keyword) + " is given twice");
      ok = false;
      continue;
    }
    e.bound_args[index] = arg.value.get();
  }
  for (std::size_t i = 0; i < params.size() && ok; ++i) {
    if (!e.bound_args[i] && params[i].required) {
      report(diag::Kind::MissingArgument, e.callee_loc,
             "missing argument " + diag::code(params[i].name) + " of " + callee);
      ok = false;
    }
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    const ast::Expr* value = e.bound_args[i];
    if (value && !may_flow_to(value->type, params[i].type)) {
      report(diag::Kind::TypeMismatch, value->loc,
             "argument " + diag::code(params[i].name) + " of " + callee + " must be " +
                 diag::code(params[i].type.to_string()) + ", not " +
                 diag::code(value->type.to_string()));
      ok = false;
    }
  }
  return ok;
}

Type PipelineChecker::stage_call(ast::CallExpr& e, const StageDef& stage) {
  const StageSignature& sig = stage.signature;
  e.target = ast::CallTargetKind::Stage;
  e.stage = &stage;
  if (sig.purity > e.effect) e.effect = sig.purity;
  std::vector<ParamView> params;
  for (const Param& p : sig.params)
    params.push_back({p.name, p.type, !p.default_value});
  if (!bind_arguments(e, params, !sig.extra_keywords.empty(), diag::code(sig.name))) {
    return sig.result;
  }
  if (auto cmd = sig.param_index("cmd"); sig.name == "sys.shell" && cmd && e.bound_args[*cmd]) {
    shell_command(*e.bound_args[*cmd]);
  }
  if (stage.check_constant) {
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (!e.bound_args[i]) continue;
      auto value = constant_value(*e.bound_args[i]);
      if (!value) continue;
      if (auto problem = stage.check_constant(sig.params[i].name, *value)) {
        report(diag::Kind::InvalidArgument, e.bound_args[i]->loc,
               constant_problem(sig.name, sig.params[i].name, *problem));
      }
    }
  }
  extra_keyword_arguments(e, stage);
  return sig.result;
}

void PipelineChecker::extra_keyword_arguments(const ast::CallExpr& e, const StageDef& stage) {
  const std::string& name = stage.signature.name;
  // A message that names the keyword is shown after the stage's name only.
  auto problem_text = [&](const std::string& keyword, std::string problem) {
    if (problem.starts_with(name + ": ")) problem.erase(0, name.size() + 2);
    if (problem.find(diag::code(keyword)) != std::string::npos) {
      return diag::code(name) + ": " + problem;
    }
    return "keyword argument " + diag::code(keyword) + " of " + diag::code(name) + ": " + problem;
  };
  for (const ast::Arg* arg : e.extra_kwargs) {
    if (stage.check_keyword) {
      if (auto problem = stage.check_keyword(arg->keyword)) {
        report(diag::Kind::InvalidArgument, arg->loc, problem_text(arg->keyword, *problem));
        continue;
      }
    }
    if (!stage.check_constant) continue;
    auto value = constant_value(*arg->value);
    if (!value) continue;
    if (auto problem = stage.check_constant(arg->keyword, *value)) {
      report(diag::Kind::InvalidArgument, arg->value->loc, problem_text(arg->keyword, *problem));
    }
  }
}

Type PipelineChecker::builtin_call(ast::CallExpr& e, int index) {
  const builtins::Builtin& builtin = builtins::get(index);
  e.target = ast::CallTargetKind::Builtin;
  e.builtin = index;
  if (!builtin.deterministic && e.effect < Purity::Volatile) e.effect = Purity::Volatile;
  std::vector<Type> types;
  for (const ast::Arg& arg : e.args) {
    if (!arg.keyword.empty()) {
      report(diag::Kind::UnknownArgument, arg.loc,
             "built-in function " + diag::code(builtin.name) + " takes positional arguments only");
      return Type::error();
    }
    types.push_back(arg.value->type);
    e.bound_args.push_back(arg.value.get());
  }
  std::string signature = diag::code(builtin.signature);
  if (types.size() < builtin.min_args) {
    report(diag::Kind::MissingArgument, e.callee_loc,
           diag::code(builtin.name) + " needs at least " + plural(builtin.min_args, "argument") +
               ": " + signature);
    return Type::error();
  }
  if (builtin.max_args != builtins::kVariadic && types.size() > builtin.max_args) {
    report(diag::Kind::TooManyArguments, e.args[builtin.max_args].loc,
           diag::code(builtin.name) + " takes at most " + plural(builtin.max_args, "argument") +
               ": " + signature);
    return Type::error();
  }
  for (const Type& t : types) {
    if (t.is_error()) return Type::error();
  }
  builtins::TypeProblem problem;
  auto result = builtin.infer(types, problem);
  if (!result) {
    report(diag::Kind::TypeMismatch, e.args.at(problem.arg).value->loc, problem.message);
    return Type::error();
  }
  return *result;
}

Type PipelineChecker::pipeline_call(ast::CallExpr& e, const ast::Pipeline& callee) {
  e.target = ast::CallTargetKind::Pipeline;
  e.pipeline = &callee;
  std::vector<ParamView> params;
  for (const ast::Param& p : callee.params) {
    params.push_back({p.name, p.annotation ? p.annotation->type : Type::any(), !p.default_value});
  }
  std::string cycle;
  auto info = checker_.pipeline_info(callee, cycle);
  if (!info) {
    report(diag::Kind::RecursivePipeline, e.callee_loc,
           "pipeline " + diag::code(callee.name) + " is called recursively (" + cycle +
               "); pipelines cannot call themselves, directly or through others");
    e.effect = Purity::Effect;
    return Type::error();
  }
  if (info->effect > e.effect) e.effect = info->effect;
  bind_arguments(e, params, false, "pipeline " + diag::code(callee.name));
  return info->result;
}

}  // namespace plumb::check
