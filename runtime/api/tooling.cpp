// The tooling view of a Program (tooling.hpp) and the differential test of the back ends.
#include "runtime/api/tooling.hpp"

#include <optional>

#include "runtime/api/engine_impl.hpp"

namespace plumb::tooling {

namespace {

std::string outcome_text(const exec::RunOutcome& outcome) {
  if (outcome.ok) return "ok " + to_json(outcome.value);
  return "error " + outcome.error->kind + ": " + outcome.error->describe();
}

// The default arguments of pipeline `f`, or nullopt when one has no default.
std::optional<std::vector<Value>> defaults(const exec::FunctionPlan& f) {
  std::vector<Value> args;
  for (const ir::ParamInfo& p : f.params) {
    if (!p.default_value) return std::nullopt;
    Value v = *p.default_value;
    if (p.type.is(TypeKind::Float) && v.is_int()) v = Value::number(v.as_number());
    args.push_back(std::move(v));
  }
  return args;
}

}  // namespace

const ir::Module& module(const Program& program) {
  return *program.impl().module;
}

ir::FunctionId entry_function(const Program& program) {
  return ir::FunctionId{program.impl().function};
}

void record_runs(const Program& program, std::shared_ptr<RunStore> store) {
  program.impl().engine->record_into(std::move(store));
}

exec::Runtime& runtime(const Program& program) {
  return program.impl().engine->runtime;
}

BackendComparison compare_backends(const Program& program) {
  const Program::Impl& impl = program.impl();
  std::shared_ptr<const exec::Plan> native = impl.engine->jit.compile(impl.plan);
  BackendComparison comparison;
  for (std::uint32_t f = 0; f < impl.plan->functions.size(); ++f) {
    auto args = defaults(impl.plan->functions[f]);
    if (!args || impl.module->functions[f].loc.file != 0) continue;
    ++comparison.pipelines;
    std::string results[2];
    for (int backend = 0; backend < 2; ++backend) {
      exec::RunRequest request;
      request.plan = backend == 0 ? impl.plan : native;
      request.function = f;
      request.args = *args;
      request.backend = backend == 0 ? "interp" : "jit";
      results[backend] = outcome_text(exec::run(impl.engine->runtime, request));
    }
    if (results[0].starts_with("error")) ++comparison.failing;
    if (results[0] != results[1]) {
      comparison.mismatches.push_back(
          BackendMismatch{impl.plan->functions[f].name, results[0], results[1]});
    }
  }
  return comparison;
}

}  // namespace plumb::tooling
