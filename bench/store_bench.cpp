// Run store costs (docs/performance.md, "Run store"). BM_Hello: `plumb run examples/hello.pipe`
// as a process, recording into .plumb/runs.db (1) or with --no-store (0). BM_RecordNodes: a
// program of 100,000 nodes (each a stage spinning for the second argument's microseconds)
// with spans on, without a store (0) or recording into SQLite (1). BM_RunsCommand: `plumb
// runs` over a store of 10,000 runs. BM_ShowCommand: `plumb show` of a 100,000-node run. Run
// with --benchmark_enable_random_interleaving=true so the A/B pairs alternate.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <plumb/plumb.hpp>
#include <plumb/store.hpp>

#include "bench/spin_stage.hpp"

extern char** environ;

namespace {

constexpr int kNodes = 100000;
constexpr int kStoredRuns = 10000;

namespace fs = std::filesystem;

// A folder for the benchmark's stores, removed at exit.
const fs::path& work_dir() {
  static const fs::path dir = [] {
    std::string pattern = (fs::temp_directory_path() / "plumb-store-bench-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    std::atexit([] { fs::remove_all(work_dir()); });
    return fs::path(pattern);
  }();
  return dir;
}

// Runs `plumb ARGS...` in `cwd` with stdout on /dev/null; throws unless it exits 0.
void run_plumb(const std::vector<std::string>& args, const fs::path& cwd) {
  std::vector<std::string> argv_text = {PLUMB_BINARY};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_text)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + argv_text[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("plumb " + args.at(0) + " failed");
  }
}

// y_i = bench.spin(us) for every i, all ready at once, then one node that counts them.
const std::string& wide_program() {
  static const std::string source = [] {
    std::string s = "pipeline main(us: int = 0) {\n";
    for (int i = 0; i < kNodes; ++i)
      s += "  y" + std::to_string(i) + " = bench.spin(us)\n";
    s += "  return len([";
    for (int i = 0; i < kNodes; ++i)
      s += (i ? ", y" : "y") + std::to_string(i);
    return s + "])\n}\n";
  }();
  return source;
}

plumb::EngineOptions engine_options(std::shared_ptr<plumb::RunStore> store) {
  plumb::EngineOptions options;
  options.threads = 2;
  options.store = std::move(store);
  return options;
}

void BM_Hello(benchmark::State& state) {
  const fs::path dir = work_dir() / "hello";
  fs::create_directories(dir);
  std::vector<std::string> args = {"run", "--backend", "interp",
                                   PLUMB_SOURCE_DIR "/examples/hello.pipe"};
  if (state.range(0) == 0) args.push_back("--no-store");
  for (auto _ : state)
    run_plumb(args, dir);
}
BENCHMARK(BM_Hello)->ArgName("store")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_RecordNodes(benchmark::State& state) {
  std::shared_ptr<plumb::RunStore> store;
  if (state.range(0) == 1) {
    plumb::StoreOptions options;
    options.keep_runs = 3;
    store = plumb::RunStore::open((work_dir() / "nodes.db").string(), options);
  }
  plumb::Engine engine(engine_options(store));
  engine.register_stage(plumb::bench::spin_stage());
  plumb::Program program = engine.compile_string("bench.pipe", wide_program());
  const std::map<std::string, plumb::Value> args = {{"us", plumb::Value::integer(state.range(1))}};
  // The program's first run also records its 100,000 nodes, once per program version.
  program.run(args);
  std::uint64_t spans = 0;
  for (auto _ : state) {
    plumb::Result result = program.run(args);
    if (!result.ok()) state.SkipWithError(result.error->describe().c_str());
    spans += result.spans;
  }
  state.counters["spans_per_run"] = static_cast<double>(spans) / state.iterations();
}
BENCHMARK(BM_RecordNodes)
    ->ArgNames({"store", "us"})
    ->ArgsProduct({{0, 1}, {0, 20}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

// A store of 10,000 runs of a small program, made once.
const fs::path& runs_store() {
  static const fs::path path = [] {
    const fs::path p = work_dir() / "runs.db";
    plumb::StoreOptions options;
    options.keep_runs = 0;
    plumb::Engine engine(engine_options(plumb::RunStore::open(p.string(), options)));
    plumb::Program program = engine.compile_file(PLUMB_SOURCE_DIR "/examples/hello.pipe");
    for (int i = 0; i < kStoredRuns; ++i)
      program.run({{"name", plumb::Value::string("run " + std::to_string(i))}});
    return p;
  }();
  return path;
}

void BM_RunsCommand(benchmark::State& state) {
  const std::string store = runs_store().string();
  for (auto _ : state)
    run_plumb({"runs", "--store", store}, work_dir());
}
BENCHMARK(BM_RunsCommand)->Unit(benchmark::kMillisecond)->UseRealTime();

// A store holding one run of the 100,000-node program, its spans included.
const fs::path& wide_run_store() {
  static const fs::path path = [] {
    const fs::path p = work_dir() / "wide.db";
    plumb::Engine engine(engine_options(plumb::RunStore::open(p.string())));
    engine.register_stage(plumb::bench::spin_stage());
    plumb::Program program = engine.compile_string("bench.pipe", wide_program());
    program.run();
    return p;
  }();
  return path;
}

void BM_ShowCommand(benchmark::State& state) {
  const std::string store = wide_run_store().string();
  for (auto _ : state)
    run_plumb({"show", "last", "--store", store}, work_dir());
}
BENCHMARK(BM_ShowCommand)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
