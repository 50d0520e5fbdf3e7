// `bench.spin(us)`: a stage that keeps a worker busy for `us` microseconds, the stand-in for
// a node's real work in the benchmarks that measure what the runtime adds around it.
#pragma once

#include <chrono>
#include <cstdint>

#include <plumb/plumb.hpp>

namespace plumb::bench {

inline StageDef spin_stage() {
  StageDef def;
  def.signature.name = "bench.spin";
  def.signature.params = {Param{"us", Type::integer(), std::nullopt, "microseconds"}};
  def.signature.result = Type::integer();
  def.signature.purity = Purity::Volatile;
  def.signature.blocking = false;
  def.signature.summary = "spins for a while";
  def.run = [](StageContext& ctx) {
    auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(ctx.int_arg("us"));
    std::int64_t n = 0;
    while (std::chrono::steady_clock::now() < until)
      ++n;
    return Value::integer(n);
  };
  return def;
}

}  // namespace plumb::bench
