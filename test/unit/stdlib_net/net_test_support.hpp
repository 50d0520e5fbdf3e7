// Support for the network and telemetry stage tests: the fake OpenAI-compatible server
// (fake_openai.py, started on loopback and killed in the destructor), the registry of the stages
// under test, and small helpers to run a stage and to read what the server received.
#pragma once

#include "stdlib/stdlib.hpp"
#include "test/unit/support/fake_stage_context.hpp"

#include <plumb/error.hpp>
#include <plumb/stage.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace plumb::testing {

inline std::filesystem::path test_dir() {
  if (const char* source = std::getenv("PLUMB_SOURCE_DIR")) {
    return std::filesystem::path(source) / "test" / "unit" / "stdlib_net";
  }
  return std::filesystem::path(__FILE__).parent_path();
}

// `python3 fake_openai.py [--tls cert key]` on 127.0.0.1 with a free port.
class FakeServer {
 public:
  explicit FakeServer(bool tls = false) {
    std::string script = (test_dir() / "fake_openai.py").string();
    std::string cert = (test_dir() / "test_only_cert.pem").string();
    std::string key = (test_dir() / "test_only_key.pem").string();
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      dup2(fds[1], STDOUT_FILENO);
      close(fds[0]);
      close(fds[1]);
      if (tls) {
        execl(PLUMB_PYTHON, PLUMB_PYTHON, script.c_str(), "--tls", cert.c_str(), key.c_str(),
              static_cast<char*>(nullptr));
      } else {
        execl(PLUMB_PYTHON, PLUMB_PYTHON, script.c_str(), static_cast<char*>(nullptr));
      }
      _exit(127);
    }
    close(fds[1]);
    std::string line;
    pollfd waiting{fds[0], POLLIN, 0};
    char c = 0;
    while (poll(&waiting, 1, 10000) > 0 && read(fds[0], &c, 1) == 1 && c != '\n')
      line += c;
    close(fds[0]);
    if (line.empty()) {
      stop();
      throw std::runtime_error("fake_openai.py did not start (" + script + ")");
    }
    port_ = std::stoi(line);
  }
  ~FakeServer() { stop(); }
  FakeServer(const FakeServer&) = delete;
  FakeServer& operator=(const FakeServer&) = delete;

  int port() const { return port_; }
  std::string url(const std::string& path = "") const {
    return std::string(tls_scheme_) + "://127.0.0.1:" + std::to_string(port_) + path;
  }
  void use_https() { tls_scheme_ = "https"; }

 private:
  void stop() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }
  pid_t pid_ = -1;
  int port_ = 0;
  const char* tls_scheme_ = "http";
};

// A FakeStageContext with a node deadline and, optionally, sleeps that are only recorded.
class TestContext : public FakeStageContext {
 public:
  using FakeStageContext::FakeStageContext;
  double seconds_left() const override { return left; }
  bool sleep_for(double seconds) override {
    sleeps.push_back(seconds);
    return fake_sleep ? !cancelled() : FakeStageContext::sleep_for(seconds);
  }

  double left = std::numeric_limits<double>::infinity();
  bool fake_sleep = false;
  std::vector<double> sleeps;
};

inline const StageRegistry& net_registry() {
  static const StageRegistry registry = [] {
    StageRegistry r;
    stdlib::register_http(r);
    stdlib::register_llm(r);
    stdlib::register_log(r);
    stdlib::register_metrics(r);
    stdlib::register_trace(r);
    return r;
  }();
  return registry;
}

inline const StageDef& stage(const std::string& name) {
  const StageDef* def = net_registry().find(name);
  if (def == nullptr) throw std::logic_error("no stage " + name);
  return *def;
}

// Runs the stage with its context as the current one (so plumb::Span reaches it).
inline Value run(FakeStageContext& ctx, const std::string& name) {
  StageContext::Scope scope(ctx);
  return stage(name).run(ctx);
}

// Runs the stage and returns the StageError it throws (fails the test when none is thrown).
inline StageError run_error(FakeStageContext& ctx, const std::string& name) {
  try {
    run(ctx, name);
  } catch (const StageError& e) {
    return e;
  }
  throw std::logic_error(name + " did not fail");
}

// The requests the fake server has recorded so far.
inline std::vector<Value> recorded(const FakeServer& server) {
  FakeStageContext ctx(stage("http.get"), {{"url", Value::string(server.url("/_requests"))}});
  Value reply = run(ctx, "http.get");
  const Value* body = reply.find_field("body");
  std::span<const Value> items = body->as_list();
  return {items.begin(), items.end()};
}

inline std::string field_text(const Value& record, const std::string& path) {
  const Value* current = &record;
  std::size_t start = 0;
  while (current != nullptr && start <= path.size()) {
    std::size_t dot = std::min(path.find('.', start), path.size());
    current = current->find_field(path.substr(start, dot - start));
    start = dot + 1;
  }
  if (current == nullptr) return "<missing>";
  return current->is_str() ? std::string(current->as_str()) : "<not a str>";
}

// Sets or clears an environment variable for the lifetime of the object.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value != nullptr) {
      setenv(name, value, 1);
    } else {
      unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_.c_str(), old_->c_str(), 1);
    } else {
      unsetenv(name_.c_str());
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string name_;
  std::optional<std::string> old_;
};

}  // namespace plumb::testing
