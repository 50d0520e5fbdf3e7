// register_all: the list of standard namespaces; standard_stages: the shared registry of them.
#include "stdlib/stdlib.hpp"

namespace plumb::stdlib {

void register_all(StageRegistry& registry) {
  register_io(registry);
  register_text(registry);
  register_data(registry);
  register_quality(registry);
  register_json(registry);
  register_http(registry);
  register_llm(registry);
  register_embed(registry);
  register_vector(registry);
  register_log(registry);
  register_metrics(registry);
  register_trace(registry);
  register_sys(registry);
}

const StageRegistry& standard_stages() {
  static const StageRegistry registry = [] {
    StageRegistry built;
    register_all(built);
    return built;
  }();
  return registry;
}

}  // namespace plumb::stdlib
