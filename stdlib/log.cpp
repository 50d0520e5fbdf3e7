// log.debug / log.info / log.warn / log.error: structured log records from a pipeline. The
// message and the extra keyword arguments (in call order) go to the runtime, which adds the
// trace and span ids of the node and a sequence number, and exports the record. The stages
// are ordered: the calls of one body run in source order.
#include "stdlib/stdlib.hpp"

#include <array>
#include <string>
#include <utility>

namespace plumb::stdlib {

void register_log(StageRegistry& registry) {
  constexpr std::array<LogLevel, 4> kLevels = {LogLevel::Debug, LogLevel::Info, LogLevel::Warn,
                                               LogLevel::Error};
  for (LogLevel level : kLevels) {
    StageSignature signature;
    signature.name = "log." + std::string(level_name(level));
    signature.params = {{"msg", Type::string(), std::nullopt, "the message"}};
    signature.extra_keywords = "fields";
    signature.result = Type::null();
    signature.purity = Purity::Volatile;
    signature.blocking = false;  // hands the record to the log sink and returns
    signature.ordered = true;    // records of one body come out in source order
    signature.version = "1";
    signature.summary = "a structured " + std::string(level_name(level)) +
                        " record with the node's trace and span ids; keyword arguments are fields";
    auto run = [level](StageContext& ctx) {
      ctx.log(level, ctx.str_arg("msg"), ctx.extra_args());
      return Value();
    };
    registry.add({std::move(signature), std::move(run), {}});
  }
}

}  // namespace plumb::stdlib
