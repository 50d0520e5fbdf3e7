// The standard library (STDLIB.md): io, text, data, quality, json, http, llm, embed, vector,
// log, metrics, trace and sys stages, each registered with its signature, purity and version.
#pragma once

#include <plumb/stage.hpp>

namespace plumb::stdlib {

// Registers every standard stage.
void register_all(StageRegistry& registry);

// A registry holding every standard stage and nothing else, built on first use (for tools,
// tests and benchmarks that compile without an Engine).
const StageRegistry& standard_stages();

// One registration function per namespace (stdlib/<namespace>.cpp).
void register_io(StageRegistry& registry);
void register_text(StageRegistry& registry);
void register_data(StageRegistry& registry);
void register_quality(StageRegistry& registry);
void register_json(StageRegistry& registry);
void register_http(StageRegistry& registry);
void register_llm(StageRegistry& registry);
void register_embed(StageRegistry& registry);
void register_vector(StageRegistry& registry);
void register_log(StageRegistry& registry);
void register_metrics(StageRegistry& registry);
void register_trace(StageRegistry& registry);
void register_sys(StageRegistry& registry);

}  // namespace plumb::stdlib
