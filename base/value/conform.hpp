// Whether a run-time value conforms to a static type: used where values cross into typed
// code (pipeline arguments, stage results), so the types the JIT specialises on hold.
#pragma once

#include <plumb/type.hpp>
#include <plumb/value.hpp>

namespace plumb {

// Lists are checked item by item; records only as records (their fields are open).
bool value_fits(const Value& value, Type type);

}  // namespace plumb
