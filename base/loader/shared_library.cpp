// dlopen and dlsym behind SharedLibrary, with the errors shared_library.hpp promises.
#include "base/loader/shared_library.hpp"

#include <dlfcn.h>

namespace plumb::loader {

SharedLibrary::SharedLibrary(std::initializer_list<const char*> sonames, const char* purpose) {
  std::string tried;
  std::string reason = "no library named";
  for (const char* soname : sonames) {
    handle_ = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (handle_ != nullptr) {
      soname_ = soname;
      return;
    }
    const char* error = dlerror();
    reason = error != nullptr ? error : "unknown reason";
    tried += (tried.empty() ? "" : " or ") + std::string(soname);
  }
  throw LoadError("cannot load " + tried + " (needed for " + purpose + "): " + reason);
}

SharedLibrary::~SharedLibrary() {
  if (!kept_) dlclose(handle_);
}

void* SharedLibrary::address(const char* name) const {
  void* address = dlsym(handle_, name);
  if (address == nullptr) throw LoadError(std::string("cannot find ") + name + " in " + soname_);
  return address;
}

}  // namespace plumb::loader
