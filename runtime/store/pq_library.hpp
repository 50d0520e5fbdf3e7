// The libpq functions the PostgreSQL store calls, resolved from libpq.so.5 with dlopen the
// first time a `postgresql://` store is opened, like libcurl (base/curl): a run that records
// into SQLite, or nowhere, never loads libpq and the TLS and Kerberos libraries behind it.
// <libpq-fe.h> gives the types and signatures, so calls through the table are type-checked.
#pragma once

#include <libpq-fe.h>

namespace plumb::store {

struct PqLibrary {
  decltype(&::PQconnectdb) connectdb;
  decltype(&::PQstatus) status;
  decltype(&::PQerrorMessage) error_message;
  decltype(&::PQfinish) finish;
  decltype(&::PQexec) exec;
  decltype(&::PQprepare) prepare;
  decltype(&::PQexecPrepared) exec_prepared;
  decltype(&::PQresultStatus) result_status;
  decltype(&::PQresultErrorMessage) result_error_message;
  decltype(&::PQclear) clear;
  decltype(&::PQntuples) ntuples;
  decltype(&::PQgetvalue) get_value;
  decltype(&::PQgetisnull) get_is_null;
  decltype(&::PQgetlength) get_length;
  decltype(&::PQftype) field_type;
  decltype(&::PQputCopyData) put_copy_data;
  decltype(&::PQputCopyEnd) put_copy_end;
  decltype(&::PQgetResult) get_result;
  decltype(&::PQsetNoticeProcessor) set_notice_processor;
};

// The loaded library; the first call loads it, later calls return the same table. Throws
// DatabaseError (every time) when libpq.so.5 or one of its functions cannot be found.
const PqLibrary& pq_library();

}  // namespace plumb::store
