// Optional libraries loaded with dlopen on first use (libcurl, CivetWeb, libpq): open one by
// its soname candidates, resolve its functions into a table, and remember the outcome of the
// first attempt for the process. Errors name the library, what it is needed for and the missing
// function, so a user knows which package to install.
#pragma once

#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>

namespace plumb::loader {

// A library or one of its functions could not be found.
class LoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An opened library. It is closed when this object goes away, unless keep() was called: a
// library whose table was resolved stays loaded for the process (libcurl, libpq and CivetWeb
// keep global state), one that lacks a function is closed again.
class SharedLibrary {
 public:
  // Opens the first of `sonames` that loads. Throws LoadError "cannot load A (needed for
  // `purpose`): reason" (candidates joined by " or ", the reason of the last one).
  SharedLibrary(std::initializer_list<const char*> sonames, const char* purpose);
  ~SharedLibrary();
  SharedLibrary(const SharedLibrary&) = delete;
  SharedLibrary& operator=(const SharedLibrary&) = delete;

  // Resolves `name` into `slot`; throws LoadError "cannot find NAME in SONAME".
  template <typename Function>
  void resolve(const char* name, Function& slot) const {
    slot = reinterpret_cast<Function>(address(name));
  }
  // The library stays loaded after this object goes away.
  void keep() { kept_ = true; }
  const std::string& soname() const { return soname_; }

 private:
  void* address(const char* name) const;
  void* handle_ = nullptr;
  bool kept_ = false;
  std::string soname_;
};

// A table loaded at most once per process: the first call of get() runs `load`, later calls
// return the same table, or throw a LoadError with the first attempt's message. Thread-safe when
// held in a function-local static, as it is meant to be.
template <typename Table>
class LoadedOnce {
 public:
  explicit LoadedOnce(Table (*load)()) {
    try {
      table_.emplace(load());
    } catch (const std::runtime_error& error) {
      error_ = error.what();
    }
  }
  const Table& get() const {
    if (!table_) throw LoadError(error_);
    return *table_;
  }

 private:
  std::optional<Table> table_;
  std::string error_;
};

}  // namespace plumb::loader
