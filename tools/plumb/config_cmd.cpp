// `plumb config [--config FILE] [--json]`: the configuration a `plumb run` started here would
// use, key by key, with where each value comes from: an environment variable, a file
// (file:line:col) or the default (docs/config.md). `--config` itself is added here to every
// command that reads the files.
#include <iostream>

#include <nlohmann/json.hpp>

#include "tools/plumb/cli.hpp"
#include "tools/plumb/config_file.hpp"

namespace plumb::cli {

namespace {

struct ConfigFlags {
  CLI::Option* file = nullptr;
  bool json = false;
};

std::string file_named(const CLI::Option* option) {
  return option != nullptr && option->count() > 0 ? option->as<std::string>() : std::string();
}

struct Effective {
  std::string value;  // empty: not set
  std::string source;
};

// The default of `key`: what `plumb run` does without the flag.
std::string default_of(CLI::App& run, const ConfigKey& key) {
  if (key.type == ConfigType::Boolean) return key.option.empty() ? "true" : "false";
  CLI::Option* option = run.get_option_no_throw(key.option);
  return option != nullptr ? option->get_default_str() : std::string();
}

Effective effective(CLI::App& run, const ConfigKey& key, const LoadedConfig& config) {
  if (auto variable = environment_setting(key))
    return {std::getenv(variable->c_str()), "environment " + *variable};
  auto found = config.values.find(key.name);
  if (found != config.values.end()) return {found->second.text, found->second.origin()};
  return {default_of(run, key), "default"};
}

nlohmann::ordered_json as_json(const ConfigKey& key, const std::string& value) {
  if (value.empty()) return nullptr;
  if (key.type == ConfigType::Integer) return std::stoll(value);
  if (key.type == ConfigType::Boolean) return value == "true";
  return value;
}

std::string shown(const ConfigKey& key, const std::string& value) {
  if (value.empty()) return "(not set)";
  if (key.type == ConfigType::String) return nlohmann::json(value).dump();
  return value;
}

int config_command(CLI::App& run, const ConfigFlags& flags) {
  LoadedConfig config;
  try {
    config = load_config(file_named(flags.file));
  } catch (const ConfigError& e) {
    std::cerr << e.what();
    return kUsageError;
  }
  if (flags.json) {
    nlohmann::ordered_json out = {{"files", config.files},
                                  {"keys", nlohmann::ordered_json::array()}};
    for (const ConfigKey& key : config_keys()) {
      Effective e = effective(run, key, config);
      out["keys"].push_back(nlohmann::ordered_json{
          {"key", key.name}, {"value", as_json(key, e.value)}, {"source", e.source}});
    }
    std::cout << out.dump(2) << '\n';
    return kSuccess;
  }
  std::cout << "# files read, lowest precedence first:" << (config.files.empty() ? " none" : "")
            << '\n';
  for (const std::string& file : config.files)
    std::cout << "#   " << file << '\n';
  for (const ConfigKey& key : config_keys()) {
    Effective e = effective(run, key, config);
    std::string line = key.name + " = " + shown(key, e.value);
    if (line.size() < 44) line.resize(44, ' ');
    std::cout << line << " # " << e.source << '\n';
  }
  return kSuccess;
}

}  // namespace

CLI::Option* add_config_option(CLI::App* cmd) {
  return cmd->add_option("--config",
                         "a configuration file, over plumb.toml and the user's file "
                         "(docs/config.md)");
}

int configure_selected(CLI::App& app) {
  for (CLI::App* cmd : app.get_subcommands()) {
    CLI::Option* file = cmd->get_option_no_throw("--config");
    if (file == nullptr || cmd->get_name() == "config") continue;
    try {
      apply_config(*cmd, load_config(file_named(file)));
    } catch (const ConfigError& e) {
      std::cerr << e.what();
      return kUsageError;
    }
  }
  return kSuccess;
}

void add_config(CLI::App& app, Action& run) {
  auto* cmd = app.add_subcommand("config",
                                 "print the configuration `plumb run` would use, "
                                 "with where each value comes from");
  auto flags = std::make_shared<ConfigFlags>();
  flags->file = add_config_option(cmd);
  cmd->add_flag("--json", flags->json, "print the configuration as JSON");
  CLI::App* run_command = app.get_subcommand("run");
  cmd->callback([&run, flags, run_command] {
    run = [flags, run_command] { return config_command(*run_command, *flags); };
  });
}

}  // namespace plumb::cli
