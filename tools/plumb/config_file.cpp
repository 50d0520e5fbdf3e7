// Finding, reading and checking the configuration files (config_file.hpp), with toml++, and
// handing their values to the options of a parsed subcommand. Every mistake in a file is
// reported like a diagnostic: `file:line:col: error: message`, the line, a caret.
#include "tools/plumb/config_file.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

#include "compiler/check/suggest.hpp"

namespace plumb::cli {

namespace {

namespace fs = std::filesystem;

ConfigKey string_key(std::string name, std::string option,
                     std::vector<std::string> environment = {},
                     std::vector<std::string> choices = {}) {
  ConfigKey key{std::move(name), std::move(option)};
  key.environment = std::move(environment);
  key.choices = std::move(choices);
  return key;
}

ConfigKey integer_key(std::string name, std::string option, long long min, long long max) {
  ConfigKey key{std::move(name), std::move(option), ConfigType::Integer};
  key.min = min;
  key.max = max;
  return key;
}

ConfigKey boolean_key(std::string name, std::string option, std::string option_when_false = {},
                      std::vector<std::string> environment = {}) {
  ConfigKey key{std::move(name), std::move(option), ConfigType::Boolean};
  key.option_when_false = std::move(option_when_false);
  key.environment = std::move(environment);
  return key;
}

ConfigKey overridden(ConfigKey key, std::vector<std::string> flags) {
  key.overridden_by = std::move(flags);
  return key;
}

// The text of line `line` (1-based) of `text`.
std::string line_of(const std::string& text, std::size_t line) {
  std::size_t start = 0;
  for (std::size_t i = 1; i < line && start != std::string::npos; ++i) {
    start = text.find('\n', start);
    if (start != std::string::npos) ++start;
  }
  if (start == std::string::npos || start > text.size()) return {};
  std::size_t end = text.find('\n', start);
  std::string found = text.substr(start, end == std::string::npos ? end : end - start);
  if (!found.empty() && found.back() == '\r') found.pop_back();
  return found;
}

[[noreturn]] void fail_on(const std::string& file, const std::string& source_line, std::size_t line,
                          std::size_t column, const std::string& message) {
  std::ostringstream out;
  out << file << ':' << line << ':' << column << ": error: " << message << '\n';
  if (line > 0)
    out << source_line << '\n' << std::string(column > 0 ? column - 1 : 0, ' ') << "^\n";
  throw ConfigError(out.str());
}

[[noreturn]] void fail_at(const std::string& file, const std::string& text, std::size_t line,
                          std::size_t column, const std::string& message) {
  fail_on(file, line_of(text, line), line, column, message);
}

const ConfigKey* find_key(const std::string& name) {
  for (const ConfigKey& key : config_keys()) {
    if (key.name == name) return &key;
  }
  return nullptr;
}

// The keys of `section` without the section's name.
std::vector<std::string> keys_of(const std::string& section) {
  std::vector<std::string> names;
  for (const ConfigKey& key : config_keys()) {
    if (key.name.compare(0, section.size() + 1, section + ".") == 0)
      names.push_back(key.name.substr(section.size() + 1));
  }
  return names;
}

const std::vector<std::string> kSections = {"run", "telemetry", "log"};

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& word : words)
    out += (out.empty() ? "" : ", ") + word;
  return out;
}

// The value of `node` for `key` as flag text; a mistake is reported at the value.
std::string value_text(const ConfigKey& key, const toml::node& node, const std::string& file,
                       const std::string& text) {
  const toml::source_position at = node.source().begin;
  auto fail = [&](const std::string& message) { fail_at(file, text, at.line, at.column, message); };
  switch (key.type) {
    case ConfigType::String: {
      const auto* value = node.as_string();
      if (value == nullptr) fail("`" + key.name + "` must be a string");
      const std::string& s = value->get();
      if (!key.choices.empty() &&
          std::find(key.choices.begin(), key.choices.end(), s) == key.choices.end())
        fail("`" + key.name + "` must be one of " + joined(key.choices) + ", not \"" + s + "\"");
      return s;
    }
    case ConfigType::Integer: {
      const auto* value = node.as_integer();
      if (value == nullptr) fail("`" + key.name + "` must be an integer");
      const long long n = value->get();
      if (key.min < key.max && (n < key.min || n > key.max))
        fail("`" + key.name + "` must be from " + std::to_string(key.min) + " to " +
             std::to_string(key.max) + ", not " + std::to_string(n));
      return std::to_string(n);
    }
    case ConfigType::Boolean: {
      const auto* value = node.as_boolean();
      if (value == nullptr) fail("`" + key.name + "` must be true or false");
      return value->get() ? "true" : "false";
    }
  }
  return {};
}

// Reads one file into `config`, over the values of the files read before it.
void read_file(const fs::path& path, LoadedConfig& config) {
  const std::string file = path.string();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("plumb: error: cannot read the configuration file " + file + "\n");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  toml::table table;
  try {
    table = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    const toml::source_position at = e.source().begin;
    std::string message(e.description());
    if (!message.empty()) message[0] = static_cast<char>(std::tolower(message[0]));
    fail_at(file, text, at.line, at.column, message);
  }
  for (auto&& [section, node] : table) {
    const toml::source_position at = section.source().begin;
    const std::string name(section.str());
    if (!node.is_table()) {
      std::string home;
      for (const std::string& candidate : kSections) {
        if (find_key(candidate + "." + name) != nullptr) home = candidate;
      }
      fail_at(file, text, at.line, at.column,
              "`" + name + "` is outside a section" +
                  (home.empty() ? "; keys belong under [run], [telemetry] or [log]"
                                : "; write it under [" + home + "]"));
    }
    const std::vector<std::string> keys = keys_of(name);
    if (keys.empty()) {
      fail_at(file, text, at.line, at.column,
              "unknown section `" + name + "`" + check::did_you_mean(name, kSections) +
                  " (the sections are run, telemetry and log)");
    }
    for (auto&& [entry, value] : *node.as_table()) {
      const std::string full = name + "." + std::string(entry.str());
      const ConfigKey* key = find_key(full);
      if (key == nullptr) {
        const toml::source_position where = entry.source().begin;
        fail_at(file, text, where.line, where.column,
                "unknown key `" + full + "`" + check::did_you_mean(entry.str(), keys) + " ([" +
                    name + "] has " + joined(keys) + ")");
      }
      const toml::source_position where = value.source().begin;
      config.values[full] = ConfigValue{value_text(*key, value, file, text), file, where.line,
                                        where.column, line_of(text, where.line)};
    }
  }
  config.files.push_back(file);
}

// `plumb.toml` in `start` or the nearest parent, not above the repository's root (a folder
// with `.git`).
std::optional<fs::path> project_file(const fs::path& start) {
  std::error_code error;
  fs::path folder = fs::absolute(start, error).lexically_normal();
  if (error) return std::nullopt;
  if (!folder.has_filename()) folder = folder.parent_path();  // `/a/b/` → `/a/b`
  for (;;) {
    if (fs::is_regular_file(folder / "plumb.toml", error)) return folder / "plumb.toml";
    if (fs::exists(folder / ".git", error) || !folder.has_parent_path() ||
        folder.parent_path() == folder)
      return std::nullopt;
    folder = folder.parent_path();
  }
}

std::optional<fs::path> user_file() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  const char* home = std::getenv("HOME");
  fs::path folder;
  if (xdg != nullptr && *xdg == '/') {
    folder = xdg;
  } else if (home != nullptr && *home != '\0') {
    folder = fs::path(home) / ".config";
  } else {
    return std::nullopt;
  }
  std::error_code error;
  fs::path path = folder / "plumb" / "config.toml";
  if (fs::is_regular_file(path, error)) return path;
  return std::nullopt;
}

}  // namespace

const std::vector<ConfigKey>& config_keys() {
  static const std::vector<ConfigKey> keys = {
      string_key("run.backend", "--backend", {}, {"auto", "interp", "jit"}),
      integer_key("run.jit_opt", "--jit-opt", 0, 2),
      integer_key("run.threads", "--threads", 1, 1024),
      boolean_key("run.summary", "--summary", "--no-summary"),
      string_key("run.trace_out", "--trace-out"),
      overridden(string_key("run.store", "--store", {"PLUMB_STORE"}), {"--no-store"}),
      overridden(boolean_key("run.record", "", "--no-store"), {"--store"}),
      integer_key("run.max_diagnostics", "--max-diagnostics", 0, 1000000000),
      string_key("telemetry.otlp_endpoint", "--otlp-endpoint",
                 {"OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"}),
      string_key("telemetry.otlp_protocol", "--otlp-protocol",
                 {"OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"},
                 {"grpc", "http/protobuf", "http/json"}),
      boolean_key("telemetry.otlp_metrics", "--otlp-metrics", "", {"OTEL_METRICS_EXPORTER"}),
      string_key("telemetry.otlp_file", "--otlp-file"),
      integer_key("telemetry.metrics_port", "--metrics-port", 1, 65535),
      string_key("telemetry.metrics_addr", "--metrics-addr"),
      string_key("telemetry.push_gateway", "--push-gateway"),
      string_key("telemetry.push_job", "--push-job"),
      string_key("telemetry.influx_url", "--influx-url"),
      string_key("log.format", "--log-format", {}, {"text", "json"}),
      string_key("log.level", "--log-level", {"PLUMB_LOG"}, {"debug", "info", "warn", "error"}),
      string_key("log.file", "--log-file"),
  };
  return keys;
}

std::string ConfigValue::origin() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

LoadedConfig load_config(const std::string& explicit_file, const std::string& start) {
  LoadedConfig config;
  if (auto path = user_file()) read_file(*path, config);
  if (auto path = project_file(start)) read_file(*path, config);
  if (!explicit_file.empty()) {
    std::error_code error;
    if (!fs::is_regular_file(explicit_file, error)) {
      throw ConfigError("plumb: error: --config " + explicit_file +
                        ": no such file (or not a regular file)\n");
    }
    read_file(explicit_file, config);
  }
  return config;
}

std::optional<std::string> environment_setting(const ConfigKey& key) {
  for (const std::string& name : key.environment) {
    const char* value = std::getenv(name.c_str());
    if (value != nullptr && *value != '\0') return name;
  }
  return std::nullopt;
}

void apply_config(CLI::App& cmd, const LoadedConfig& config) {
  for (const ConfigKey& key : config_keys()) {
    auto found = config.values.find(key.name);
    if (found == config.values.end()) continue;
    const ConfigValue& value = found->second;
    const bool when_true = value.text != "false" || key.type != ConfigType::Boolean;
    const std::string& flag = when_true ? key.option : key.option_when_false;
    // A boolean whose value has no flag (`record = true`) is the default.
    CLI::Option* option = flag.empty() ? nullptr : cmd.get_option_no_throw(flag);
    if (option == nullptr) continue;
    // A flag given on the command line, for either value of a boolean, wins.
    std::vector<std::string> flags = key.overridden_by;
    flags.push_back(key.option);
    flags.push_back(key.option_when_false);
    bool given = false;
    for (const std::string& other : flags) {
      if (CLI::Option* o = other.empty() ? nullptr : cmd.get_option_no_throw(other))
        given = given || o->count() > 0;
    }
    if (given || environment_setting(key)) continue;
    try {
      option->add_result(key.type == ConfigType::Boolean ? "true" : value.text);
      option->run_callback();
    } catch (const CLI::Error& e) {
      fail_on(value.file, value.source_line, value.line, value.column,
              "`" + key.name + "`: " + e.what());
    }
  }
}

}  // namespace plumb::cli
