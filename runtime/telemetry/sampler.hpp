// Trace sampling (OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG): always_on, always_off,
// traceidratio, and their parentbased_ forms (the default is parentbased_always_on). The
// decision is made once per run, from the trace id and the remote parent's sampled flag, so
// every span of a trace shares it.
#pragma once

#include <optional>
#include <string>

#include "runtime/telemetry/ids.hpp"

namespace plumb::telemetry {

class Sampler {
 public:
  enum class Root { AlwaysOn, AlwaysOff, Ratio };

  Sampler() = default;
  Sampler(Root root, double ratio, bool parent_based)
      : root_(root), ratio_(ratio), parent_based_(parent_based) {}
  // Parses a sampler name and its argument; nullopt for an unknown name or a bad ratio.
  static std::optional<Sampler> parse(const std::string& name, const std::string& arg);

  bool sample(TraceId trace, const std::optional<TraceContext>& parent) const;
  // Why sample() said no, for the run summary.
  std::string refusal(const std::optional<TraceContext>& parent) const;

 private:
  Root root_ = Root::AlwaysOn;
  double ratio_ = 1;
  bool parent_based_ = true;
};

}  // namespace plumb::telemetry
