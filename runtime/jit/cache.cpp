// ObjectStore: memory first, then the cache directory; a broken or unwritable directory only
// costs a recompilation.
#include "runtime/jit/cache.hpp"

#include <llvm/IR/Module.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/Process.h>
#include <llvm/Support/raw_ostream.h>

namespace plumb::jit {

std::string ObjectStore::path(const std::string& key) const {
  llvm::SmallString<128> file(directory_);
  llvm::sys::path::append(file, key + ".o");
  return std::string(file);
}

void ObjectStore::notifyObjectCompiled(const llvm::Module* module, llvm::MemoryBufferRef object) {
  const std::string& key = module->getModuleIdentifier();
  std::lock_guard lock(mutex_);
  memory_[key] = llvm::MemoryBuffer::getMemBufferCopy(object.getBuffer(), key);
  if (directory_.empty() || llvm::sys::fs::create_directories(directory_)) return;
  std::string temporary = path(key) + ".tmp" + std::to_string(llvm::sys::Process::getProcessId());
  {
    std::error_code error;
    llvm::raw_fd_ostream out(temporary, error);
    if (error) return;
    out << object.getBuffer();
    if (out.has_error()) {
      out.clear_error();
      llvm::sys::fs::remove(temporary);
      return;
    }
  }
  if (llvm::sys::fs::rename(temporary, path(key))) llvm::sys::fs::remove(temporary);
}

std::unique_ptr<llvm::MemoryBuffer> ObjectStore::getObject(const llvm::Module* module) {
  const std::string& key = module->getModuleIdentifier();
  std::lock_guard lock(mutex_);
  auto it = memory_.find(key);
  if (it == memory_.end() && !directory_.empty()) {
    auto file = llvm::MemoryBuffer::getFile(path(key));
    if (!file) return nullptr;
    it = memory_.emplace(key, std::move(*file)).first;
  }
  if (it == memory_.end()) return nullptr;
  return llvm::MemoryBuffer::getMemBuffer(it->second->getMemBufferRef(), false);
}

}  // namespace plumb::jit
