// A file descriptor closed when it goes out of scope, for the standard library's file reading
// and writing (file_read.cpp, file_write.cpp).
#pragma once

#include <unistd.h>

#include <cerrno>

namespace plumb::stdlib {

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }
  // Closes now and reports close()'s error (0 on success).
  int close_now() {
    int result = ::close(fd_);
    fd_ = -1;
    return result == 0 ? 0 : errno;
  }

 private:
  int fd_;
};

}  // namespace plumb::stdlib
