// OutputFile: stdio with each write, flush and close checked.
#include "runtime/telemetry/output_file.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace plumb::telemetry {

OutputFile::OutputFile(std::string path, std::string what)
    : path_(std::move(path)), what_(std::move(what)) {
  file_ = std::fopen(path_.c_str(), "wb");
  if (!file_) {
    throw std::runtime_error("cannot create " + what_ + " " + path_ + ": " + std::strerror(errno));
  }
}

OutputFile::~OutputFile() {
  close();
}

void OutputFile::fail(int error) {
  error_ = "cannot write " + what_ + " " + path_ + ": " +
           (error != 0 ? std::strerror(error) : "write error");
  if (file_) std::fclose(file_);
  file_ = nullptr;
}

void OutputFile::write(std::string_view text) {
  if (!file_ || text.empty()) return;
  errno = 0;
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) fail(errno);
}

void OutputFile::flush() {
  if (!file_) return;
  errno = 0;
  if (std::fflush(file_) != 0) fail(errno);
}

void OutputFile::close() {
  if (!file_) return;
  errno = 0;
  if (std::fflush(file_) != 0 || std::ferror(file_)) {
    fail(errno);
    return;
  }
  std::FILE* file = file_;
  file_ = nullptr;
  if (std::fclose(file) != 0) fail(errno);
}

}  // namespace plumb::telemetry
