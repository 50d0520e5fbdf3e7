// The object cache: compiled modules keyed by their identifier, which the JIT sets to a hash
// of the generated IR (with the target and optimisation level), kept in memory and, when a
// directory is given, on disk (`.plumb/jit-cache/<key>.o`) so an unchanged pipeline is
// compiled once across runs. Writes are atomic (temporary file, then rename).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include <llvm/ExecutionEngine/ObjectCache.h>
#include <llvm/Support/MemoryBuffer.h>

namespace plumb::jit {

class ObjectStore : public llvm::ObjectCache {
 public:
  explicit ObjectStore(std::string directory) : directory_(std::move(directory)) {}

  void notifyObjectCompiled(const llvm::Module* module, llvm::MemoryBufferRef object) override;
  std::unique_ptr<llvm::MemoryBuffer> getObject(const llvm::Module* module) override;

 private:
  std::string path(const std::string& key) const;

  std::mutex mutex_;
  std::string directory_;
  std::unordered_map<std::string, std::unique_ptr<llvm::MemoryBuffer>> memory_;
};

}  // namespace plumb::jit
