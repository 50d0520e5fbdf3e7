// json.parse and json.dump: JSON text to values and back (plumb/json.hpp: records keep their
// key order, integers that fit in 64 bits stay int).
#include "stdlib/cancellation.hpp"
#include "stdlib/signature.hpp"
#include "stdlib/stdlib.hpp"

#include <plumb/json.hpp>

namespace plumb::stdlib {

namespace {

Value run_parse(StageContext& ctx) {
  std::string_view text = ctx.str_arg("s");
  try {
    return parse_json(text, cancellation_callback(ctx));
  } catch (const JsonError& e) {
    ctx.fail("argument `s`: line " + std::to_string(e.line()) + ", column " +
             std::to_string(e.column()) + ": " + e.what());
  }
}

Value run_dump(StageContext& ctx) {
  return Value::string(to_json(ctx.arg("v"), cancellable_json(ctx)));
}

}  // namespace

void register_json(StageRegistry& registry) {
  registry.add(make_stage("json.parse", {required("s", Type::string(), "JSON text")}, Type::any(),
                          Purity::Pure, "the value of a JSON document", run_parse));
  registry.add(make_stage("json.dump", {required("v", Type::any(), "any value")}, Type::string(),
                          Purity::Pure, "compact JSON text (records keep their key order)",
                          run_dump));
}

}  // namespace plumb::stdlib
