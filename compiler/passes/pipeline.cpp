// The pass list and the pass runner.
#include "compiler/passes/pipeline.hpp"

#include <ostream>
#include <sstream>

#include "compiler/ir/printer.hpp"
#include "compiler/passes/constant_folding.hpp"
#include "compiler/passes/cse.hpp"
#include "compiler/passes/dce.hpp"
#include "compiler/passes/licm.hpp"
#include "compiler/passes/map_fusion.hpp"
#include "compiler/passes/schedule.hpp"
#include "compiler/passes/verifier.hpp"

namespace plumb::passes {

const std::vector<Pass>& all_passes() {
  static const std::vector<Pass> passes = {
      {"fold", "constant folding of pure expressions and built-in functions", fold_constants},
      {"cse", "common-subexpression elimination of pure nodes", eliminate_common_subexpressions},
      {"dce", "removal of pure nodes whose values are unused", eliminate_dead_nodes},
      {"fuse", "fusion of map/filter chains over an intermediate list used once", fuse_maps},
      {"licm", "hoisting of loop-invariant pure nodes out of for/while bodies", hoist_invariants},
      {"schedule", "parallel stages (levels) and critical paths for the executor", schedule},
  };
  return passes;
}

std::vector<const Pass*> default_pipeline() {
  static const char* const kOrder[] = {"fold", "cse", "dce", "fuse", "licm", "dce", "schedule"};
  std::vector<const Pass*> pipeline;
  for (const char* name : kOrder)
    pipeline.push_back(find_pass(name));
  return pipeline;
}

const Pass* find_pass(std::string_view name) {
  for (const Pass& pass : all_passes()) {
    if (pass.name == name) return &pass;
  }
  return nullptr;
}

std::optional<std::vector<const Pass*>> parse_pass_list(std::string_view list,
                                                        std::string& unknown) {
  std::vector<const Pass*> passes;
  while (!list.empty()) {
    std::size_t comma = list.find(',');
    std::string_view name = list.substr(0, comma);
    const Pass* pass = find_pass(name);
    if (!pass) {
      unknown = std::string(name);
      return std::nullopt;
    }
    passes.push_back(pass);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
  return passes;
}

std::string pass_names() {
  std::string text = "the passes are";
  for (const Pass& pass : all_passes())
    text += " " + std::string(pass.name);
  return text;
}

namespace {

std::string printed(const ir::Module& module) {
  std::ostringstream out;
  ir::print(out, module);
  return out.str();
}

}  // namespace

std::vector<std::string> run_passes(ir::Module& module, const std::vector<const Pass*>& passes,
                                    const RunOptions& options) {
  for (const Pass* pass : passes) {
    // Under --verify-each a pass that reports no change is held to it: its module must print
    // the same before and after, or skipping the verifier after it would be unsafe.
    const std::string before = options.verify_each ? printed(module) : std::string();
    const bool changed = pass->run(module);
    if (!changed && options.verify_each && printed(module) != before) {
      return {"pass `" + std::string(pass->name) + "` changed the module but reported no change"};
    }
    if (options.print_after_each) {
      *options.print_after_each << "# after " << pass->name;
      if (changed) {
        *options.print_after_each << '\n';
        ir::print(*options.print_after_each, module);
        *options.print_after_each << '\n';
      } else {
        *options.print_after_each << ": no change\n\n";
      }
    }
    if (options.verify_each && changed) {
      auto errors = verify(module);
      for (std::string& e : errors)
        e = "after pass `" + std::string(pass->name) + "`: " + e;
      if (!errors.empty()) return errors;
    }
  }
  return {};
}

}  // namespace plumb::passes
