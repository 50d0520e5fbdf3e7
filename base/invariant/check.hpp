// Checks of internal invariants: what must hold whatever the input, so that a failure is a bug
// in plumb, never a mistake of the user's (those are diagnostics or run-time errors).
// PLUMB_CHECK(cond, message) is always on: for checks that cost a comparison off the hot
// loops. PLUMB_DCHECK(cond, message) is for the hot paths (the walks over values, AST casts,
// IR accessors): on in Debug builds and in sanitizer builds (-DPLUMB_SANITIZE=...), compiled
// out of release builds. A failed check prints "plumb: internal error: ..." with the
// condition, the message, the file and the line, and aborts (docs/architecture.md,
// "Internal invariants").
#pragma once

namespace plumb {

[[noreturn]] void invariant_failed(const char* condition, const char* message, const char* file,
                                   int line) noexcept;

#if !defined(NDEBUG) || defined(PLUMB_SANITIZED_BUILD)
inline constexpr bool kDchecksOn = true;
#else
inline constexpr bool kDchecksOn = false;
#endif

}  // namespace plumb

#define PLUMB_CHECK(condition, message)                                   \
  do {                                                                    \
    if (!(condition)) [[unlikely]]                                        \
      ::plumb::invariant_failed(#condition, message, __FILE__, __LINE__); \
  } while (false)

#if !defined(NDEBUG) || defined(PLUMB_SANITIZED_BUILD)
#define PLUMB_DCHECK(condition, message) PLUMB_CHECK(condition, message)
#else
// Not evaluated, but still compiled: the condition stays type-checked in release builds.
#define PLUMB_DCHECK(condition, message) \
  do {                                   \
    if (false && (condition)) {          \
    }                                    \
    (void)(message);                     \
  } while (false)
#endif
