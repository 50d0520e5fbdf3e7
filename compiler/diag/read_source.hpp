// Reading a program file from disk with the care hostile paths need: only regular files are
// read (a FIFO, a device or a socket is refused before anything could block on it), the file
// is opened without blocking, a loop of symbolic links is named as such, and at most
// kMaxSourceBytes are read whatever the file claims its size is.
#pragma once

#include <string>

namespace plumb::diag {

// Reads `path` into `text`. On failure returns false and sets `error` to a lowercase reason
// that fits after "cannot read PATH: " ("no such file", "is a FIFO, not a regular file", ...).
bool read_source(const std::string& path, std::string& text, std::string& error);

}  // namespace plumb::diag
