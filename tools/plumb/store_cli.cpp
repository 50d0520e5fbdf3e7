// The run store's place, opening, and text forms shared by the store commands.
#include "tools/plumb/store_cli.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>

#include "base/invariant/check.hpp"
#include "tools/plumb/cli.hpp"

namespace plumb::cli {

namespace {

std::string format(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

// A number followed by a unit from `units` (name, multiplier); a bare number uses `bare`.
std::optional<std::int64_t> parse_quantity(const std::string& text,
                                           const std::vector<std::pair<std::string, double>>& units,
                                           std::optional<double> bare) {
  std::size_t end = 0;
  double number = 0;
  try {
    number = std::stod(text, &end);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (number < 0 || !std::isfinite(number)) return std::nullopt;
  const std::string unit = text.substr(end);
  if (unit.empty()) {
    if (!bare) return std::nullopt;
    return static_cast<std::int64_t>(number * *bare);
  }
  for (const auto& [name, multiplier] : units) {
    if (unit == name) return static_cast<std::int64_t>(number * multiplier);
  }
  return std::nullopt;
}

}  // namespace

std::string store_location(const std::string& flag) {
  if (!flag.empty()) return flag;
  const char* env = std::getenv("PLUMB_STORE");
  if (env != nullptr && *env != '\0') return env;
  return kDefaultStore;
}

void add_store_option(CLI::App* command, std::string& flag) {
  command->add_option("--store", flag,
                      "the run store: a path, sqlite:PATH or postgresql://... "
                      "(default: $PLUMB_STORE, else .plumb/runs.db)");
  add_config_option(command);
}

StoreForRun::StoreForRun(const std::string& location)
    : opening_(std::async(std::launch::async, [location] { return RunStore::open(location); })) {
}

std::shared_ptr<RunStore> StoreForRun::take() {
  PLUMB_CHECK(opening_.valid(), "the store is taken once");
  try {
    return opening_.get();
  } catch (const StoreError& error) {
    std::cerr << "plumb: warning: " << error.what() << "; the run is not recorded\n";
    return nullptr;
  }
}

std::shared_ptr<RunStore> open_store_for_reading(const std::string& location) {
  StoreOptions options;
  options.create = false;
  return RunStore::open(location, options);
}

std::string local_time(std::int64_t unix_ns) {
  const std::time_t seconds = static_cast<std::time_t>(unix_ns / 1000000000);
  std::tm parts{};
  localtime_r(&seconds, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &parts);
  return text;
}

std::string utc_time(std::int64_t unix_ns) {
  const std::time_t seconds = static_cast<std::time_t>(unix_ns / 1000000000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[48];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &parts);
  char fraction[16];
  std::snprintf(fraction, sizeof fraction, ".%09lldZ",
                static_cast<long long>(unix_ns % 1000000000));
  return std::string(text) + fraction;
}

std::string duration_text(double seconds) {
  if (seconds < 1e-3) return format("%.0f µs", seconds * 1e6);
  if (seconds < 1) return format("%.1f ms", seconds * 1e3);
  if (seconds < 600) return format("%.2f s", seconds);
  return format("%.0f min", seconds / 60);
}

std::string cost_text(double usd) {
  return format("$%.4f", usd);
}

std::optional<std::int64_t> parse_age(const std::string& text) {
  constexpr double kSecond = 1e9;
  return parse_quantity(text,
                        {{"s", kSecond},
                         {"m", 60 * kSecond},
                         {"h", 3600 * kSecond},
                         {"d", 86400 * kSecond},
                         {"w", 7 * 86400 * kSecond}},
                        std::nullopt);
}

std::optional<std::int64_t> parse_size(const std::string& text) {
  return parse_quantity(text,
                        {{"B", 1},
                         {"kB", 1e3},
                         {"KB", 1e3},
                         {"MB", 1e6},
                         {"GB", 1e9},
                         {"KiB", 1024.0},
                         {"MiB", 1024.0 * 1024},
                         {"GiB", 1024.0 * 1024 * 1024}},
                        1.0);
}

std::string size_text(std::int64_t bytes) {
  const auto b = static_cast<double>(bytes);
  if (b < 1024) return std::to_string(bytes) + " B";
  if (b < 1024 * 1024) return format("%.1f KiB", b / 1024);
  if (b < 1024.0 * 1024 * 1024) return format("%.1f MiB", b / (1024 * 1024));
  return format("%.2f GiB", b / (1024.0 * 1024 * 1024));
}

nlohmann::ordered_json stored_json(const std::string& text) {
  if (text.empty()) return nullptr;
  nlohmann::ordered_json parsed = nlohmann::ordered_json::parse(text, nullptr, false);
  return parsed.is_discarded() ? nlohmann::ordered_json(text) : parsed;
}

void print_json(const nlohmann::ordered_json& value) {
  std::cout << value.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

int with_store_errors(const std::function<int()>& command) {
  try {
    return command();
  } catch (const StoreError& error) {
    std::cerr << "plumb: error: " << error.what() << '\n';
    return kRunFailure;
  }
}

}  // namespace plumb::cli
