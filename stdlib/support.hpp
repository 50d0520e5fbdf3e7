// Helpers shared by the standard-library stages: declaring signatures, reading files,
// crash-safe (atomic) file writes, OS error descriptions and typed access to list items.
#pragma once

#include <plumb/error.hpp>
#include <plumb/json.hpp>
#include <plumb/stage.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace plumb::stdlib {

// A parameter without a default (required) or with one.
Param required(std::string name, Type type, std::string doc);
Param optional(std::string name, Type type, Value default_value, std::string doc);

// Builds a StageDef; every standard stage is version "1".
StageDef make_stage(std::string name, std::vector<Param> params, Type result, Purity purity,
                    std::string summary, StageFunction run, ConstantCheck check = {});

// Validates one argument's value, failing the context (with the run-time message) when it can
// never work. Values of the wrong type are left to the typed accessors.
using ArgCheck = std::function<void(const StageContext& ctx, const Value& value)>;

// A ConstantCheck for the checker: runs the ArgCheck of a parameter on its literal value and
// returns the message the stage would fail with at run time.
ConstantCheck constant_checks(std::string stage,
                              std::vector<std::pair<std::string, ArgCheck>> checks);
// The same for a check that sees the name of the parameter or extra keyword argument too.
using NamedArgCheck =
    std::function<void(const StageContext& ctx, std::string_view name, const Value& value)>;
ConstantCheck constant_check(std::string stage, NamedArgCheck check);

// `"text"`: paths, patterns and names in messages.
std::string quote(std::string_view text);

// Checks a stage's cancellation (its node's @timeout, or a failure elsewhere in the run) once
// every `every` calls of tick(), so that long loops stop soon after it; throws StageError.
class CancellationCheck {
 public:
  explicit CancellationCheck(const StageContext& ctx, std::uint32_t every = 1024)
      : ctx_(ctx), every_(every) {}
  void tick() {
    if (++count_ < every_) return;
    count_ = 0;
    ctx_.throw_if_cancelled();
  }

 private:
  const StageContext& ctx_;
  std::uint32_t every_;
  std::uint32_t count_ = 0;
};

// The stage's cancellation check as a callback, for long conversions (parse_json, JsonOptions).
std::function<void()> cancellation_callback(const StageContext& ctx);

// Options for writing JSON that stop (throw) when the stage is cancelled.
JsonOptions cancellable_json(const StageContext& ctx, int indent = -1);

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

// Item `index` of list argument `arg` as a str; fails with
// "argument `texts`: item 2 must be a str, not int".
std::string_view str_item(const StageContext& ctx, std::string_view arg,
                          std::span<const Value> list, std::size_t index);
// Item `index` of list argument `arg` as a record ("argument `rows`: row 2 must be a
// record, not int").
const Value& record_item(const StageContext& ctx, std::string_view arg, std::span<const Value> list,
                         std::size_t index);

// Field `key` of row `index` of list argument `arg` ("argument `rows`: row 2 has no field
// \"label\"").
const Value& row_field(const StageContext& ctx, std::string_view arg, std::span<const Value> list,
                       std::size_t index, std::string_view key);

// A record from key/value pairs in order.
Value make_record(std::initializer_list<std::pair<std::string_view, Value>> fields);

}  // namespace plumb::stdlib
