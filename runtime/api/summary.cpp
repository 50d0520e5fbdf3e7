// Result::summary(): the run summary printed by `plumb run --summary`.
#include <algorithm>
#include <cstdio>

#include <plumb/plumb.hpp>

namespace plumb {

namespace {

std::string format(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

std::string duration(double seconds) {
  if (seconds < 1e-3) return format("%.0f µs", seconds * 1e6);
  if (seconds < 1) return format("%.1f ms", seconds * 1e3);
  return format("%.2f s", seconds);
}

}  // namespace

std::string Result::summary() const {
  const std::vector<NodeResult> node_list = nodes();
  std::uint64_t ok_nodes = 0, failed = 0, retried = 0, cached = 0;
  for (const NodeResult& n : node_list) {
    // Every failed attempt but a node's last is followed by a retry: more failures than
    // retries means an execution of the node failed for good.
    (n.failures > n.retries ? failed : ok_nodes) += 1;
    if (n.retries > 0) ++retried;
    if (n.cached > 0) ++cached;
  }
  std::string out = "── plumb run summary ──\n";
  const char* shown = status == Status::Ok          ? "ok"
                      : status == Status::Cancelled ? "cancelled"
                                                    : "failed";
  out += std::string("status   ") + shown + " in " + duration(seconds) + "\n";
  out += "trace    " + trace_id;
  if (spans == 0) {
    out += " (no spans recorded: " + no_spans_reason + ")\n";
  } else {
    out += " (" + std::to_string(spans) + (spans == 1 ? " span" : " spans");
    if (spans_dropped > 0) out += ", " + std::to_string(spans_dropped) + " dropped";
    out += ")\n";
  }
  out += "nodes    " + std::to_string(ok_nodes) + " ok, " + std::to_string(failed) + " failed, " +
         std::to_string(retried) + " retried" +
         (cached ? ", " + std::to_string(cached) + " cached" : std::string()) + "\n";
  std::vector<const NodeResult*> slowest;
  for (const NodeResult& n : node_list)
    slowest.push_back(&n);
  std::sort(slowest.begin(), slowest.end(),
            [](const NodeResult* a, const NodeResult* b) { return a->seconds > b->seconds; });
  if (!slowest.empty()) out += "slowest nodes\n";
  for (std::size_t i = 0; i < slowest.size() && i < 5; ++i) {
    const NodeResult& n = *slowest[i];
    char line[256];
    std::snprintf(line, sizeof line, "  %-24s %-18s %10s  %llu run%s  %s:%u\n", n.node.c_str(),
                  n.stage.c_str(), duration(n.seconds).c_str(),
                  static_cast<unsigned long long>(n.runs), n.runs == 1 ? "" : "s", n.file.c_str(),
                  n.line);
    out += line;
  }
  if (!usage.empty()) {
    out += "model usage\n";
    double total = 0;
    for (const ModelCost& u : usage) {
      char line[256];
      std::snprintf(line, sizeof line, "  %-24s %5lld calls %9lld in %9lld out  $%.6f\n",
                    u.model.c_str(), static_cast<long long>(u.calls),
                    static_cast<long long>(u.input_tokens), static_cast<long long>(u.output_tokens),
                    u.cost_usd);
      out += line;
      total += u.cost_usd;
    }
    out += format("  total cost $%.6f\n", total);
  }
  if (error) out += "error    " + error->describe() + "\n";
  return out;
}

}  // namespace plumb
