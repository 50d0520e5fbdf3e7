// jit::Engine: the LLJIT (created on first use, with the helpers and the process's symbols
// visible), compilation through the object cache, and the native copy of a plan whose node
// evaluators call compiled functions and fall back to the interpreter when one bails out, and
// whose map and filter bodies of pure expressions run as one compiled function per item.
#include "runtime/jit/jit.hpp"

#include <chrono>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include <llvm/Bitcode/BitcodeWriter.h>
#include <llvm/Config/llvm-config.h>
#include <llvm/ExecutionEngine/Orc/CompileUtils.h>
#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Support/xxhash.h>

#include "runtime/jit/cache.hpp"
#include "runtime/jit/helpers.hpp"
#include "runtime/jit/lower.hpp"
#include "runtime/jit/optimize.hpp"

namespace plumb::jit {

namespace {

// Bumped when the helpers' meaning changes, so stale cached objects are not reused.
constexpr const char* kAbiVersion = "plumb-jit-1";

[[noreturn]] void fail(llvm::Error error) {
  throw std::runtime_error("jit: " + llvm::toString(std::move(error)));
}

template <typename T>
T take(llvm::Expected<T> value) {
  if (!value) fail(value.takeError());
  return std::move(*value);
}

template <typename T>
T& take(llvm::Expected<T&> value) {
  if (!value) fail(value.takeError());
  return *value;
}

struct Native {
  Dispatcher dispatcher = nullptr;
  const Context* context = nullptr;
  const exec::NodePlan* node = nullptr;
};

void run_native(const void* state, const Value* const* inputs, Value* out) {
  const auto* native = static_cast<const Native*>(state);
  if (native->dispatcher(native->context, native->node->id, inputs, out) != 0) {
    exec::evaluate(native->node->code, native->node->pool, inputs, out);
  }
}

// Native addresses of a module's functions, by name.
using Addresses = std::unordered_map<std::string, std::uint64_t>;

}  // namespace

struct Engine::Impl {
  explicit Impl(Options o) : options(std::move(o)), store(options.cache_dir) {}

  void start() {
    if (jit) return;
    machine = host_machine(options.opt_level);
    auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
    if (!builder) fail(builder.takeError());
    jit = take(llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(*builder)).create());
    llvm::orc::SymbolMap helpers;
    for (const HelperSymbol& h : helper_symbols()) {
      helpers[jit->mangleAndIntern(h.name)] = llvm::JITEvaluatedSymbol(
          llvm::pointerToJITTargetAddress(h.address), llvm::JITSymbolFlags::Exported);
    }
    llvm::orc::JITDylib& main = jit->getMainJITDylib();
    if (auto error = main.define(llvm::orc::absoluteSymbols(std::move(helpers))))
      fail(std::move(error));
    main.addGenerator(take(llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
        jit->getDataLayout().getGlobalPrefix())));
  }

  // The cache key: a hash of the IR (as bitcode, which writes several times faster than
  // text), the target and the level.
  std::string key(const llvm::Module& module) const {
    std::string text;
    llvm::raw_string_ostream out(text);
    out << kAbiVersion << ' ' << LLVM_VERSION_STRING << ' ' << machine->getTargetTriple().str()
        << ' ' << machine->getTargetCPU() << ' ' << machine->getTargetFeatureString() << " O"
        << options.opt_level << '\n';
    llvm::WriteBitcodeToFile(module, out);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx",
                  static_cast<unsigned long long>(llvm::xxHash64(out.str())));
    return hex;
  }

  // Native addresses of the plan's node functions, compiling or loading the module once.
  const Addresses& load(const exec::Plan& plan, CompileInfo& info) {
    llvm::LLVMContext context;
    std::unique_ptr<llvm::Module> module = lower(plan, options.opt_level, context);
    module->setTargetTriple(machine->getTargetTriple().str());
    module->setDataLayout(machine->createDataLayout());
    std::string id = key(*module);
    info.cached = true;
    if (auto it = loaded.find(id); it != loaded.end()) return it->second;
    module->setModuleIdentifier(id);
    std::unique_ptr<llvm::MemoryBuffer> object = store.getObject(module.get());
    if (!object) {
      info.cached = false;
      optimize(*module, *machine, options.opt_level);
      object = take(llvm::orc::SimpleCompiler(*machine, &store)(*module));
    }
    llvm::orc::JITDylib& library = take(jit->createJITDylib("plumb." + id));
    library.addToLinkOrder(jit->getMainJITDylib());
    if (auto error = jit->addObjectFile(library, std::move(object))) fail(std::move(error));
    llvm::orc::SymbolLookupSet names;
    std::vector<std::string> plain;
    for (std::uint32_t r = 0; r < plan.regions.size(); ++r) {
      if (has_function(plan, r)) plain.push_back(region_function_name(r));
    }
    for (const NodeEntry& entry : node_entries(plan, options.opt_level)) {
      if (plain.empty() || plain.back() != entry.symbol) plain.push_back(entry.symbol);
    }
    for (const std::string& name : plain)
      names.add(jit->mangleAndIntern(name));
    Addresses& addresses = loaded[id];
    if (plain.empty()) return addresses;
    llvm::orc::SymbolMap found = take(jit->getExecutionSession().lookup(
        llvm::orc::makeJITDylibSearchOrder(&library), std::move(names)));
    for (const std::string& name : plain) {
      addresses[name] = found[jit->mangleAndIntern(name)].getAddress();
    }
    return addresses;
  }

  Options options;
  ObjectStore store;
  std::mutex mutex;
  std::unique_ptr<llvm::TargetMachine> machine;
  std::unique_ptr<llvm::orc::LLJIT> jit;
  std::unordered_map<std::string, Addresses> loaded;  // by cache key
};

namespace {

// The native plan and what its evaluators point at, kept alive together.
struct NativePlan {
  exec::Plan plan;
  Context context;
  std::deque<Native> natives;
  std::shared_ptr<Engine::Impl> engine;
};

}  // namespace

Engine::Engine(Options options) : impl_(std::make_shared<Impl>(std::move(options))) {
}
Engine::~Engine() = default;

std::shared_ptr<const exec::Plan> Engine::compile(const std::shared_ptr<const exec::Plan>& plan,
                                                  CompileInfo* info) {
  auto started = std::chrono::steady_clock::now();
  CompileInfo local;
  CompileInfo& result = info ? *info : local;
  auto native = std::make_shared<NativePlan>();
  native->engine = impl_;
  native->plan = *plan;
  exec::Plan& copy = native->plan;
  native->context = Context{copy.constants.data(), copy.shapes.data(), copy.strings.data()};
  {
    std::lock_guard lock(impl_->mutex);
    impl_->start();
    const Addresses& addresses = impl_->load(copy, result);
    for (std::uint32_t r = 0; r < copy.regions.size(); ++r) {
      exec::RegionPlan& region = copy.regions[r];
      if (has_function(copy, r)) {
        auto function = addresses.at(region_function_name(r));
        region.native = {reinterpret_cast<exec::RegionCode::Function>(function), &native->context};
        ++result.functions;
      }
      for (exec::NodePlan& node : region.nodes) {
        node.pool = copy.pool();
        node.evaluator = exec::interpreter(node);
      }
    }
    for (const NodeEntry& entry : node_entries(copy, impl_->options.opt_level)) {
      exec::NodePlan& node = copy.regions[entry.region].nodes[entry.index];
      auto dispatcher = reinterpret_cast<Dispatcher>(addresses.at(entry.symbol));
      native->natives.push_back(Native{dispatcher, &native->context, &node});
      node.evaluator = exec::ArgumentCode{run_native, &native->natives.back()};
      ++result.functions;
    }
  }
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return std::shared_ptr<const exec::Plan>(native, &native->plan);
}

std::string emit_llvm(const exec::Plan& plan, int opt_level) {
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module = lower(plan, opt_level, context);
  optimize(*module, *host_machine(opt_level), opt_level);
  std::string text;
  llvm::raw_string_ostream out(text);
  out << *module;
  return out.str();
}

}  // namespace plumb::jit
