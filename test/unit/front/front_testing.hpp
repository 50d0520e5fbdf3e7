// Helpers for the front-end unit tests: parse or check source text held in memory and look
// at the diagnostics it produced.
#pragma once

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/ast/ast.hpp"
#include "compiler/check/check.hpp"
#include "compiler/diag/diagnostics.hpp"
#include "compiler/parse/parser.hpp"
#include "stdlib/stdlib.hpp"

namespace plumb::testing {

// One front-end run over `text`, named `name` (imports are relative to its folder).
struct FrontEnd {
  diag::SourceManager sources;
  diag::Diagnostics diags{sources};
  std::unique_ptr<ast::File> parsed;        // set by parse()
  std::unique_ptr<check::Program> program;  // set by check()

  ast::File* parse(std::string text, std::string name = "/nonexistent/test.pipe") {
    parsed = parse::parse_file(*sources.add(std::move(name), std::move(text)), diags);
    return parsed.get();
  }
  check::Program* check(std::string text, std::string name = "/nonexistent/test.pipe") {
    program = check::check(*sources.add(std::move(name), std::move(text)), sources, diags,
                           stdlib::standard_stages());
    return program.get();
  }

  // The kind names of the diagnostics, in report order.
  std::vector<std::string> kinds() const {
    std::vector<std::string> out;
    for (const diag::Diagnostic& d : diags.all())
      out.emplace_back(diag::info(d.kind).name);
    return out;
  }
  std::string rendered() const {
    std::ostringstream out;
    diags.render(out);
    return out.str();
  }
};

}  // namespace plumb::testing
