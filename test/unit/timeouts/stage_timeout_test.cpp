// `@timeout` bounds every stage of the standard library. Each stage gets an input that blocks
// (a FIFO without a writer, a server that accepts the connection and never answers, a vector
// collection whose writer lock is held, a command that sleeps) or explodes (a join whose output
// is the product of its inputs, a value whose JSON text is gigabytes, a glob and a regex that
// backtrack exponentially in naive matchers, /dev/zero), under `@timeout(1s)`, and must end
// within about a second: with the timeout, the read limit, or at once because the stage no
// longer explodes. The registry is enumerated, so a new stage without a case fails the test.
#include <plumb/plumb.hpp>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace plumb {
namespace {

namespace fs = std::filesystem;

// How a case ends: by its node's timeout, with a quick error, or with a result.
enum class Ending { Timeout, Error, Ok };

struct Case {
  std::string setup;  // statements before the timed call (not under the timeout)
  std::string call;   // the stage call, bound to `out` under @timeout(1s)
  Ending ending;
  std::string error;   // for Ending::Error: a part of the message
  bool heavy = false;  // builds gigabytes until stopped: run alone, not beside other cases
};

// A value of 2^28 leaves made of 29 objects: its JSON text is gigabytes.
constexpr const char* kHugeJson = "var x = 0\n  for i in range(28) { x = [x, x] }\n";
// Rows that all share one key: joined with each other they give 9,000,000 rows.
constexpr const char* kSameKeyRows =
    "left = map i in range(3000) { yield {k: 1, a: i} }\n"
    "  right = map i in range(3000) { yield {k: 1, b: i} }\n";
// 40 `a`s and a `b`: `(a+)+$` takes 2^40 steps to fail in a backtracking matcher.
constexpr const char* kBacktracking = "s = join(map i in range(40) { yield \"a\" }) + \"b\"\n";
constexpr const char* kRows = "rows = map i in range(20000) { yield {k: i % 100, v: i} }\n";

std::map<std::string, Case> cases() {
  const std::string glob = "**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/z";
  return {
      {"data.count_by", {kRows, "data.count_by(rows, \"k\")", Ending::Ok}},
      {"data.dedupe", {kRows, "data.dedupe(rows)", Ending::Ok}},
      {"data.group_by", {kRows, "data.group_by(rows, \"k\")", Ending::Ok}},
      {"data.join", {kSameKeyRows, "data.join(left, right, \"k\")", Ending::Timeout}},
      {"data.sort_by", {kRows, "data.sort_by(rows, \"v\", desc: true)", Ending::Ok}},
      {"data.stats", {"", "data.stats(range(100000))", Ending::Ok}},
      {"data.take", {kRows, "data.take(rows, 5)", Ending::Ok}},
      {"embed.hash",
       {"texts = map i in range(20000) { yield \"some words\" }\n", "embed.hash(texts, dim: 65536)",
        Ending::Timeout, "", true}},
      {"http.get", {"", "http.get(url)", Ending::Timeout}},
      {"http.post", {"", "http.post(url, body: {a: 1})", Ending::Timeout}},
      {"io.list_files", {"", "io.list_files(dir + \"/tree\", glob: \"" + glob + "\")", Ending::Ok}},
      {"io.read_csv", {"", "io.read_csv(dir + \"/fifo\")", Ending::Timeout}},
      {"io.read_json", {"", "io.read_json(dir + \"/fifo\")", Ending::Timeout}},
      {"io.read_jsonl",
       {"", "io.read_jsonl(\"/dev/zero\")", Ending::Error, "larger than the read limit of 1 MiB"}},
      {"io.read_lines", {"", "io.read_lines(dir + \"/fifo\")", Ending::Timeout}},
      {"io.read_text",
       {"", "io.read_text(\"/dev/zero\")", Ending::Error, "larger than the read limit of 1 MiB"}},
      {"io.write_csv",
       {kHugeJson, "io.write_csv(dir + \"/out.csv\", [{a: x}])", Ending::Timeout, "", true}},
      {"io.write_json",
       {kHugeJson, "io.write_json(dir + \"/out.json\", x)", Ending::Timeout, "", true}},
      {"io.write_jsonl",
       {kHugeJson, "io.write_jsonl(dir + \"/out.jsonl\", [x])", Ending::Timeout, "", true}},
      {"io.write_lines",
       {kHugeJson, "io.write_lines(dir + \"/out.txt\", [x])", Ending::Timeout, "", true}},
      {"io.write_text",
       {kHugeJson, "io.write_text(dir + \"/out.txt\", x)", Ending::Timeout, "", true}},
      {"json.dump", {kHugeJson, "json.dump(x)", Ending::Timeout, "", true}},
      {"json.parse",
       {"s = \"[\" + join(map i in range(100000) { yield \"[0, 1.5]\" }, \",\") + \"]\"\n",
        "json.parse(s)", Ending::Ok}},
      {"llm.chat",
       {"", "llm.chat(\"hi\", model: \"m\", endpoint: url + \"/v1\")", Ending::Timeout}},
      {"llm.embed",
       {"", "llm.embed([\"hi\"], model: \"m\", endpoint: url + \"/v1\")", Ending::Timeout}},
      {"log.debug", {"", "log.debug(\"message\", n: 1)", Ending::Ok}},
      {"log.error", {"", "log.error(\"message\", n: 1)", Ending::Ok}},
      {"log.info", {"", "log.info(\"message\", n: 1)", Ending::Ok}},
      {"log.warn", {"", "log.warn(\"message\", n: 1)", Ending::Ok}},
      {"metrics.counter", {"", "metrics.counter(\"stage_timeout_total\", 1)", Ending::Ok}},
      {"metrics.gauge", {"", "metrics.gauge(\"stage_timeout_gauge\", 1)", Ending::Ok}},
      {"metrics.gauge_add", {"", "metrics.gauge_add(\"stage_timeout_level\", 1)", Ending::Ok}},
      {"metrics.gauge_sub", {"", "metrics.gauge_sub(\"stage_timeout_level\", 1)", Ending::Ok}},
      {"metrics.observe", {"", "metrics.observe(\"stage_timeout_seconds\", 1)", Ending::Ok}},
      {"quality.check",
       {kBacktracking, "quality.check([{s: s}], {s: {regex: \"(a+)+$\"}})", Ending::Ok}},
      {"sys.env", {"", "sys.env(\"HOME\")", Ending::Ok}},
      {"sys.exec", {"", "sys.exec([\"sleep\", \"30\"])", Ending::Timeout}},
      {"sys.fail", {"", "sys.fail(\"boom\")", Ending::Error, "boom"}},
      {"sys.shell", {"", "sys.shell(\"sleep 30\")", Ending::Timeout}},
      {"sys.sleep", {"", "sys.sleep(3600)", Ending::Timeout}},
      {"trace.event", {"", "trace.event(\"warm\", size: 1)", Ending::Ok}},
      {"trace.set", {"", "trace.set(rows: 1)", Ending::Ok}},
      {"text.regex_find", {kBacktracking, "text.regex_find(s, \"(a|aa)+$\")", Ending::Ok}},
      {"text.regex_match", {kBacktracking, "text.regex_match(s, \"(a+)+$\")", Ending::Ok}},
      {"text.regex_replace",
       {kBacktracking, "text.regex_replace(s, \"(a*)*$\", \"x\")", Ending::Ok}},
      {"text.sentiment", {kBacktracking, "text.sentiment(s)", Ending::Ok}},
      {"text.split", {kBacktracking, "text.split(s, max_chars: 4)", Ending::Ok}},
      {"text.tokens", {kBacktracking, "text.tokens(s)", Ending::Ok}},
      {"text.words", {kBacktracking, "text.words(s)", Ending::Ok}},
      {"vector.search",
       {"", "vector.search(\"fifo\", [1.0], path: dir + \"/vectors\")", Ending::Timeout}},
      {"vector.upsert",
       {"", "vector.upsert(\"held\", [1], [[1.0]], path: dir + \"/vectors\")", Ending::Timeout}},
  };
}

// The inputs that block: a FIFO nobody writes, a collection whose manifest is such a FIFO, one
// whose writer lock this test holds, a deep directory tree, and a server that never answers.
class Blockers {
 public:
  Blockers() {
    dir_ = fs::temp_directory_path() / ("plumb-stage-timeouts-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "vectors" / "fifo");
    fs::create_directories(dir_ / "vectors" / "held");
    EXPECT_EQ(::mkfifo((dir_ / "fifo").c_str(), 0600), 0);
    EXPECT_EQ(::mkfifo((dir_ / "vectors" / "fifo" / "manifest.json").c_str(), 0600), 0);
    lock_ = ::open((dir_ / "vectors" / "held" / "LOCK").c_str(), O_RDWR | O_CREAT, 0600);
    EXPECT_EQ(::flock(lock_, LOCK_EX), 0);
    fs::path deep = dir_ / "tree";
    for (int i = 0; i < 40; ++i)
      deep /= "a";
    fs::create_directories(deep);
    ::close(::open((deep / "f").c_str(), O_WRONLY | O_CREAT, 0600));
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    EXPECT_EQ(::bind(listener_, reinterpret_cast<sockaddr*>(&address), length), 0);
    EXPECT_EQ(::listen(listener_, 64), 0);
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    url_ = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  }
  ~Blockers() {
    ::close(listener_);
    ::close(lock_);
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string dir() const { return dir_.string(); }
  const std::string& url() const { return url_; }

 private:
  fs::path dir_;
  int lock_ = -1;
  int listener_ = -1;
  std::string url_;
};

// The timeout of a case that must end with its result: one second like the others, except
// under the sanitizers, whose several-fold slowdown (with eight cases side by side on two
// cores) can push a quick stage over one second; the stage must still finish, so a slow or
// exploding stage still fails the case.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr const char* kOkTimeout = "5s";
#else
constexpr const char* kOkTimeout = "1s";
#endif

std::string program_text(const Case& c) {
  const std::string timeout = c.ending == Ending::Ok ? kOkTimeout : "1s";
  return "pipeline main(dir: str, url: str) {\n  " + c.setup + "  @timeout(" + timeout +
         ")\n  out = " + c.call + "\n  return out\n}\n";
}

// What a case did: how it ended and how long its run took.
struct Outcome {
  Result result;
  double seconds = 0;
};

Outcome run_case(Engine& engine, const std::string& stage, const Case& c, const Blockers& b) {
  Program program = engine.compile_string(stage + ".pipe", program_text(c));
  auto start = std::chrono::steady_clock::now();
  Outcome outcome;
  outcome.result = program.run({{"dir", Value::string(b.dir())}, {"url", Value::string(b.url())}});
  outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return outcome;
}

void check(const std::string& stage, const Case& c, const Outcome& outcome) {
  // About a second: the timeout, then the time a stage takes to notice (at most 50 ms for a
  // wait, a few thousand steps for work) and to let go of what it built, on a busy machine.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  constexpr double kBound = 12.0;
#else
  constexpr double kBound = 4.0;
#endif
  EXPECT_LT(outcome.seconds, kBound) << stage << " ran " << outcome.seconds << " s";
  const Result& r = outcome.result;
  switch (c.ending) {
    case Ending::Timeout:
      ASSERT_FALSE(r.ok()) << stage << " should have timed out";
      EXPECT_EQ(r.error->kind, "timeout") << stage << ": " << r.error->describe();
      EXPECT_EQ(r.error->node, "out") << stage;
      break;
    case Ending::Error:
      ASSERT_FALSE(r.ok()) << stage << " should have failed";
      EXPECT_NE(r.error->message.find(c.error), std::string::npos)
          << stage << ": " << r.error->describe();
      break;
    case Ending::Ok:
      EXPECT_TRUE(r.ok()) << stage << ": " << (r.ok() ? "" : r.error->describe());
      break;
  }
}

TEST(EveryStage, HasATimeoutCase) {
  Engine engine;
  const std::map<std::string, Case> all = cases();
  for (const StageDef* def : engine.stages().all()) {
    EXPECT_TRUE(all.count(def->signature.name))
        << def->signature.name << " has no case in stage_timeout_test.cpp";
  }
  for (const auto& [stage, c] : all)
    EXPECT_NE(engine.stages().find(stage), nullptr) << stage << " is not a stage";
}

TEST(EveryStage, EndsWithinAboutASecondUnderTimeout) {
  Blockers blockers;
  EngineOptions options;
  options.threads = 2;
  options.limits.max_read_bytes = std::size_t{1} << 20;
  Engine engine(options);
  const std::map<std::string, Case> all = cases();
  // The light cases run side by side, the heavy ones (gigabytes until stopped) one at a time.
  std::vector<std::pair<std::string, const Case*>> light;
  std::vector<std::pair<std::string, const Case*>> heavy;
  for (const auto& [stage, c] : all)
    (c.heavy ? heavy : light).emplace_back(stage, &c);
  std::mutex mutex;
  std::map<std::string, Outcome> outcomes;
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> runners;
  for (int t = 0; t < 8; ++t) {
    runners.emplace_back([&] {
      for (std::size_t i = next++; i < light.size(); i = next++) {
        Outcome outcome = run_case(engine, light[i].first, *light[i].second, blockers);
        std::lock_guard guard(mutex);
        outcomes[light[i].first] = std::move(outcome);
      }
    });
  }
  for (std::thread& runner : runners)
    runner.join();
  for (const auto& [stage, c] : heavy)
    outcomes[stage] = run_case(engine, stage, *c, blockers);
  for (const auto& [stage, c] : all)
    check(stage, c, outcomes[stage]);
}

}  // namespace
}  // namespace plumb
