// The LLVM OrcJIT back end. A jit::Engine owns one LLJIT and one TargetMachine (created on
// first use) and turns a plan into a copy whose nodes run native code: the whole program is
// lowered into one LLVM module (lower.hpp), looked up in the object cache by a hash of its IR
// (cache.hpp), optimised and compiled on a miss, linked into its own JITDylib, and each
// node's `evaluator` is pointed at its compiled code. The executor, spans and observers are the
// interpreter's, so both back ends produce the same span trees.
#pragma once

#include <memory>
#include <string>

#include "runtime/exec/plan.hpp"

namespace plumb::jit {

struct Options {
  int opt_level = 2;      // 0: no IR passes, fast instruction selection; 2: -O2
  std::string cache_dir;  // on-disk object cache; empty: in memory only
};

// What one compile() did, for benchmarks and summaries.
struct CompileInfo {
  bool cached = false;  // the object came from the cache (memory or disk)
  std::size_t functions = 0;
  double seconds = 0;
};

class Engine {
 public:
  explicit Engine(Options options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // A copy of `plan` whose argument code is native. Throws std::runtime_error when LLVM
  // cannot compile for this machine.
  std::shared_ptr<const exec::Plan> compile(const std::shared_ptr<const exec::Plan>& plan,
                                            CompileInfo* info = nullptr);

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

// The LLVM IR generated for `plan`, after the -O2 pipeline when `opt_level` is 2.
std::string emit_llvm(const exec::Plan& plan, int opt_level);

// The `--backend auto` rule (docs/jit.md): compile when a map, filter or loop body evaluates
// expressions, since those run once per item or iteration; interpret everything else.
bool worth_compiling(const ir::Module& module);

}  // namespace plumb::jit
