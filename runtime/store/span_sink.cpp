// StoreSpanSink: spans to rows, grouped by run, with the per-run cap.
#include <plumb/json.hpp>

#include "runtime/store/sinks.hpp"
#include "runtime/store/span_writer.hpp"
#include "runtime/store/store_impl.hpp"
#include "runtime/telemetry/json_text.hpp"

namespace plumb::store {

namespace {

constexpr std::uint64_t kSampleBeyondCap = 100;

const char* kind_name(telemetry::SpanKind kind) {
  switch (kind) {
    case telemetry::SpanKind::Run:
      return "run";
    case telemetry::SpanKind::Node:
      return "node";
    case telemetry::SpanKind::Item:
      return "item";
    case telemetry::SpanKind::Iteration:
      return "iteration";
    case telemetry::SpanKind::Child:
      return "child";
  }
  return "span";
}

// The attributes a row keeps: those the span's node does not give (retry attempt, item
// counts, branch arm, cache hit, and whatever the stage set), secrets redacted.
std::string attributes_json(const telemetry::SpanRecord& r, const Redactor& redactor) {
  std::string out;
  auto key = [&](std::string_view name) {
    out += out.empty() ? "{" : ", ";
    append_json_string(out, name);
    out += ": ";
  };
  if (r.attempt > 0) {
    key("plumb.retry.attempt");
    telemetry::append_int(out, r.attempt);
  }
  if (r.items_in >= 0) {
    key("plumb.items.in");
    telemetry::append_int(out, r.items_in);
  }
  if (r.items_out >= 0) {
    key("plumb.items.out");
    telemetry::append_int(out, r.items_out);
  }
  if (r.arm >= 0) {
    key("plumb.branch.arm");
    telemetry::append_int(out, r.arm);
  }
  if (r.cache_hit) {
    key("plumb.cache.hit");
    out += "true";
  }
  if (r.extras) {
    for (const auto& [name, value] : r.extras->attributes) {
      key(name);
      if (redactor.secret(name)) {
        append_json_string(out, kRedacted);
      } else {
        append_json(out, value);
      }
    }
  }
  if (!out.empty()) out += '}';
  return out;
}

// A stage's GenAI child span (llm.*) carries its tokens and cost: sum them per node.
void add_usage(const telemetry::SpanExtras& extras, NodeUsage& usage) {
  for (const auto& [key, value] : extras.attributes) {
    if (!value.is_number()) continue;
    if (key == "gen_ai.usage.input_tokens") {
      usage.input_tokens += static_cast<std::int64_t>(value.as_number());
    } else if (key == "gen_ai.usage.output_tokens") {
      usage.output_tokens += static_cast<std::int64_t>(value.as_number());
    } else if (key == "plumb.cost.usd") {
      usage.cost_usd += value.as_number();
    }
  }
}

struct RunRows {
  std::shared_ptr<RecordingState> state;
  std::vector<SpanRow> rows;
};

}  // namespace

StoreSpanSink::StoreSpanSink(std::shared_ptr<RunStore> store,
                             std::shared_ptr<const Redactor> redactor)
    : store_(std::move(store)), redactor_(std::move(redactor)) {
}

void StoreSpanSink::export_spans(std::span<const telemetry::SpanView> spans) {
  RunStore::Impl& impl = store_->impl();
  const std::size_t cap = impl.options.max_spans_per_run;
  std::vector<RunRows> runs;
  // A batch holds spans of few runs, mostly one: remember the last run's metadata.
  const telemetry::RunMeta* last_meta = nullptr;
  RunRows* last = nullptr;
  for (const telemetry::SpanView& view : spans) {
    const telemetry::SpanRecord& r = view.record();
    if (r.run == nullptr) continue;
    if (r.run != last_meta) {
      last_meta = r.run;
      last = nullptr;
      std::shared_ptr<RecordingState> state = impl.recording(r.run->run_id);
      if (state) {
        for (RunRows& existing : runs) {
          if (existing.state == state) last = &existing;
        }
        if (!last) last = &runs.emplace_back(RunRows{std::move(state), {}});
      }
    }
    if (last == nullptr || last->state->failed.load(std::memory_order_relaxed)) continue;
    RecordingState& state = *last->state;
    SpanRow row;
    {
      std::lock_guard lock(state.mutex);
      if (r.kind == telemetry::SpanKind::Child && r.node && r.extras) {
        add_usage(*r.extras, state.node_usage[r.node->id]);
      }
      const bool keep = static_cast<std::size_t>(state.spans) < cap ||
                        r.kind == telemetry::SpanKind::Run || r.error ||
                        r.span_id % kSampleBeyondCap == 0;
      if (!keep) {
        ++state.spans_left_out;
        continue;
      }
      ++state.spans;
      row.seq = state.next_seq++;
      if (r.kind == telemetry::SpanKind::Node && r.node) {
        state.node_durations[r.node->id].push_back(r.end_ns - r.start_ns);
      }
    }
    row.span_id = static_cast<std::int64_t>(r.span_id);
    row.parent_id = static_cast<std::int64_t>(r.parent_id);
    row.kind = kind_name(r.kind);
    if (r.kind == telemetry::SpanKind::Child && r.extras) row.name = r.extras->name;
    row.node = r.node ? std::int64_t{r.node->id} : -1;
    if (r.kind == telemetry::SpanKind::Item || r.kind == telemetry::SpanKind::Iteration) {
      row.item = r.index;
    }
    row.start_ns = r.start_ns;
    row.duration_ns = r.end_ns - r.start_ns;
    row.thread = r.thread;
    row.error = r.error;
    if (r.extras) {
      row.error_type = r.extras->error_type;
      row.error_message = r.extras->error_message;
    }
    row.attributes = attributes_json(r, *redactor_);
    last->rows.push_back(std::move(row));
  }
  for (RunRows& run : runs)
    impl.writer().enqueue(std::move(run.state), std::move(run.rows));
}

}  // namespace plumb::store
