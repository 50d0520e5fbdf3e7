// What the run store commands share (`plumb run`'s recording, `plumb runs`, `show`, `compare`,
// `gc`): where the store is (--store, else $PLUMB_STORE, else .plumb/runs.db), opening it, and
// the text forms of times, durations, costs, ages and sizes.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <string>

#include <plumb/store.hpp>

namespace plumb::cli {

inline constexpr const char* kDefaultStore = ".plumb/runs.db";

// --store FLAG if given, else $PLUMB_STORE if set and not empty, else the default.
std::string store_location(const std::string& flag);
// `--store`, and `--config`: the configuration files can set the store (`run.store`).
void add_store_option(CLI::App* command, std::string& flag);

// A run's store, opened on another thread from construction on, so that `plumb run` compiles
// the program meanwhile (opening reads the store's write-ahead log and schema: about as long
// as compiling a small pipeline). The destructor waits for the opening to end.
class StoreForRun {
 public:
  explicit StoreForRun(const std::string& location);
  // Waits for the store; null after one warning on stderr when it cannot be opened (the run
  // goes on unrecorded). Once only.
  std::shared_ptr<RunStore> take();

 private:
  std::future<std::shared_ptr<RunStore>> opening_;
};
// For the reading commands: never creates a store. Throws StoreError.
std::shared_ptr<RunStore> open_store_for_reading(const std::string& location);

// `2026-12-07 10:00:01` in local time.
std::string local_time(std::int64_t unix_ns);
// `2026-12-07T09:00:01.123456789Z`.
std::string utc_time(std::int64_t unix_ns);
// `870 µs`, `12.3 ms`, `4.56 s`, `3m 12s`.
std::string duration_text(double seconds);
std::string cost_text(double usd);
// `90s`, `30m`, `12h`, `2d`, `1w` → nanoseconds; nullopt when malformed.
std::optional<std::int64_t> parse_age(const std::string& text);
// `500MB`, `1GiB`, `2048` → bytes; nullopt when malformed.
std::optional<std::int64_t> parse_size(const std::string& text);
std::string size_text(std::int64_t bytes);

// A JSON text stored by the run store as JSON (a string when it does not parse: a cut result).
nlohmann::ordered_json stored_json(const std::string& text);
// Writes `value` pretty-printed on stdout (invalid UTF-8 replaced).
void print_json(const nlohmann::ordered_json& value);

// Runs a store command: a StoreError is printed as `plumb: error: ...` and exits 1.
int with_store_errors(const std::function<int()>& command);

}  // namespace plumb::cli
