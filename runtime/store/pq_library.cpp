// Loads libpq.so.5 on first use and resolves the table in pq_library.hpp. The library stays
// loaded for the process (libpq keeps TLS state); one that lacks a function is closed again.
#include "runtime/store/pq_library.hpp"

#include <dlfcn.h>

#include <optional>
#include <string>

#include "runtime/store/database.hpp"

namespace plumb::store {

namespace {

constexpr const char* kSoname = "libpq.so.5";

template <typename Function>
void resolve(void* handle, const char* name, Function& slot) {
  void* address = dlsym(handle, name);
  if (address == nullptr)
    throw DatabaseError(std::string("cannot find ") + name + " in " + kSoname);
  slot = reinterpret_cast<Function>(address);
}

PqLibrary load() {
  void* handle = dlopen(kSoname, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* reason = dlerror();
    throw DatabaseError(std::string("cannot load ") + kSoname + " (needed for postgresql:// " +
                        "stores; Debian package libpq5): " + (reason ? reason : "unknown reason"));
  }
  PqLibrary pq{};
  try {
    resolve(handle, "PQconnectdb", pq.connectdb);
    resolve(handle, "PQstatus", pq.status);
    resolve(handle, "PQerrorMessage", pq.error_message);
    resolve(handle, "PQfinish", pq.finish);
    resolve(handle, "PQexec", pq.exec);
    resolve(handle, "PQprepare", pq.prepare);
    resolve(handle, "PQexecPrepared", pq.exec_prepared);
    resolve(handle, "PQresultStatus", pq.result_status);
    resolve(handle, "PQresultErrorMessage", pq.result_error_message);
    resolve(handle, "PQclear", pq.clear);
    resolve(handle, "PQntuples", pq.ntuples);
    resolve(handle, "PQgetvalue", pq.get_value);
    resolve(handle, "PQgetisnull", pq.get_is_null);
    resolve(handle, "PQgetlength", pq.get_length);
    resolve(handle, "PQftype", pq.field_type);
    resolve(handle, "PQputCopyData", pq.put_copy_data);
    resolve(handle, "PQputCopyEnd", pq.put_copy_end);
    resolve(handle, "PQgetResult", pq.get_result);
    resolve(handle, "PQsetNoticeProcessor", pq.set_notice_processor);
  } catch (const DatabaseError&) {
    dlclose(handle);
    throw;
  }
  return pq;
}

struct Loaded {
  std::optional<PqLibrary> library;
  std::string error;
};

Loaded load_once() {
  try {
    return {load(), {}};
  } catch (const DatabaseError& error) {
    return {std::nullopt, error.what()};
  }
}

}  // namespace

const PqLibrary& pq_library() {
  static const Loaded loaded = load_once();
  if (!loaded.library) throw DatabaseError(loaded.error);
  return *loaded.library;
}

}  // namespace plumb::store
