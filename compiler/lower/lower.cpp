// lower(): declares every pipeline (entry file first, so its functions and file come first),
// then defines their bodies, then orders the log calls.
#include "compiler/lower/lower.hpp"

#include "compiler/lower/lowerer.hpp"

namespace plumb::lower {

std::unique_ptr<ir::Module> lower(const check::Program& program,
                                  const diag::SourceManager& sources) {
  auto module = std::make_unique<ir::Module>();
  Lowerer lowerer(*module, sources);
  for (const auto& file : program.files) {
    for (const auto& pipeline : file->pipelines)
      lowerer.declare(*pipeline);
  }
  for (const auto& file : program.files) {
    for (const auto& pipeline : file->pipelines)
      lowerer.define(*pipeline);
  }
  order_logs(*module);
  return module;
}

}  // namespace plumb::lower
