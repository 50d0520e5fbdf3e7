// `plumb runs`: the recorded runs, newest first, one line each (id, start, pipeline, status,
// duration, nodes, cost), or as JSON.
#include <cstdio>
#include <iostream>

#include "tools/plumb/cli.hpp"
#include "tools/plumb/store_cli.hpp"

namespace plumb::cli {

namespace {

struct RunsFlags {
  std::string store;
  std::size_t limit = 20;
  std::string status;
  std::string pipeline;
  std::string since;
  bool json = false;
};

nlohmann::ordered_json run_summary_json(const StoredRun& r) {
  nlohmann::ordered_json out = {
      {"id", r.id},
      {"status", std::string(status_name(r.status))},
      {"pipeline", r.pipeline},
      {"file", r.file},
      {"started", utc_time(r.started_ns)},
      {"started_ns", r.started_ns},
      {"seconds", r.seconds},
      {"nodes", r.nodes_run},
      {"nodes_failed", r.nodes_failed},
      {"cost_usd", r.cost_usd},
      {"trace_id", r.trace_id},
      {"host", r.host},
      {"pid", r.pid},
  };
  if (r.error) out["error"] = r.error->describe();
  return out;
}

int list_runs(const RunsFlags& flags) {
  RunFilter filter;
  filter.limit = flags.limit;
  filter.pipeline = flags.pipeline;
  if (!flags.status.empty()) filter.status = parse_status(flags.status);
  if (!flags.since.empty()) {
    const std::optional<std::int64_t> age = parse_age(flags.since);
    if (!age) {
      std::cerr << "plumb: error: --since needs an age like 90s, 30m, 12h, 2d or 1w, not `"
                << flags.since << "`\n";
      return kUsageError;
    }
    filter.since_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count() -
                      *age;
  }
  return with_store_errors([&] {
    std::shared_ptr<RunStore> store = open_store_for_reading(store_location(flags.store));
    const std::vector<StoredRun> runs = store->runs(filter);
    if (flags.json) {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const StoredRun& r : runs)
        out.push_back(run_summary_json(r));
      print_json(out);
      return kSuccess;
    }
    if (runs.empty()) {
      std::cout << "no runs in " << store->name() << '\n';
      return kSuccess;
    }
    std::printf("%-26s  %-19s  %-16s  %-11s  %10s  %5s  %9s\n", "ID", "STARTED", "PIPELINE",
                "STATUS", "DURATION", "NODES", "COST");
    for (const StoredRun& r : runs) {
      std::printf("%-26s  %-19s  %-16s  %-11s  %10s  %5lld  %9s\n", r.id.c_str(),
                  local_time(r.started_ns).c_str(), r.pipeline.c_str(),
                  std::string(status_name(r.status)).c_str(), duration_text(r.seconds).c_str(),
                  static_cast<long long>(r.nodes_run), cost_text(r.cost_usd).c_str());
    }
    return kSuccess;
  });
}

}  // namespace

void add_runs(CLI::App& app, Action& run) {
  auto* cmd = app.add_subcommand("runs", "list the recorded runs, newest first");
  auto flags = std::make_shared<RunsFlags>();
  add_store_option(cmd, flags->store);
  cmd->add_option("--limit", flags->limit, "at most N runs (0: all)")->capture_default_str();
  cmd->add_option("--status", flags->status, "only runs with this status")
      ->check(CLI::IsMember({"running", "ok", "failed", "cancelled", "interrupted"}));
  cmd->add_option("--pipeline", flags->pipeline, "only runs of this entry pipeline");
  cmd->add_option("--since", flags->since,
                  "only runs started within this age (90s, 30m, 12h, 2d, 1w)");
  cmd->add_flag("--json", flags->json, "print the runs as a JSON array");
  cmd->callback([&run, flags] { run = [flags] { return list_runs(*flags); }; });
}

}  // namespace plumb::cli
