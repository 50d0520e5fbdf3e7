// A checked program: the entry file and every file it imports (directly or not), with their
// ASTs annotated by the checker (types, resolved names and calls). Lowering reads it.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/ast/ast.hpp"

namespace plumb::check {

struct Program {
  // Files in load order; files[0] is the entry file.
  std::vector<std::unique_ptr<ast::File>> files;
  // The bindings the checker created; AST nodes point into this.
  std::deque<ast::Binding> bindings;

  const ast::File& entry_file() const { return *files.front(); }
};

}  // namespace plumb::check
