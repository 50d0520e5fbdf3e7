// Helpers of the run store's unit tests: a fresh SQLite store in a temporary folder, and an
// engine that records into it.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include <plumb/plumb.hpp>

namespace plumb::testing {

// A temporary folder removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "plumb-store-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline EngineOptions recording_into(std::shared_ptr<RunStore> store, int threads = 2) {
  EngineOptions options;
  options.threads = threads;
  options.store = std::move(store);
  return options;
}

}  // namespace plumb::testing
