// What the checker learned about a program, kept for tools that answer questions about
// positions in the source (the language server, compiler/lsp): every definition and use of a
// binding, the bindings each block can see, the calls and their resolved targets, and the
// attributes. The checker fills it only when given one (`check(..., &analysis)`); without it
// nothing is recorded. The pointers point into the checked Program, which must outlive it.
#pragma once

#include <vector>

#include "compiler/ast/ast.hpp"

namespace plumb::check {

struct Analysis {
  // A name that refers to a binding: where it is bound (a definition), where it is read, and
  // where a `var` is assigned again.
  struct Reference {
    diag::Loc loc;
    const ast::Binding* binding = nullptr;
    bool is_definition = false;
  };
  // A block and the bindings made in its scope (for a pipeline body, its parameters too), in
  // the order they were made: at a position inside `range`, the ones bound before it are visible.
  struct Scope {
    diag::Loc range;
    const ast::Pipeline* pipeline = nullptr;
    std::vector<const ast::Binding*> bindings;
  };

  std::vector<Reference> references;
  std::vector<Scope> scopes;
  std::vector<const ast::CallExpr*> calls;  // with their target resolved (or Unresolved)
  std::vector<const ast::Attribute*> attributes;

  void append(Analysis&& other);
  void clear();
};

}  // namespace plumb::check
