// Analysis: appending one pipeline's records to the program's (the checker records a pipeline
// on its own and keeps only its last pass; see check_scopes.cpp).
#include "compiler/check/analysis.hpp"

#include <iterator>

namespace plumb::check {

namespace {
template <typename T>
void move_all(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  from.clear();
}
}  // namespace

void Analysis::append(Analysis&& other) {
  move_all(references, other.references);
  move_all(scopes, other.scopes);
  move_all(calls, other.calls);
  move_all(attributes, other.attributes);
}

void Analysis::clear() {
  references.clear();
  scopes.clear();
  calls.clear();
  attributes.clear();
}

}  // namespace plumb::check
