// The configuration files of `plumb run` (docs/config.md): `plumb.toml` in the working folder
// or the nearest parent up to the repository's root, the user's
// `$XDG_CONFIG_HOME/plumb/config.toml`, and the file `--config FILE` names. They hold what a
// run flag can set, under the keys of config_keys(). Precedence, highest first: the flag, the
// environment variable that sets the same thing, `--config FILE`, the project file, the user
// file, the default. A file with an unknown key, a value of the wrong type or out of range is
// an error naming file:line:col, with the line and a caret, as diagnostics of programs do.
#pragma once

#include <CLI/CLI.hpp>

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace plumb::cli {

enum class ConfigType { String, Integer, Boolean };

// One key of the files: the run flag it stands for, the environment variables that take
// precedence over it, and what values it accepts.
struct ConfigKey {
  std::string name;    // `section.key`, as written in the file
  std::string option;  // the flag of `plumb run` it sets (`--threads`)
  ConfigType type = ConfigType::String;
  std::vector<std::string> environment;  // variables that set the same, over the files
  std::vector<std::string> choices;      // the accepted strings; empty: any
  long long min = 0, max = 0;            // the accepted integers, when min < max
  // A boolean that stands for two flags: `option` when true, `option_when_false` when false.
  std::string option_when_false;
  // Flags that, given on the command line, override this key too (`--store` overrides
  // `run.record = false`).
  std::vector<std::string> overridden_by;
};

// Every key the files accept, in the order `plumb config` prints them.
const std::vector<ConfigKey>& config_keys();

// A value read from a file, and where: `file:line:col`.
struct ConfigValue {
  std::string text;  // as it would be written after the flag (`true`, `4`, `json`)
  std::string file;
  std::size_t line = 0, column = 0;
  std::string source_line;  // the line it is on, for messages
  std::string origin() const;
};

// The files read, lowest precedence first, and the value of each key they set (the highest
// file's).
struct LoadedConfig {
  std::vector<std::string> files;
  std::map<std::string, ConfigValue> values;
};

// A file that cannot be read or holds a mistake; what() is the rendered message (ends in a
// newline).
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads the user file, the project file found from `start` upward, and `explicit_file` when
// not empty (which must exist). Throws ConfigError.
LoadedConfig load_config(const std::string& explicit_file, const std::string& start = ".");

// The environment variable of `key` that is set, if any.
std::optional<std::string> environment_setting(const ConfigKey& key);

// Gives the options of `cmd` (parsed) that neither a flag nor an environment variable set the
// value the files hold. Throws ConfigError when a flag refuses a file's value.
void apply_config(CLI::App& cmd, const LoadedConfig& config);

}  // namespace plumb::cli
