// The tuning a statement's attributes give its node (LANGUAGE.md §7), as the checker
// validated them: `@retry`, `@timeout`, `@cache`, `@label`, `@trace` and `@span`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace plumb {

struct RetryPolicy {
  std::int64_t attempts = 3;  // total attempts, including the first
  double backoff = 0.2;       // seconds before the second attempt; doubles each time
  double max_backoff = 30.0;  // cap of one wait
};

enum class ItemSpans : std::uint8_t { Default, None, All, Sample };

struct TracePolicy {
  ItemSpans items = ItemSpans::Default;  // Default: all items up to `limit`, then sampled
  double rate = 0.01;                    // fraction of items sampled after the limit
  std::int64_t limit = 1000;
};

struct NodeAttributes {
  std::optional<RetryPolicy> retry;
  std::optional<double> timeout;  // seconds
  bool cache = false;
  std::vector<std::pair<std::string, std::string>> labels;
  std::optional<TracePolicy> trace;
  std::string span_name;  // @span: the name of the node's span

  bool empty() const {
    return !retry && !timeout && !cache && labels.empty() && !trace && span_name.empty();
  }
};

}  // namespace plumb
