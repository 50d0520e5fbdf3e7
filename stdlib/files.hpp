// Files for the io.* and vector.* stages: OS error descriptions (and whether another attempt
// may succeed), bounded whole-file reads (file_read.cpp), directories and crash-safe atomic
// writes (file_write.cpp). Failures fail the stage with `cannot VERB "path": reason`.
#pragma once

#include <plumb/stage.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace plumb::stdlib {

// A short lowercase description of an errno value: "no such file", "permission denied".
std::string describe_errno(int error);
// Whether another attempt may succeed (a full disk, an interrupted call, an I/O error).
bool transient_errno(int error);

// Fails the stage with `cannot VERB "path": no such file` (retryable when transient).
[[noreturn]] void fail_errno(const StageContext& ctx, std::string_view verb, std::string_view path,
                             int error);

// "1 GiB", "512 MiB", "1000 bytes".
std::string describe_bytes(std::uint64_t bytes);

// Reads a whole file (file_read.cpp); fails the stage with `cannot read "path": no such file`,
// or when the file is larger than ctx.max_read_bytes(). FIFOs and devices are read as their
// data comes, and the read stops when the stage is cancelled (its node's @timeout).
std::string read_file(const StageContext& ctx, const std::string& path);
// Like read_file, but returns false when the file does not exist.
bool read_file_if_exists(const StageContext& ctx, const std::string& path, std::string& data);

// Creates `dir` and its parents; fails the stage with `cannot create directory "dir": ...`.
void make_directories(const StageContext& ctx, const std::filesystem::path& dir);

// Replaces `path` with `data` so that a crash or a failure leaves either the old file or the
// new one (file_write.cpp): creates the parent directories, writes
// `.<name>.tmp-<host>-<pid>-<random>` beside the target, fsyncs it, renames it over the target
// and fsyncs the directory. The temp file is removed on any failure, and temp files that
// writers on this host left when they died are removed by later writes into the directory.
// Returns the number of bytes written; fails the stage with `cannot write "path": ...`
// (retryable for transient errors such as a full disk).
std::int64_t write_file_atomic(const StageContext& ctx, const std::filesystem::path& path,
                               std::string_view data);

// Whether a file name is one of write_file_atomic's temp files.
bool is_temp_name(std::string_view name);

}  // namespace plumb::stdlib
