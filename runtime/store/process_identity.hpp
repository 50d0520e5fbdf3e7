// Which process records a run, so that a reader can tell a run that is still going from one
// whose process died without saying how the run ended (SIGKILL, a crash, a power cut). The
// key names the boot, the pid namespace, the pid and the process's start time: a reader in
// the same boot and namespace checks /proc directly (a reused pid has another start time);
// anywhere else the run's heartbeat decides.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace plumb::store {

struct ProcessIdentity {
  std::string host;  // the host name, for people
  std::int64_t pid = 0;
  std::string key;  // `boot:pid-namespace:pid:start`; empty without /proc
};

const ProcessIdentity& this_process();

// True when the process of `key` has ended, false when it runs; nullopt when this process
// cannot tell (another machine or namespace, or no /proc).
std::optional<bool> process_gone(const std::string& key);

}  // namespace plumb::store
