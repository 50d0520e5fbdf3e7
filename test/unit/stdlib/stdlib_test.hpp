// Shared helpers of the standard-library unit tests: a registry with every local namespace,
// running a stage with named arguments, checking error messages, and scratch directories.
#pragma once

#include "stdlib/stdlib.hpp"
#include "test/unit/support/fake_stage_context.hpp"

#include <plumb/error.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace plumb::testing {

// A registry with the namespaces this suite covers (http, llm, log and metrics are tested
// elsewhere); defined in registry.cpp.
const StageRegistry& local_registry();

inline const StageDef& stage(std::string_view name) {
  const StageDef* def = local_registry().find(name);
  if (!def) throw std::invalid_argument("no stage " + std::string(name));
  return *def;
}

using Args = std::map<std::string, Value>;

inline Value run(std::string_view name, Args args) {
  FakeStageContext ctx(stage(name), std::move(args));
  return stage(name).run(ctx);
}

// The message of the StageError the stage throws (fails the test when it succeeds).
inline std::string error_of(std::string_view name, Args args) {
  FakeStageContext ctx(stage(name), std::move(args));
  try {
    stage(name).run(ctx);
  } catch (const StageError& e) {
    return e.what();
  }
  ADD_FAILURE() << name << " did not fail";
  return {};
}

inline Value str(std::string_view s) {
  return Value::string(s);
}
inline Value num(double d) {
  return Value::number(d);
}
inline Value integer(std::int64_t i) {
  return Value::integer(i);
}
inline Value list(std::vector<Value> items) {
  return Value::list(std::move(items));
}
inline Value record(std::vector<std::pair<std::string_view, Value>> fields) {
  return Value::record(std::span<const std::pair<std::string_view, Value>>(fields));
}

// A fresh directory under the system temp dir, removed with its contents at the end.
class ScratchDir {
 public:
  ScratchDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("plumb-stdlib-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string operator/(std::string_view name) const { return (path_ / name).string(); }
  // Every entry of the directory tree, relative, sorted.
  std::vector<std::string> entries() const {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(path_)) {
      out.push_back(std::filesystem::relative(e.path(), path_).string());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  std::filesystem::path path_;
};

inline void write_text_file(const std::string& path, std::string_view text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
}

inline std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace plumb::testing
