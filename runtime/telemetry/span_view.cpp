// Span names and attributes (docs/runtime.md, "Spans"): plumb.pipeline,
// plumb.node, plumb.stage, plumb.backend, plumb.retry.attempt, plumb.items.in/out,
// code.file.path, code.line.number (and the older code.filepath, code.lineno), labels.
#include "runtime/telemetry/span_view.hpp"

#include <plumb/json.hpp>

namespace plumb::telemetry {

namespace {

// A node's span name: its `@span` name, else the node's name.
const std::string& node_span_name(const NodeMeta& node) {
  return node.span_name.empty() ? node.node : node.span_name;
}

}  // namespace

void AttributeVisitor::structured(std::string_view key, const Value& value) {
  string(key, to_json(value));
}

void visit_attributes(const Attributes& attributes, AttributeVisitor& visit) {
  for (const auto& [key, value] : attributes) {
    switch (value.kind()) {
      case ValueKind::Int:
        visit.integer(key, value.as_int());
        break;
      case ValueKind::Float:
        visit.number(key, value.as_float());
        break;
      case ValueKind::Bool:
        visit.boolean(key, value.as_bool());
        break;
      case ValueKind::Str:
        visit.string(key, value.as_str());
        break;
      case ValueKind::List:
      case ValueKind::Record:
        visit.structured(key, value);
        break;
      default:
        break;
    }
  }
}

std::string SpanView::name() const {
  switch (r_.kind) {
    case SpanKind::Run:
      return r_.run ? r_.run->pipeline : "run";
    case SpanKind::Node:
      return r_.node ? node_span_name(*r_.node) : "node";
    case SpanKind::Item:
      return (r_.node ? node_span_name(*r_.node) : "map") + ".item";
    case SpanKind::Iteration:
      return (r_.node ? node_span_name(*r_.node) : "loop") + ".iteration";
    case SpanKind::Child:
      return r_.extras ? r_.extras->name : "span";
  }
  return "span";
}

std::string_view SpanView::error_type() const {
  return r_.extras ? std::string_view(r_.extras->error_type) : std::string_view();
}

std::string_view SpanView::error_message() const {
  return r_.extras ? std::string_view(r_.extras->error_message) : std::string_view();
}

std::string_view SpanView::error_stacktrace() const {
  return r_.extras ? std::string_view(r_.extras->error_stacktrace) : std::string_view();
}

void SpanView::attributes(AttributeVisitor& visit) const {
  site_attributes(visit);
  own_attributes(visit);
}

void SpanView::site_attributes(AttributeVisitor& visit) const {
  const NodeMeta* node = r_.node;
  if (r_.kind == SpanKind::Run && r_.run) {
    visit.string("plumb.pipeline", r_.run->pipeline);
    visit.string("plumb.run.id", r_.run->run_id);
  } else if (node) {
    visit.string("plumb.pipeline", node->pipeline);
    visit.string("plumb.node", node->node);
    if (!node->stage.empty()) visit.string("plumb.stage", node->stage);
    if (!node->callee.empty()) visit.string("plumb.callee", node->callee);
    visit.string("code.file.path", node->file);
    visit.integer("code.line.number", node->line);
    visit.string("code.filepath", node->file);
    visit.integer("code.lineno", node->line);
    for (const auto& [key, value] : node->labels)
      visit.string(key, value);
  }
}

void SpanView::own_attributes(AttributeVisitor& visit) const {
  if (r_.run) visit.string("plumb.backend", r_.run->backend);
  if (r_.attempt > 0) visit.integer("plumb.retry.attempt", r_.attempt);
  if (r_.kind == SpanKind::Item) visit.integer("plumb.item.index", r_.index);
  if (r_.kind == SpanKind::Iteration) visit.integer("plumb.iteration", r_.index);
  if (r_.items_in >= 0) visit.integer("plumb.items.in", r_.items_in);
  if (r_.items_out >= 0) visit.integer("plumb.items.out", r_.items_out);
  if (r_.arm >= 0) visit.integer("plumb.branch.arm", r_.arm);
  if (r_.cache_hit) visit.boolean("plumb.cache.hit", true);
  if (r_.extras) visit_attributes(r_.extras->attributes, visit);
}

std::span<const SpanEvent> SpanView::events() const {
  if (!r_.extras) return {};
  return r_.extras->events;
}

}  // namespace plumb::telemetry
