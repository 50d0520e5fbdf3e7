// The warnings about lost spans.
#include "runtime/telemetry/span_loss.hpp"

#include <cstdio>

namespace plumb::telemetry {

namespace {

constexpr const char* kFewerSpans =
    "record fewer spans with @trace(items: \"sample\") or OTEL_TRACES_SAMPLER";

void warn(std::uint64_t count, const char* reason, const std::string& advice) {
  std::fprintf(stderr, "plumb: warning: %s span%s dropped (%s); %s\n",
               group_thousands(count).c_str(), count == 1 ? " was" : "s were", reason,
               advice.c_str());
}

}  // namespace

std::string group_thousands(std::uint64_t count) {
  std::string digits = std::to_string(count);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

void warn_dropped(const SpanLoss& loss, std::size_t max_queue) {
  if (loss.queue_full > 0) {
    warn(loss.queue_full, "exporter queue full",
         "the OTLP exporter queues " + group_thousands(max_queue) +
             " spans (OTEL_BSP_MAX_QUEUE_SIZE): raise it, or " + kFewerSpans);
  }
  if (loss.buffer_full > 0) {
    warn(loss.buffer_full, "span buffer full",
         std::string("they were recorded faster than the OTLP exporter encodes them: ") +
             kFewerSpans);
  }
}

void warn_undelivered(std::uint64_t failed, std::uint64_t rejected,
                      std::chrono::milliseconds shutdown_timeout) {
  if (failed > 0) {
    char deadline[64];
    std::snprintf(deadline, sizeof deadline, "%.3g s", shutdown_timeout.count() / 1000.0);
    warn(failed, "export failed",
         std::string("the collector did not take them within the export timeout "
                     "(OTEL_BSP_EXPORT_TIMEOUT) or the ") +
             deadline + " allowed at shutdown: check that it is reachable");
  }
  if (rejected > 0) {
    warn(rejected, "rejected by the collector",
         "its partial-success reply refused them; see the collector's logs");
  }
}

}  // namespace plumb::telemetry
