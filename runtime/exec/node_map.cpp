// Map and filter. Items are processed by lanes (at most `concurrency`, at most one per worker)
// that take chunks of item indices from a shared counter; results are stored by index, so
// the output keeps the input order. A body made only of pure expressions runs in a tight loop
// on the lane's thread with one reusable frame; other bodies run as frames, one item after
// another per lane. Item spans follow @trace: by default every item up to the limit (1,000),
// then a sample (1%); the nodes inside an item get spans only when the item does.
#include <plumb/error.hpp>

#include "base/value/ops.hpp"
#include "runtime/exec/structured.hpp"

namespace plumb::exec {

namespace {

// Lanes of a map whose body may block, when `concurrency:` does not say otherwise.
constexpr std::size_t kBlockingLanes = 64;

class MapRun;

class Lane : public Resumable, public Continuation {
 public:
  Lane(MapRun& map) : map_(map) {}
  void resume() override { pump(); }
  void frame_done(Frame& frame) override;
  void pump();

 private:
  bool next_index(std::size_t& index);
  bool run_straight(std::size_t index);
  void prepare_native();
  std::optional<Value> run_native(std::size_t index);
  std::optional<RunError> run_nodes(Frame& item, bool traced) const;
  void count_items();

  MapRun& map_;
  std::size_t cursor_ = 0;
  std::size_t end_ = 0;
  std::size_t current_ = 0;
  std::int64_t uncounted_ = 0;  // items done and not yet added to the node's counter
  // A compiled body's free inputs, resolved once per lane (only the item changes); without
  // observers its items need no frame and no events ("quiet" items).
  bool native_ = false;
  bool native_prepared_ = false;
  bool quiet_ = false;
  std::size_t item_input_ = 0;
  const Value* free_[RegionCode::kMaxInputs] = {};
  std::unique_ptr<Frame> item_;
  Activity part_;
};

class MapRun : public StructuredRun {
 public:
  using StructuredRun::StructuredRun;

 protected:
  void launch(Scope& scope) override {
    scope_ = &scope;
    if (!args_[0].is_list()) {
      fail_attempt(node_error(node_, "type",
                              "`" + node_.meta.stage + "` needs a list, not `" +
                                  std::string(type_name(args_[0])) + "`"));
      return;
    }
    items_ = args_[0].as_list();
    const std::size_t n = items_.size();
    std::size_t limit = SIZE_MAX;
    if (!args_[1].is_null()) {
      if (!args_[1].is_int() || args_[1].as_int() < 1) {
        fail_attempt(node_error(node_, "value", "`concurrency` must be an `int` of at least 1"));
        return;
      }
      limit = static_cast<std::size_t>(args_[1].as_int());
    }
    if (node_.kind == ir::NodeKind::Filter) {
      kept_.assign(n, 0);
    } else {
      results_ = ListBuilder(n);
    }
    details_.items_in = static_cast<std::int64_t>(n);
    body_ = &frame_.run->plan.regions[node_.regions[0]];
    policy_ = node_.attributes.trace.value_or(TracePolicy{});
    notify_map(true, 0);
    if (n == 0) {
      complete();
      return;
    }
    const std::size_t workers = static_cast<std::size_t>(frame_.run->runtime.threads());
    // Straight-line bodies take chunks for throughput; other bodies one item at a time, so
    // slow items (an LLM call) spread over the lanes.
    chunk_ = body_->straight_line ? std::max<std::size_t>(1, n / (workers * 8)) : 1;
    chunk_ = std::min<std::size_t>(chunk_, 4096);
    const std::size_t chunks = (n + chunk_ - 1) / chunk_;
    // Items that wait on I/O (an LLM call) overlap: up to kBlockingLanes at once by default.
    const std::size_t width = body_->blocking ? std::max(workers, kBlockingLanes) : workers;
    const std::size_t lanes = std::min({limit, width, chunks});
    active_.store(lanes);
    for (std::size_t i = 0; i < lanes; ++i)
      lanes_.push_back(std::make_unique<Lane>(*this));
    for (std::size_t i = 1; i < lanes; ++i)
      spawn(*frame_.run, lanes_[i].get());
    post(lanes_[0].get());
  }

  void frame_done(Frame&) override {}

  void succeed() override {
    Value out = node_.kind == ir::NodeKind::Filter ? kept_items() : mapped_items();
    details_.items_out = static_cast<std::int64_t>(out.as_list().size());
    notify_map(false, details_.items_out);
    frame_.slots[node_.results[0]] = std::move(out);
  }

 public:
  void lane_finished() {
    if (active_.fetch_sub(1) == 1) complete();
  }

  bool sampled(std::size_t index) {
    if (!frame_.traced || !frame_.run->tracing) return false;
    return trace_sampled(policy_, static_cast<std::int64_t>(index));
  }

  // Stores an item's outcome; false (after failing the map's scope) when it is unusable.
  bool store(std::size_t index, Value result) {
    if (node_.kind == ir::NodeKind::Filter) {
      try {
        kept_[index] = ops::truth(result, "the condition of `filter`") ? 1 : 0;
      } catch (const ValueError& e) {
        frame_.run->fail(*scope_, node_error(node_, e.kind(), e.what()));
        note_failure();
        return false;
      }
      return true;
    }
    if (result.is_absent()) skipped_.store(true, std::memory_order_relaxed);
    results_[index] = std::move(result);
    return true;
  }

  void item_event(std::size_t index, bool start, bool ok) {
    RunState& run = *frame_.run;
    if (!run.observing()) return;
    FrameContext context(frame_, node_.meta.node, static_cast<std::int64_t>(index));
    MapItemEvent event{context, node_.meta.node, static_cast<std::int64_t>(index), ok};
    for (const auto& observer : run.observers) {
      if (start) {
        observer->on_map_item_start(event);
      } else {
        observer->on_map_item_end(event);
      }
    }
  }

  Frame& frame() { return frame_; }
  const NodePlan& node() const { return node_; }
  const RegionPlan& body() const { return *body_; }
  std::span<const Value> items() const { return items_; }
  Scope& scope() { return *scope_; }
  std::uint64_t span() const { return activity_.span != 0 ? activity_.span : frame_.span; }
  bool node_spanned() const { return activity_.span != 0; }
  std::unique_ptr<Frame> item_frame(Continuation* done) {
    auto f = new_frame(*frame_.run, *body_, &frame_, scope_, done);
    f->label = node_.meta.node;
    f->owner = &node_;
    return f;
  }
  void failed_inside() { note_failure(); }
  std::atomic<std::size_t> next_chunk{0};
  std::size_t chunk_ = 1;

 private:
  void complete() { finished(); }

  // The map's results in input order, without the items that yielded nothing.
  Value mapped_items() {
    const std::size_t n = items_.size();
    std::size_t count = n;
    if (skipped_.load(std::memory_order_relaxed)) {
      count = 0;
      for (std::size_t i = 0; i < n; ++i) {
        if (results_[i].is_absent()) continue;
        if (count != i) results_[count] = std::move(results_[i]);
        ++count;
      }
    }
    return results_.finish(count);
  }

  // The filter's kept items in input order.
  Value kept_items() const {
    std::size_t count = 0;
    for (std::uint8_t keep : kept_)
      count += keep;
    ListBuilder out(count);
    std::size_t next = 0;
    for (std::size_t i = 0; i < kept_.size(); ++i) {
      if (kept_[i] != 0) out[next++] = items_[i];
    }
    return out.finish(count);
  }

  void notify_map(bool start, std::int64_t out) {
    RunState& run = *frame_.run;
    if (!run.observing()) return;
    FrameContext context(frame_);
    MapEvent event{context, node_.meta.node, static_cast<std::int64_t>(items_.size()), out};
    for (const auto& observer : run.observers) {
      if (start) {
        observer->on_map_start(event);
      } else {
        observer->on_map_end(event);
      }
    }
  }

  Scope* scope_ = nullptr;
  std::span<const Value> items_;
  ListBuilder results_{0};            // a map's results by item index
  std::vector<std::uint8_t> kept_;    // a filter's verdicts by item index
  std::atomic<bool> skipped_{false};  // some map item yielded nothing
  const RegionPlan* body_ = nullptr;
  TracePolicy policy_;
  std::atomic<std::size_t> active_{0};
  std::vector<std::unique_ptr<Lane>> lanes_;
};

bool Lane::next_index(std::size_t& index) {
  if (cursor_ == end_) {
    count_items();
    std::size_t chunk = map_.next_chunk.fetch_add(1, std::memory_order_relaxed);
    std::size_t n = map_.items().size();
    cursor_ = chunk * map_.chunk_;
    if (cursor_ >= n) return false;
    end_ = std::min(n, cursor_ + map_.chunk_);
  }
  index = cursor_++;
  return true;
}

void Lane::pump() {
  std::size_t index;
  while (!map_.scope().cancelled() && next_index(index)) {
    if (map_.body().straight_line) {
      if (!run_straight(index)) break;
      continue;
    }
    current_ = index;
    bool traced = map_.sampled(index);
    part_ = begin_part(map_.frame(), map_.span(), traced && map_.node_spanned());
    map_.item_event(index, true, true);
    item_ = map_.item_frame(this);
    item_->index = static_cast<std::int64_t>(index);
    item_->traced = traced;
    if (part_.span != 0) item_->span = part_.span;
    item_->slots[map_.body().param_slots[0]] = map_.items()[index];
    start_frame(*item_);
    return;
  }
  count_items();
  map_.lane_finished();
}

// Adds the items this lane finished to the node's counter, once per chunk.
void Lane::count_items() {
  if (uncounted_ == 0) return;
  map_.frame().run->counters[map_.node().id].add_items(uncounted_);
  uncounted_ = 0;
}

void Lane::frame_done(Frame& frame) {
  bool failed = frame.failed.load();
  if (failed) map_.failed_inside();
  std::optional<RunError> error = failed ? frame.scope->error() : std::nullopt;
  end_part(map_.frame(), map_.node(), telemetry::SpanKind::Item, part_,
           static_cast<std::int64_t>(current_), error ? &*error : nullptr);
  map_.item_event(current_, false, !failed);
  ++uncounted_;
  bool ok = !failed && !frame.scope->cancelled() && map_.store(current_, region_result(frame, 0));
  item_.reset();
  if (!ok) {
    count_items();
    map_.lane_finished();
    return;
  }
  pump();
}

// Compiled code runs when the body has some, its item is a free input and every other free
// input lies in an enclosing frame (fixed while the map runs).
void Lane::prepare_native() {
  native_prepared_ = true;
  const RegionPlan& body = map_.body();
  if (body.native.function == nullptr) return;
  bool has_item = false;
  for (std::size_t i = 0; i < body.free_inputs.size(); ++i) {
    SlotRef ref = body.free_inputs[i];
    if (ref.up == 0 && ref.slot != body.param_slots[0]) return;
    if (ref.up == 0) {
      item_input_ = i;
      has_item = true;
    } else {
      free_[i] = &map_.frame().slot(SlotRef{static_cast<std::uint16_t>(ref.up - 1), ref.slot});
    }
  }
  native_ = has_item;
  quiet_ = native_ && !map_.frame().run->observing();
}

// The body's compiled code (JIT) for one item, when there is some and it did not bail out.
std::optional<Value> Lane::run_native(std::size_t index) {
  if (!native_prepared_) prepare_native();
  if (!native_) return std::nullopt;
  const RegionCode& code = map_.body().native;
  free_[item_input_] = &map_.items()[index];
  Value out;
  if (code.function(code.state, free_, &out) != 0) return std::nullopt;
  return out;
}

// Runs one item of a straight-line body on this thread; false after a failure. Traced items
// run node by node, as their nodes get spans; so do items whose compiled code bailed out.
bool Lane::run_straight(std::size_t index) {
  const bool traced = map_.sampled(index);
  std::optional<Value> native = traced ? std::nullopt : run_native(index);
  if (native && quiet_) {
    ++uncounted_;
    return map_.store(index, std::move(*native));
  }
  const RegionPlan& body = map_.body();
  if (!item_) item_ = map_.item_frame(nullptr);
  Frame& item = *item_;
  item.index = static_cast<std::int64_t>(index);
  item.traced = traced;
  Activity part = begin_part(map_.frame(), map_.span(), traced && map_.node_spanned());
  item.span = part.span != 0 ? part.span : map_.span();
  map_.item_event(index, true, true);
  item.slots[body.param_slots[0]] = map_.items()[index];
  std::optional<RunError> error = native ? std::nullopt : run_nodes(item, traced);
  end_part(map_.frame(), map_.node(), telemetry::SpanKind::Item, part,
           static_cast<std::int64_t>(index), error ? &*error : nullptr);
  map_.item_event(index, false, !error);
  ++uncounted_;
  if (error) {
    map_.frame().run->fail(map_.scope(), std::move(*error));
    map_.failed_inside();
    return false;
  }
  return map_.store(index, native ? std::move(*native) : region_result(item, 0));
}

// The body's nodes one after another, with spans when the item is traced; the first error.
std::optional<RunError> Lane::run_nodes(Frame& item, bool traced) const {
  const Value* inputs[32];
  std::vector<const Value*> many;
  for (const NodePlan& node : map_.body().nodes) {
    const Value** in = inputs;
    if (node.inputs.size() > 32) {
      gather_inputs(item, node, many);
      in = many.data();
    } else {
      for (std::size_t i = 0; i < node.inputs.size(); ++i)
        inputs[i] = &item.slot(node.inputs[i]);
    }
    const bool spanned = node.kind == ir::NodeKind::Expr && traced;
    Activity activity = spanned ? begin_node(item, node) : Activity{};
    try {
      node.evaluator.function(node.evaluator.state, in, &item.slots[node.results[0]]);
    } catch (const EvalError& e) {
      RunError error = eval_error(node, e);
      if (spanned) end_node(item, node, activity, Outcome{&error});
      return error;
    }
    if (spanned) end_node(item, node, activity, Outcome{});
  }
  return std::nullopt;
}

}  // namespace

void run_map(Frame& frame, std::uint32_t node) {
  (new MapRun(frame, node))->start();
}

}  // namespace plumb::exec
