// The failure path of PLUMB_CHECK and PLUMB_DCHECK: one line on stderr, then abort, so a core
// dump or a debugger shows the stack of the broken invariant.
#include "base/invariant/check.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace plumb {

namespace {

// The file's path inside the repository: __FILE__ holds the path the compiler was given,
// absolute, or relative to a build folder inside the repository ("../base/...").
const char* repository_path(const char* file) {
  constexpr const char* kRoot = PLUMB_SOURCE_ROOT "/";
  const std::size_t length = std::strlen(kRoot);
  if (std::strncmp(file, kRoot, length) == 0) return file + length;
  while (std::strncmp(file, "../", 3) == 0)
    file += 3;
  return file;
}

}  // namespace

void invariant_failed(const char* condition, const char* message, const char* file,
                      int line) noexcept {
  std::fprintf(stderr, "plumb: internal error: %s (`%s` does not hold) at %s:%d\n", message,
               condition, repository_path(file), line);
  std::fflush(stderr);
  std::abort();
}

}  // namespace plumb
