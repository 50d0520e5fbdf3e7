// `plumb compare RUN_A RUN_B`: what changed between two recorded runs — program (nodes added,
// removed, changed), arguments, result, and per node duration, cost and status, regressions
// first — as text or JSON.
#include <cstdio>
#include <iostream>

#include "runtime/store/compare.hpp"
#include "tools/plumb/cli.hpp"
#include "tools/plumb/store_cli.hpp"
#include "tools/plumb/store_json.hpp"

namespace plumb::cli {

namespace {

constexpr std::size_t kNodeRows = 20;

struct CompareFlags {
  std::string store;
  std::string run_a;
  std::string run_b;
  bool json = false;
};

const char* change_name(store::NodeChangeKind kind) {
  switch (kind) {
    case store::NodeChangeKind::Added:
      return "added";
    case store::NodeChangeKind::Removed:
      return "removed";
    case store::NodeChangeKind::Changed:
      return "changed";
  }
  return "?";
}

std::string change_percent(std::int64_t before, std::int64_t after) {
  if (before == 0) return after == 0 ? "0%" : "new";
  char text[32];
  std::snprintf(text, sizeof text, "%+.0f%%",
                100.0 * static_cast<double>(after - before) / static_cast<double>(before));
  return text;
}

nlohmann::ordered_json differences_json(const std::vector<store::ValueDifference>& differences) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const store::ValueDifference& d : differences) {
    nlohmann::ordered_json entry = {{"path", d.path}};
    if (!d.before.empty()) entry["before"] = stored_json(d.before);
    if (!d.after.empty()) entry["after"] = stored_json(d.after);
    out.push_back(std::move(entry));
  }
  return out;
}

nlohmann::ordered_json comparison_json(const store::RunComparison& c) {
  nlohmann::ordered_json out = {
      {"a", run_json(c.a)}, {"b", run_json(c.b)}, {"same_program", c.same_program}};
  out["program"] = nlohmann::ordered_json::array();
  for (const store::NodeChange& change : c.program) {
    out["program"].push_back({{"change", change_name(change.kind)},
                              {"identity", change.identity},
                              {"file", change.file},
                              {"line", change.line}});
  }
  out["args"] = differences_json(c.args);
  out["result"] = c.result_compared ? differences_json(c.result) : nlohmann::ordered_json(nullptr);
  out["nodes"] = nlohmann::ordered_json::array();
  for (const store::NodeDelta& d : c.nodes) {
    out["nodes"].push_back({{"identity", d.identity},
                            {"regression", d.regression},
                            {"before",
                             {{"status", store::outcome_name(d.before)},
                              {"total_ns", d.before_ns},
                              {"cost_usd", d.before_cost}}},
                            {"after",
                             {{"status", store::outcome_name(d.after)},
                              {"total_ns", d.after_ns},
                              {"cost_usd", d.after_cost}}}});
  }
  return out;
}

void print_differences(const char* title, const std::vector<store::ValueDifference>& list) {
  if (list.empty()) {
    std::printf("%-10s the same\n", title);
    return;
  }
  std::printf("%-10s %zu difference%s\n", title, list.size(), list.size() == 1 ? "" : "s");
  for (const store::ValueDifference& d : list) {
    std::printf("  %s: %s -> %s\n", d.path.c_str(), d.before.empty() ? "(none)" : d.before.c_str(),
                d.after.empty() ? "(none)" : d.after.c_str());
  }
}

void print_run_line(const char* label, const StoredRun& r) {
  std::printf("%-10s %s  %-11s %10s  %s\n", label, r.id.c_str(),
              std::string(status_name(r.status)).c_str(), duration_text(r.seconds).c_str(),
              local_time(r.started_ns).c_str());
}

void print_text(const store::RunComparison& c) {
  print_run_line("A", c.a);
  print_run_line("B", c.b);
  if (c.same_program) {
    std::printf("%-10s the same (%s)\n", "program", c.a.program_hash.substr(0, 16).c_str());
  } else {
    std::size_t counts[3] = {0, 0, 0};
    for (const store::NodeChange& change : c.program)
      ++counts[static_cast<int>(change.kind)];
    std::printf("%-10s changed: %zu added, %zu removed, %zu changed\n", "program", counts[0],
                counts[1], counts[2]);
    for (const store::NodeChange& change : c.program) {
      const char sign = change.kind == store::NodeChangeKind::Added     ? '+'
                        : change.kind == store::NodeChangeKind::Removed ? '-'
                                                                        : '~';
      std::printf("  %c %-30s %s:%u\n", sign, change.identity.c_str(), change.file.c_str(),
                  change.line);
    }
  }
  print_differences("arguments", c.args);
  if (c.result_compared) {
    print_differences("result", c.result);
  } else {
    std::printf("%-10s not compared (a run has no result, or it was cut)\n", "result");
  }
  if (c.nodes.empty()) return;
  std::printf("nodes      regressions first\n");
  std::printf("  %-30s %10s %10s %8s  %s\n", "NODE", "A", "B", "CHANGE", "STATUS");
  for (std::size_t i = 0; i < c.nodes.size() && i < kNodeRows; ++i) {
    const store::NodeDelta& d = c.nodes[i];
    std::string status(store::outcome_name(d.before));
    if (d.after != d.before) status += " -> " + std::string(store::outcome_name(d.after));
    std::printf(
        "  %-30s %10s %10s %8s  %s%s\n", d.identity.c_str(),
        duration_text(static_cast<double>(d.before_ns) / 1e9).c_str(),
        duration_text(static_cast<double>(d.after_ns) / 1e9).c_str(),
        change_percent(d.before_ns, d.after_ns).c_str(), status.c_str(),
        d.after_cost != d.before_cost
            ? ("  cost " + cost_text(d.before_cost) + " -> " + cost_text(d.after_cost)).c_str()
            : "");
  }
  if (c.nodes.size() > kNodeRows) {
    std::printf("  (%zu more nodes; `plumb compare --json` lists every node)\n",
                c.nodes.size() - kNodeRows);
  }
}

int compare_command(const CompareFlags& flags) {
  return with_store_errors([&] {
    std::shared_ptr<RunStore> store = open_store_for_reading(store_location(flags.store));
    const store::RunComparison comparison = store::compare_runs(*store, flags.run_a, flags.run_b);
    if (flags.json) {
      print_json(comparison_json(comparison));
    } else {
      print_text(comparison);
    }
    return kSuccess;
  });
}

}  // namespace

void add_compare(CLI::App& app, Action& run) {
  auto* cmd = app.add_subcommand("compare", "compare two recorded runs");
  auto flags = std::make_shared<CompareFlags>();
  cmd->add_option("RUN_A", flags->run_a, "the first run (id, prefix, last, last-failed)")
      ->required();
  cmd->add_option("RUN_B", flags->run_b, "the second run")->required();
  add_store_option(cmd, flags->store);
  cmd->add_flag("--json", flags->json, "print the comparison as JSON");
  cmd->callback([&run, flags] { run = [flags] { return compare_command(*flags); }; });
}

}  // namespace plumb::cli
