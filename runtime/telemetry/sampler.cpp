// Sampler: the rules of the OpenTelemetry SDK specification; the ratio compares the low 63
// bits of the trace id with ratio * 2^63, so the same trace id always gets the same answer.
#include "runtime/telemetry/sampler.hpp"

#include <cstdlib>

namespace plumb::telemetry {

std::optional<Sampler> Sampler::parse(const std::string& name, const std::string& arg) {
  bool parent_based = name.rfind("parentbased_", 0) == 0;
  std::string root = parent_based ? name.substr(12) : name;
  if (root == "always_on") return Sampler(Root::AlwaysOn, 1, parent_based);
  if (root == "always_off") return Sampler(Root::AlwaysOff, 0, parent_based);
  if (root != "traceidratio") return std::nullopt;
  double ratio = 1;
  if (!arg.empty()) {
    char* end = nullptr;
    ratio = std::strtod(arg.c_str(), &end);
    if (end == arg.c_str() || *end != '\0' || !(ratio >= 0 && ratio <= 1)) return std::nullopt;
  }
  return Sampler(Root::Ratio, ratio, parent_based);
}

bool Sampler::sample(TraceId trace, const std::optional<TraceContext>& parent) const {
  if (parent_based_ && parent) return (parent->flags & 1) != 0;
  switch (root_) {
    case Root::AlwaysOn:
      return true;
    case Root::AlwaysOff:
      return false;
    case Root::Ratio: {
      const std::uint64_t bits = trace.low & 0x7fffffffffffffffULL;
      return static_cast<double>(bits) < ratio_ * 9223372036854775808.0;
    }
  }
  return true;
}

std::string Sampler::refusal(const std::optional<TraceContext>& parent) const {
  if (parent_based_ && parent) return "not sampled: the parent (traceparent) is not sampled";
  if (root_ == Root::AlwaysOff) return "not sampled: OTEL_TRACES_SAMPLER is always_off";
  return "not sampled: outside the traceidratio sampler's ratio (OTEL_TRACES_SAMPLER_ARG)";
}

}  // namespace plumb::telemetry
