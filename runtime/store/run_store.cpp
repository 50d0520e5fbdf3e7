// Opening a run store from its location (a path, `sqlite:PATH` or a PostgreSQL URL), the
// store's shared state (recordings, the span writer, buffered logs, the one warning), status
// names and garbage collection.
#include <cstdio>
#include <filesystem>

#include "runtime/store/queries.hpp"
#include "runtime/store/retention.hpp"
#include "runtime/store/schema.hpp"
#include "runtime/store/span_writer.hpp"
#include "runtime/store/store_impl.hpp"

namespace plumb {

namespace {

constexpr std::size_t kMaxBufferedLogs = 100000;

bool is_postgres(const std::string& location) {
  return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

// `postgresql://user:secret@host/db` → `postgresql://user:***@host/db`.
std::string without_password(const std::string& url) {
  const std::size_t scheme = url.find("://");
  const std::size_t at = url.find('@', scheme + 3);
  if (scheme == std::string::npos || at == std::string::npos) return url;
  const std::size_t colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

std::unique_ptr<store::Database> open_database(const std::string& location,
                                               const StoreOptions& options) {
  if (is_postgres(location)) return store::open_postgres(location);
  if (const std::size_t scheme = location.find("://"); scheme != std::string::npos) {
    throw store::DatabaseError("unknown kind of store `" + location.substr(0, scheme + 3) +
                               "`; give a path, sqlite:PATH or postgresql://...");
  }
  const std::string path = location.rfind("sqlite:", 0) == 0 ? location.substr(7) : location;
  if (path.empty()) throw store::DatabaseError("no file name");
  const std::filesystem::path file(path);
  std::error_code error;
  if (!options.create && !std::filesystem::exists(file, error)) {
    throw store::DatabaseError("no such file (`plumb run` creates it)");
  }
  if (file.has_parent_path()) {
    std::filesystem::create_directories(file.parent_path(), error);
    if (error) {
      throw store::DatabaseError("cannot create " + file.parent_path().string() + ": " +
                                 error.message());
    }
  }
  return store::open_sqlite(path, options.busy_timeout_ms);
}

}  // namespace

std::string_view status_name(RunStatus status) {
  switch (status) {
    case RunStatus::Running:
      return "running";
    case RunStatus::Ok:
      return "ok";
    case RunStatus::Failed:
      return "failed";
    case RunStatus::Cancelled:
      return "cancelled";
    case RunStatus::Interrupted:
      return "interrupted";
  }
  return "unknown";
}

std::optional<RunStatus> parse_status(std::string_view name) {
  for (RunStatus s : {RunStatus::Running, RunStatus::Ok, RunStatus::Failed, RunStatus::Cancelled,
                      RunStatus::Interrupted}) {
    if (status_name(s) == name) return s;
  }
  return std::nullopt;
}

RunStore::Impl::Impl(std::string display_name, StoreOptions store_options,
                     std::unique_ptr<store::Database> database)
    : name(std::move(display_name)), options(store_options), db(std::move(database)) {
}

RunStore::Impl::~Impl() {
  writer_.reset();  // writes what is queued
}

void RunStore::Impl::warn(const std::string& reason) {
  if (warned_.exchange(true)) return;
  std::fprintf(stderr, "plumb: warning: run store %s: %s; the run is not recorded\n", name.c_str(),
               reason.c_str());
}

std::shared_ptr<store::RecordingState> RunStore::Impl::recording(const std::string& run_id) {
  std::lock_guard lock(recordings_mutex_);
  auto it = recordings_.find(run_id);
  return it == recordings_.end() ? nullptr : it->second;
}

void RunStore::Impl::add_recording(const std::shared_ptr<store::RecordingState>& state) {
  std::lock_guard lock(recordings_mutex_);
  recordings_[state->id] = state;
}

void RunStore::Impl::remove_recording(const std::string& run_id) {
  std::lock_guard lock(recordings_mutex_);
  recordings_.erase(run_id);
}

std::vector<std::shared_ptr<store::RecordingState>> RunStore::Impl::recordings() {
  std::lock_guard lock(recordings_mutex_);
  std::vector<std::shared_ptr<store::RecordingState>> out;
  for (const auto& [id, state] : recordings_)
    out.push_back(state);
  return out;
}

store::SpanWriter& RunStore::Impl::writer() {
  std::lock_guard lock(writer_mutex_);
  if (!writer_) writer_ = std::make_unique<store::SpanWriter>(*this);
  return *writer_;
}

void RunStore::Impl::add_log(const std::string& trace_id, StoredLog log) {
  std::lock_guard lock(logs_mutex_);
  if (logs_.size() < kMaxBufferedLogs) logs_.emplace_back(trace_id, std::move(log));
}

std::vector<StoredLog> RunStore::Impl::take_logs(const std::string& trace_id) {
  std::lock_guard lock(recordings_mutex_);
  std::lock_guard logs_lock(logs_mutex_);
  std::vector<StoredLog> taken;
  std::erase_if(logs_, [&](auto& entry) {
    if (entry.first != trace_id) return false;
    taken.push_back(std::move(entry.second));
    return true;
  });
  // With no run left being recorded, what remains belongs to no recorded run.
  if (recordings_.empty()) logs_.clear();
  return taken;
}

RunStore::RunStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {
}
RunStore::~RunStore() = default;

std::shared_ptr<RunStore> RunStore::open(const std::string& location, const StoreOptions& options) {
  const std::string name = is_postgres(location) ? without_password(location) : location;
  try {
    std::unique_ptr<store::Database> db = open_database(location, options);
    store::migrate(*db, PLUMB_VERSION);
    return std::shared_ptr<RunStore>(
        new RunStore(std::make_unique<Impl>(name, options, std::move(db))));
  } catch (const store::DatabaseError& error) {
    throw StoreError("run store " + name + ": " + error.what());
  }
}

const std::string& RunStore::name() const {
  return impl_->name;
}

const StoreOptions& RunStore::options() const {
  return impl_->options;
}

GcResult RunStore::gc(const GcOptions& options) {
  try {
    return store::collect_garbage(*impl_, options);
  } catch (const store::DatabaseError& error) {
    throw StoreError("run store " + impl_->name + ": " + error.what());
  }
}

}  // namespace plumb
