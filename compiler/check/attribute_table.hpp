// The attributes of the language (docs/language.md §7), one entry each in attribute_table.cpp:
// the name, the statements it applies to, the checker of its arguments and its reference text.
// The checker (check_attributes.cpp) and `plumb attributes --markdown` (the table in
// docs/language.md §7) both read this table, so adding an attribute is one entry there (and
// what it tunes: a field of NodeAttributes, read by lowering and the runtime).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/stage/node_attributes.hpp"
#include "compiler/ast/ast.hpp"
#include "compiler/diag/diagnostics.hpp"

namespace plumb::check {

// What kind of node a statement becomes, for deciding which attributes fit it. `None`
// (`yield`, `return`) takes no attribute at all.
enum class Shape { StageCall, PipelineCall, Iteration, Loop, Branch, Expression, None };

Shape shape_of(const ast::Stmt& stmt);

// What an attribute's checker sees: the attribute, its statement, and helpers that report
// `invalid-attribute` and `misplaced-attribute` in the words every attribute shares.
class AttributeArgs {
 public:
  using Report = std::function<void(diag::Kind kind, diag::Loc loc, std::string message)>;
  AttributeArgs(const ast::Attribute& attr, const ast::Stmt& stmt, const Report& report)
      : attr_(attr), stmt_(stmt), report_(report) {}

  const ast::Attribute& attr() const { return attr_; }
  const ast::Stmt& stmt() const { return stmt_; }
  // The value of the binding or expression statement the attribute is on.
  const ast::Expr& statement_value() const;

  void invalid(diag::Loc loc, const std::string& message);
  void misplaced(const std::string& fits);
  // "has no argument `key`; did you mean ...?" on the argument.
  void unknown_argument(const ast::Arg& arg, const std::string& key,
                        const std::vector<std::string>& known);

  // Arguments by name, with positional ones given the names in `positional` in order; nullopt
  // after reporting one positional argument too many.
  using NamedArgs = std::vector<std::pair<std::string, const ast::Arg*>>;
  std::optional<NamedArgs> named(const std::vector<std::string>& positional);
  // A constant number in [low, high] (or (low, high] when `low_inclusive` is false).
  std::optional<double> number(const ast::Arg& arg, double low, bool low_inclusive, double high);

 private:
  const ast::Attribute& attr_;
  const ast::Stmt& stmt_;
  const Report& report_;
};

struct AttributeDef {
  std::string_view name;  // without the `@`
  // How the reference writes it, e.g. "@retry(attempts, backoff)".
  std::string_view syntax;
  // The shapes it applies to, in the order the messages and the reference name them; every
  // shape but `None` for an attribute that fits any statement.
  std::vector<Shape> applies_to;
  std::string_view arguments;  // the reference's text about its arguments
  std::string_view details;    // paragraphs of the reference after the table, or empty
  // Validates the arguments (reporting what is wrong) and sets the attribute's fields.
  void (*check)(AttributeArgs& args, NodeAttributes& out);
};

const std::vector<AttributeDef>& attribute_table();
const AttributeDef* find_attribute(std::string_view name);
std::vector<std::string> attribute_names();

bool applies(const AttributeDef& def, Shape shape);
// "stage calls, pipeline calls, `map` and `filter`", or "any statement but `yield` and
// `return`".
std::string applies_to_text(const AttributeDef& def);

}  // namespace plumb::check
