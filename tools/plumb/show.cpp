// `plumb show RUN`: one recorded run — header (status, pipeline, times, trace, program,
// arguments, result), the error with its source line, the per-node table, the slowest nodes,
// LLM usage and cost, warning and error logs — or all of it as JSON.
#include <algorithm>
#include <cstdio>
#include <iostream>

#include "runtime/store/compare.hpp"
#include "tools/plumb/cli.hpp"
#include "tools/plumb/store_cli.hpp"
#include "tools/plumb/store_json.hpp"

namespace plumb::cli {

namespace {

constexpr std::size_t kTableRows = 50;
constexpr std::size_t kSlowestRows = 5;

struct ShowFlags {
  std::string store;
  std::string run;
  bool json = false;
};

std::string ns_text(std::int64_t ns) {
  return duration_text(static_cast<double>(ns) / 1e9);
}

// The error's source line with a caret under its column, from the recorded program text.
void print_source_line(const ErrorInfo& error, const std::vector<StoredFile>& files) {
  if (error.line == 0) return;
  for (const StoredFile& f : files) {
    if (f.path != error.file) continue;
    std::size_t start = 0;
    for (std::uint32_t line = 1; line < error.line && start != std::string::npos; ++line) {
      start = f.text.find('\n', start);
      if (start != std::string::npos) ++start;
    }
    if (start == std::string::npos || start >= f.text.size()) return;
    const std::size_t end = f.text.find('\n', start);
    const std::string text = f.text.substr(start, end == std::string::npos ? end : end - start);
    const std::string number = std::to_string(error.line);
    std::printf("  %s | %s\n", number.c_str(), text.c_str());
    std::printf("  %s | %s^\n", std::string(number.size(), ' ').c_str(),
                std::string(error.col > 0 ? error.col - 1 : 0, ' ').c_str());
    return;
  }
}

void print_nodes(const NodeOverview& overview) {
  std::printf("nodes     %zu of %zu ran, %zu failed\n", overview.ran, overview.nodes,
              overview.failed);
  std::printf("  %-28s %-16s %-7s %6s %7s %10s %10s %10s %10s  %s\n", "NODE", "STAGE", "STATUS",
              "RUNS", "ITEMS", "TOTAL", "P50", "P95", "MAX", "LINE");
  for (const StoredNode& n : overview.shown) {
    const std::string stage = n.stage.empty() ? n.kind : n.stage;
    std::printf("  %-28s %-16s %-7s %6llu %7llu %10s %10s %10s %10s  %s:%u\n", n.identity.c_str(),
                stage.c_str(), std::string(store::outcome_name(store::node_outcome(n))).c_str(),
                static_cast<unsigned long long>(n.runs), static_cast<unsigned long long>(n.items),
                n.ran ? ns_text(n.total_ns).c_str() : "-", n.ran ? ns_text(n.p50_ns).c_str() : "-",
                n.ran ? ns_text(n.p95_ns).c_str() : "-", n.ran ? ns_text(n.max_ns).c_str() : "-",
                n.file.c_str(), n.line);
  }
  if (overview.nodes > overview.shown.size()) {
    std::printf("  (%zu more nodes; `plumb show --json` lists every node)\n",
                overview.nodes - overview.shown.size());
  }
  if (!overview.slowest.empty()) std::printf("slowest nodes\n");
  for (const StoredNode& n : overview.slowest)
    std::printf("  %-28s %10s\n", n.identity.c_str(), ns_text(n.total_ns).c_str());
}

void print_text(RunStore& store, const StoredRun& r) {
  const std::vector<StoredFile> files = store.files(r.id);
  std::printf("run       %s  %s\n", r.id.c_str(), std::string(status_name(r.status)).c_str());
  std::printf("pipeline  %s  (%s)\n", r.pipeline.c_str(), r.file.c_str());
  std::printf("started   %s  duration %s\n", local_time(r.started_ns).c_str(),
              duration_text(r.seconds).c_str());
  if (!r.trace_id.empty()) std::printf("trace     %s\n", r.trace_id.c_str());
  std::printf("program   %s  (%zu file%s)\n", r.program_hash.substr(0, 16).c_str(), files.size(),
              files.size() == 1 ? "" : "s");
  std::printf("args      %s\n", r.args.c_str());
  std::printf("backend   %s, %d threads  plumb %s  host %s  pid %lld\n", r.backend.c_str(),
              r.threads, r.plumb_version.c_str(), r.host.c_str(), static_cast<long long>(r.pid));
  if (r.status == RunStatus::Ok) {
    std::printf("result    %s%s\n", r.result.c_str(),
                r.result_truncated
                    ? ("... (truncated; " + size_text(r.result_bytes) + " in all)").c_str()
                    : "");
  }
  if (r.error) {
    std::printf("error     %s [%s]\n", r.error->describe().c_str(), r.error->kind.c_str());
    print_source_line(*r.error, files);
  }
  print_nodes(store.node_overview(r.id, kTableRows, kSlowestRows));
  const std::vector<ModelCost> usage = store.usage(r.id);
  if (!usage.empty()) std::printf("model usage\n");
  for (const ModelCost& u : usage) {
    std::printf("  %-24s %5lld calls %9lld in %9lld out  %s\n", u.model.c_str(),
                static_cast<long long>(u.calls), static_cast<long long>(u.input_tokens),
                static_cast<long long>(u.output_tokens), cost_text(u.cost_usd).c_str());
  }
  if (!usage.empty()) std::printf("  total cost %s\n", cost_text(r.cost_usd).c_str());
  const std::vector<StoredLog> logs = store.logs(r.id);
  if (!logs.empty()) std::printf("logs      %zu warnings and errors\n", logs.size());
  for (const StoredLog& l : logs) {
    std::printf("  %s %-5s %s %s\n", local_time(l.time_ns).c_str(), l.level.c_str(),
                l.message.c_str(), l.fields == "{}" ? "" : l.fields.c_str());
  }
  std::printf("spans     %lld recorded", static_cast<long long>(r.spans));
  if (r.spans_left_out > 0)
    std::printf(", %lld left out", static_cast<long long>(r.spans_left_out));
  std::printf("\n");
}

int show_run(const ShowFlags& flags) {
  return with_store_errors([&] {
    std::shared_ptr<RunStore> store = open_store_for_reading(store_location(flags.store));
    const StoredRun r = store->run(flags.run);
    if (flags.json) {
      print_json(run_detail_json(*store, r));
    } else {
      print_text(*store, r);
    }
    return kSuccess;
  });
}

}  // namespace

void add_show(CLI::App& app, Action& run) {
  auto* cmd = app.add_subcommand("show", "show one recorded run");
  auto flags = std::make_shared<ShowFlags>();
  cmd->add_option("RUN", flags->run, "a run id, a unique prefix of one, last or last-failed")
      ->required();
  add_store_option(cmd, flags->store);
  cmd->add_flag("--json", flags->json, "print the run, its nodes, usage and logs as JSON");
  cmd->callback([&run, flags] { run = [flags] { return show_run(*flags); }; });
}

}  // namespace plumb::cli
