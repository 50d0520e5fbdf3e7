// The insides of a RunStore, shared by the files of runtime/store: the connection (one, used
// under `mutex`), the runs being recorded by this process, the thread that writes their spans,
// and the one warning a store gives when it cannot be written.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <plumb/store.hpp>

#include "runtime/store/database.hpp"

namespace plumb::store {

struct RecordingState;
class SpanWriter;

// A value for `$n` parameters from a string the statement does not outlive.
inline Param text_param(const std::string& text) {
  return std::string_view(text);
}
// NULL for an empty string.
inline Param optional_text(const std::string& text) {
  return text.empty() ? Param(nullptr) : Param(std::string_view(text));
}

// Unix time now, in nanoseconds.
std::int64_t unix_now_ns();

}  // namespace plumb::store

namespace plumb {

struct RunStore::Impl {
  Impl(std::string display_name, StoreOptions store_options,
       std::unique_ptr<store::Database> database);
  ~Impl();

  std::string name;
  StoreOptions options;
  std::mutex mutex;  // guards `db`
  std::unique_ptr<store::Database> db;

  // Says once on stderr that the store cannot be written and why (later failures are quiet).
  void warn(const std::string& reason);
  bool warned() const { return warned_.load(); }

  // Runs this process is recording, by run id (the span sink finds them here).
  std::shared_ptr<store::RecordingState> recording(const std::string& run_id);
  void add_recording(const std::shared_ptr<store::RecordingState>& state);
  void remove_recording(const std::string& run_id);
  std::vector<std::shared_ptr<store::RecordingState>> recordings();
  // Started with the first recording.
  store::SpanWriter& writer();
  // Warning and error logs written while runs are recorded, kept until the run of their
  // trace ends (a log record names its trace, not its run).
  void add_log(const std::string& trace_id, StoredLog log);
  std::vector<StoredLog> take_logs(const std::string& trace_id);

 private:
  std::atomic<bool> warned_{false};
  std::mutex recordings_mutex_;
  std::unordered_map<std::string, std::shared_ptr<store::RecordingState>> recordings_;
  std::mutex writer_mutex_;
  std::unique_ptr<store::SpanWriter> writer_;
  std::mutex logs_mutex_;
  std::vector<std::pair<std::string, StoredLog>> logs_;
};

}  // namespace plumb
