// Loads libpq.so.5 on first use and resolves the table in pq_library.hpp with the shared loader
// (base/loader). The library stays loaded for the process (libpq keeps TLS state); one that
// lacks a function is closed again.
#include "runtime/store/pq_library.hpp"

#include "base/loader/shared_library.hpp"
#include "runtime/store/database.hpp"

namespace plumb::store {

namespace {

PqLibrary load() {
  loader::SharedLibrary shared({"libpq.so.5"}, "postgresql:// stores; Debian package libpq5");
  PqLibrary pq{};
  shared.resolve("PQconnectdb", pq.connectdb);
  shared.resolve("PQstatus", pq.status);
  shared.resolve("PQerrorMessage", pq.error_message);
  shared.resolve("PQfinish", pq.finish);
  shared.resolve("PQexec", pq.exec);
  shared.resolve("PQprepare", pq.prepare);
  shared.resolve("PQexecPrepared", pq.exec_prepared);
  shared.resolve("PQresultStatus", pq.result_status);
  shared.resolve("PQresultErrorMessage", pq.result_error_message);
  shared.resolve("PQclear", pq.clear);
  shared.resolve("PQntuples", pq.ntuples);
  shared.resolve("PQgetvalue", pq.get_value);
  shared.resolve("PQgetisnull", pq.get_is_null);
  shared.resolve("PQgetlength", pq.get_length);
  shared.resolve("PQftype", pq.field_type);
  shared.resolve("PQputCopyData", pq.put_copy_data);
  shared.resolve("PQputCopyEnd", pq.put_copy_end);
  shared.resolve("PQgetResult", pq.get_result);
  shared.resolve("PQsetNoticeProcessor", pq.set_notice_processor);
  shared.keep();
  return pq;
}

}  // namespace

const PqLibrary& pq_library() {
  static const loader::LoadedOnce<PqLibrary> loaded(&load);
  try {
    return loaded.get();
  } catch (const loader::LoadError& error) {
    throw DatabaseError(error.what());
  }
}

}  // namespace plumb::store
