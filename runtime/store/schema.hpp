// The run store's schema and its forward migrations, the same for SQLite and PostgreSQL
// (docs/store.md, "Schema"). Each migration is numbered; opening a store applies the ones it
// lacks in one write transaction (concurrent openers wait for each other), and records each
// in `schema_migrations`. A store written by a newer plumb is refused, not downgraded.
#pragma once

#include <string_view>

#include "runtime/store/database.hpp"

namespace plumb::store {

// The schema version this plumb writes.
int schema_version();

// Brings `db` to schema_version(). Throws DatabaseError, also when the store's schema is newer.
void migrate(Database& db, std::string_view plumb_version);

}  // namespace plumb::store
