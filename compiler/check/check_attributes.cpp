// Attribute checking: each attribute on a statement is looked up in the attribute table
// (attribute_table.cpp), refused when unknown, repeated or on a statement it cannot tune, and
// otherwise handed to its entry's checker, which validates the arguments (constants of the
// right type and range) and stores them in the statement's NodeAttributes for lowering.
#include <set>

#include "compiler/check/attribute_table.hpp"
#include "compiler/check/checker.hpp"
#include "compiler/check/suggest.hpp"

namespace plumb::check {

void PipelineChecker::attributes(ast::Stmt& stmt) {
  NodeAttributes& out = stmt.node_attributes;
  out = NodeAttributes{};
  if (stmt.attributes.empty()) return;
  const Shape shape = shape_of(stmt);
  const AttributeArgs::Report report_to_checker = [this](diag::Kind kind, diag::Loc loc,
                                                         std::string message) {
    report(kind, loc, std::move(message));
  };
  std::set<std::string> seen;
  for (ast::Attribute& attr : stmt.attributes) {
    if (checker_.analysis()) recorded_.attributes.push_back(&attr);
    // An argument already in error (a malformed literal, say) was reported: validating the
    // attribute further would only repeat that mistake.
    bool poisoned = false;
    for (ast::Arg& arg : attr.args)
      poisoned = expr(*arg.value).is_error() || poisoned;
    const AttributeDef* def = find_attribute(attr.name);
    if (def == nullptr) {
      auto best = closest(attr.name, attribute_names());
      report(diag::Kind::UnknownAttribute, attr.loc,
             "unknown attribute " + diag::code("@" + attr.name) +
                 (best ? "; did you mean " + diag::code("@" + *best) + "?" : ""));
      continue;
    }
    if (!seen.insert(attr.name).second) {
      report(diag::Kind::DuplicateAttribute, attr.loc,
             diag::code("@" + attr.name) + " is given twice on this statement");
      continue;
    }
    if (poisoned) continue;
    if (shape == Shape::None) {
      report(diag::Kind::MisplacedAttribute, attr.loc,
             "attributes cannot be put on `yield` or `return`");
      continue;
    }
    AttributeArgs args(attr, stmt, report_to_checker);
    if (!applies(*def, shape)) {
      args.misplaced(applies_to_text(*def));
      continue;
    }
    def->check(args, out);
  }
}

}  // namespace plumb::check
