// JSON of runs and nodes: every stored field, JSON columns (arguments, result, labels, log
// fields) embedded as JSON rather than as strings.
#include "tools/plumb/store_json.hpp"

#include "tools/plumb/store_cli.hpp"

namespace plumb::cli {

nlohmann::ordered_json run_json(const StoredRun& r) {
  nlohmann::ordered_json out = {
      {"id", r.id},
      {"status", std::string(status_name(r.status))},
      {"pipeline", r.pipeline},
      {"file", r.file},
      {"program_hash", r.program_hash},
      {"trace_id", r.trace_id},
      {"started", utc_time(r.started_ns)},
      {"started_ns", r.started_ns},
      {"ended_ns", r.ended_ns},
      {"seconds", r.seconds},
      {"args", stored_json(r.args)},
      {"backend", r.backend},
      {"threads", r.threads},
      {"host", r.host},
      {"pid", r.pid},
      {"cwd", r.cwd},
      {"plumb_version", r.plumb_version},
      {"result", stored_json(r.result)},
      {"result_bytes", r.result_bytes},
      {"result_truncated", r.result_truncated},
      {"error", nullptr},
      {"nodes_run", r.nodes_run},
      {"nodes_failed", r.nodes_failed},
      {"spans", r.spans},
      {"spans_left_out", r.spans_left_out},
      {"logs_left_out", r.logs_left_out},
      {"input_tokens", r.input_tokens},
      {"output_tokens", r.output_tokens},
      {"cost_usd", r.cost_usd},
  };
  if (r.error) {
    const ErrorInfo& e = *r.error;
    out["error"] = {{"kind", e.kind}, {"message", e.message}, {"pipeline", e.pipeline},
                    {"node", e.node}, {"stage", e.stage},     {"file", e.file},
                    {"line", e.line}, {"col", e.col},         {"text", e.describe()}};
  }
  return out;
}

nlohmann::ordered_json node_json(const StoredNode& n) {
  nlohmann::ordered_json out = {
      {"node", n.node},
      {"identity", n.identity},
      {"pipeline", n.pipeline},
      {"name", n.name},
      {"kind", n.kind},
      {"stage",
       n.stage.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(n.stage)},
      {"callee",
       n.callee.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(n.callee)},
      {"parent", n.parent ? nlohmann::ordered_json(*n.parent) : nlohmann::ordered_json(nullptr)},
      {"predecessors", n.predecessors},
      {"file", n.file},
      {"line", n.line},
      {"col", n.col},
      {"labels", n.labels.empty() ? nlohmann::ordered_json::object() : stored_json(n.labels)},
      {"code_hash", n.code_hash},
      {"ran", n.ran},
  };
  if (!n.ran) return out;
  out["runs"] = n.runs;
  out["failures"] = n.failures;
  out["retries"] = n.retries;
  out["cache_hits"] = n.cache_hits;
  out["items"] = n.items;
  out["total_ns"] = n.total_ns;
  out["p50_ns"] = n.p50_ns;
  out["p95_ns"] = n.p95_ns;
  out["max_ns"] = n.max_ns;
  out["input_tokens"] = n.input_tokens;
  out["output_tokens"] = n.output_tokens;
  out["cost_usd"] = n.cost_usd;
  out["error"] =
      n.error.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(n.error);
  return out;
}

nlohmann::ordered_json run_detail_json(RunStore& store, const StoredRun& r) {
  nlohmann::ordered_json out = run_json(r);
  out["files"] = nlohmann::ordered_json::array();
  for (const StoredFile& f : store.files(r.id))
    out["files"].push_back({{"path", f.path}, {"hash", f.hash}});
  out["nodes"] = nlohmann::ordered_json::array();
  for (const StoredNode& n : store.nodes(r.id))
    out["nodes"].push_back(node_json(n));
  out["usage"] = nlohmann::ordered_json::array();
  for (const ModelCost& u : store.usage(r.id)) {
    out["usage"].push_back({{"model", u.model},
                            {"calls", u.calls},
                            {"input_tokens", u.input_tokens},
                            {"output_tokens", u.output_tokens},
                            {"cost_usd", u.cost_usd}});
  }
  out["logs"] = nlohmann::ordered_json::array();
  for (const StoredLog& l : store.logs(r.id)) {
    out["logs"].push_back({{"time", utc_time(l.time_ns)},
                           {"level", l.level},
                           {"logger", l.logger},
                           {"message", l.message},
                           {"fields", stored_json(l.fields)},
                           {"pipeline", l.pipeline},
                           {"node", l.node}});
  }
  return out;
}

}  // namespace plumb::cli
