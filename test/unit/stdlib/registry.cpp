// The registry the standard-library unit tests run stages from.
#include "test/unit/stdlib/stdlib_test.hpp"

namespace plumb::testing {

const StageRegistry& local_registry() {
  static const StageRegistry registry = [] {
    StageRegistry r;
    stdlib::register_io(r);
    stdlib::register_text(r);
    stdlib::register_data(r);
    stdlib::register_quality(r);
    stdlib::register_json(r);
    stdlib::register_embed(r);
    stdlib::register_vector(r);
    stdlib::register_sys(r);
    return r;
  }();
  return registry;
}

}  // namespace plumb::testing
