// A file an exporter streams its output into (`--trace-out`, `--otlp-file`) with every write
// checked: the first failure (a full disk, /dev/full, a pipe whose reader went away) is kept
// as a message naming the file, and nothing is written after it, so a cut output is always
// reported, never left behind silently.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace plumb::telemetry {

class OutputFile {
 public:
  // `what` names the output in messages (`trace file`). Throws std::runtime_error when the
  // file cannot be created.
  OutputFile(std::string path, std::string what);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  bool is_open() const { return file_ != nullptr; }
  void write(std::string_view text);
  void flush();
  // Flushes and closes; idempotent.
  void close();
  // `cannot write trace file PATH: REASON`, or empty while every byte was written.
  const std::string& error() const { return error_; }

 private:
  // Keeps the message of `error` (an errno value) and closes the file.
  void fail(int error);

  std::FILE* file_ = nullptr;
  std::string path_;
  std::string what_;
  std::string error_;
};

}  // namespace plumb::telemetry
