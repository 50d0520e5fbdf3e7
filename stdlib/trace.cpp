// trace.set / trace.event: attributes with run-time values, and events, on the span around
// the call (StageSignature::own_span): the run's span in the entry pipeline's body, a map
// item's span in a map or filter body, a loop iteration's, an `if` node's in its arms, a
// nested pipeline call's in the called pipeline's body. The calls record no span of their own;
// when that span is not recorded (tracing off, an item left out by sampling) they do nothing.
// Values are str, int, float or bool; lists and records are written as JSON text and null
// leaves the attribute out, as OpenTelemetry SDKs do. Exporters redact secret-looking keys.
#include "stdlib/stdlib.hpp"
#include "stdlib/support.hpp"

#include <plumb/json.hpp>

namespace plumb::stdlib {

namespace {

// The attributes of the call: its keyword arguments without nulls, lists and records as JSON.
Fields span_attributes(const StageContext& ctx) {
  Fields attributes;
  for (const auto& [key, value] : ctx.extra_args()) {
    if (value.is_null()) continue;
    attributes.emplace_back(
        key, value.is_list() || value.is_record() ? Value::string(to_json(value)) : value);
  }
  return attributes;
}

StageSignature signature(const char* name, std::vector<Param> params, const char* summary) {
  StageSignature s;
  s.name = name;
  s.params = std::move(params);
  s.extra_keywords = "attributes";
  s.result = Type::null();
  s.purity = Purity::Volatile;  // records telemetry, like log.* and metrics.*
  s.blocking = false;
  s.own_span = false;
  s.version = "1";
  s.summary = summary;
  return s;
}

}  // namespace

void register_trace(StageRegistry& registry) {
  registry.add({signature("trace.set", {},
                          "sets attributes with run-time values on the span around the call; "
                          "keyword arguments are the attributes"),
                [](StageContext& ctx) {
                  if (ctx.extra_args().empty()) ctx.fail("needs at least one `key: value`");
                  for (const auto& [key, value] : span_attributes(ctx))
                    ctx.set_attribute(key, value);
                  return Value();
                },
                {},
                {}});
  registry.add({signature("trace.event", {required("name", Type::string(), "the event's name")},
                          "adds an event to the span around the call; keyword arguments are "
                          "its attributes"),
                [](StageContext& ctx) {
                  if (ctx.str_arg("name").empty()) ctx.fail("argument `name` must not be empty");
                  ctx.add_event(ctx.str_arg("name"), span_attributes(ctx));
                  return Value();
                },
                constant_checks("trace.event", {{"name",
                                                 [](const StageContext& ctx, const Value& value) {
                                                   if (value.is_str() && value.as_str().empty()) {
                                                     ctx.fail("argument `name` must not be empty");
                                                   }
                                                 }}}),
                {}});
}

}  // namespace plumb::stdlib
