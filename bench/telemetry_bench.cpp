// Telemetry export costs. BM_OtlpEncodeSend: spans per second through the OTLP exporter
// (encode on the calling thread, batches sent by the batch processor's thread) to a local
// receiver (a child process) that reads and discards the requests: OTLP/HTTP with JSON (0)
// or protobuf (1) bodies, or OTLP/gRPC (2) to a TraceService. BM_ChromeEncode: spans per
// second through the Chrome trace writer into /dev/null. BM_Nodes: a map of 10,000 items,
// each a stage that spins for about 100 us, every item traced (20,001 spans a run), with spans off
// and with OTLP export to the receiver (the target: at most 5% slower).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include <benchmark/benchmark.h>
#include <grpcpp/grpcpp.h>
#include <plumb/plumb.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "bench/spin_stage.hpp"
#include "opentelemetry/proto/collector/trace/v1/trace_service.grpc.pb.h"
#include "runtime/telemetry/chrome_exporter.hpp"
#include "runtime/telemetry/otlp_exporter.hpp"

namespace {

// Accepts connections and answers every request with 200, reading bodies by Content-Length.
// It runs in a child process, so its CPU time is not counted as the exporter's.
class SinkServer {
 public:
  SinkServer() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(listener_, 16);
    socklen_t length = sizeof addr;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &length);
    port_ = ntohs(addr.sin_port);
    child_ = ::fork();
    if (child_ == 0) {
      serve();
      ::_exit(0);
    }
    ::close(listener_);
  }
  ~SinkServer() {
    ::kill(child_, SIGKILL);
    ::waitpid(child_, nullptr, 0);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  void serve() {
    std::vector<char> buffer(1 << 20);
    for (;;) {
      pollfd fd{listener_, POLLIN, 0};
      if (::poll(&fd, 1, 50) <= 0) continue;
      int client = ::accept(listener_, nullptr, nullptr);
      std::string head;
      std::size_t body_left = 0;
      bool in_body = false;
      for (;;) {
        pollfd c{client, POLLIN, 0};
        if (::poll(&c, 1, 50) <= 0) continue;
        ssize_t n = ::recv(client, buffer.data(), buffer.size(), 0);
        if (n <= 0) break;
        std::size_t used = 0;
        while (used < static_cast<std::size_t>(n)) {
          if (in_body) {
            std::size_t take = std::min(body_left, static_cast<std::size_t>(n) - used);
            body_left -= take;
            used += take;
            if (body_left == 0) {
              in_body = false;
              static const char kReply[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
              ::send(client, kReply, sizeof kReply - 1, MSG_NOSIGNAL);
            }
            continue;
          }
          head.push_back(buffer[used++]);
          if (head.size() >= 4 && head.compare(head.size() - 4, 4, "\r\n\r\n") == 0) {
            auto at = head.find("Content-Length: ");
            body_left = at == std::string::npos ? 0 : std::stoul(head.substr(at + 16));
            head.clear();
            in_body = true;
            if (body_left == 0) {
              in_body = false;
              static const char kReply[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
              ::send(client, kReply, sizeof kReply - 1, MSG_NOSIGNAL);
            }
          }
        }
      }
      ::close(client);
    }
  }
  int listener_ = -1;
  int port_ = 0;
  pid_t child_ = 0;
};

// A batch of node spans as the drainer hands them to the exporters.
class SpanBatch {
 public:
  static constexpr std::size_t kSpans = 4096;
  SpanBatch() : records_(kSpans) {
    for (std::size_t i = 0; i < kSpans; ++i) {
      auto& r = records_[i];
      r.trace = plumb::telemetry::new_trace_id();
      r.span_id = plumb::telemetry::new_span_id();
      r.parent_id = plumb::telemetry::new_span_id();
      r.start_ns = 1700000000000000000 + static_cast<std::int64_t>(i) * 1000;
      r.end_ns = r.start_ns + 100000;
      r.node = &node_;
      r.run = &run_;
      views_.emplace_back(r);
    }
  }
  std::span<const plumb::telemetry::SpanView> views() const { return views_; }

 private:
  plumb::telemetry::NodeMeta node_{
      {"main", "fetch", "http.get", "etl.pipe", 12, 3}, 0, "", {{"team", "data"}}};
  plumb::telemetry::RunMeta run_{"main", "interp", "0123456789abcdef"};
  std::vector<plumb::telemetry::SpanRecord> records_;
  std::vector<plumb::telemetry::SpanView> views_;
};

// A TraceService that accepts every request, in a child process forked before this process
// loads gRPC's module, which sends its port back through a pipe.
class GrpcSinkServer {
 public:
  GrpcSinkServer() {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    child_ = ::fork();
    if (child_ == 0) {
      ::close(fds[0]);
      Accept service;
      int port = 0;
      grpc::ServerBuilder builder;
      builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
      builder.RegisterService(&service);
      builder.SetMaxReceiveMessageSize(64 << 20);
      auto server = builder.BuildAndStart();
      if (::write(fds[1], &port, sizeof port) != sizeof port) ::_exit(1);
      server->Wait();
      ::_exit(0);
    }
    ::close(fds[1]);
    if (::read(fds[0], &port_, sizeof port_) != sizeof port_) port_ = 0;
    ::close(fds[0]);
  }
  ~GrpcSinkServer() {
    ::kill(child_, SIGKILL);
    ::waitpid(child_, nullptr, 0);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  class Accept final : public opentelemetry::proto::collector::trace::v1::TraceService::Service {
    grpc::Status Export(
        grpc::ServerContext*,
        const opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest*,
        opentelemetry::proto::collector::trace::v1::ExportTraceServiceResponse*) override {
      return grpc::Status::OK;
    }
  };
  pid_t child_ = 0;
  int port_ = 0;
};

// Arg: 0 OTLP/HTTP JSON, 1 OTLP/HTTP protobuf, 2 OTLP/gRPC.
void BM_OtlpEncodeSend(benchmark::State& state) {
  ::setenv("PLUMB_OTLP_GRPC_MODULE", PLUMB_OTLP_GRPC_MODULE_PATH, 0);
  const auto protocol = static_cast<plumb::telemetry::OtlpProtocol>(state.range(0));
  std::unique_ptr<SinkServer> http;
  std::string url;
  if (protocol == plumb::telemetry::OtlpProtocol::Grpc) {
    // One collector for every repetition: forked before the first gRPC export, as a child
    // forked once gRPC's threads run in this process would not work.
    static GrpcSinkServer grpc;
    url = grpc.url();
  } else {
    http = std::make_unique<SinkServer>();
    url = http->url() + "/v1/traces";
  }
  const SpanBatch batch;
  constexpr std::size_t kSpans = SpanBatch::kSpans;
  plumb::telemetry::OtlpSettings settings;
  settings.traces = plumb::telemetry::OtlpTarget{protocol, url, false};
  settings.batch.max_queue = 1 << 16;
  settings.batch.max_batch = 2048;
  std::size_t spans = 0;
  auto exporter = std::make_shared<plumb::telemetry::OtlpTraceExporter>(
      settings, std::make_shared<const plumb::Redactor>(), std::chrono::seconds(60));
  for (auto _ : state) {
    exporter->export_spans(batch.views());
    spans += kSpans;
    // Keep the queue from overflowing: wait for the sender to catch up.
    while (spans - exporter->stats().exported - exporter->stats().dropped > (1 << 15)) {
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  }
  exporter->shutdown();
  state.counters["dropped"] = static_cast<double>(exporter->stats().dropped);
  state.SetItemsProcessed(static_cast<std::int64_t>(exporter->stats().exported));
}
BENCHMARK(BM_OtlpEncodeSend)
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(3);

// The Chrome trace writer's cost per span (encoding and writing to /dev/null), which bounds a
// traced run's speed once the span rings are full: the file exporters are lossless.
void BM_ChromeEncode(benchmark::State& state) {
  const SpanBatch batch;
  plumb::telemetry::ChromeTraceExporter exporter("/dev/null",
                                                 std::make_shared<const plumb::Redactor>());
  for (auto _ : state)
    exporter.export_spans(batch.views());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * SpanBatch::kSpans));
}
BENCHMARK(BM_ChromeEncode)->Unit(benchmark::kMillisecond)->MinTime(2);

double process_cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Arg 0: spans off; 1: spans on, exported as OTLP to the local receiver.
void BM_Nodes(benchmark::State& state) {
  SinkServer sink;
  plumb::EngineOptions options;
  options.telemetry.enabled = state.range(0) == 1;
  if (state.range(0) == 1) options.telemetry.otlp_endpoint = sink.url();
  plumb::Engine engine(options);
  engine.register_stage(plumb::bench::spin_stage());
  plumb::Program program =
      engine.compile_string("bench.pipe",
                            "pipeline main() {\n  @trace(items: \"all\")\n"
                            "  ys = map x in range(0, 10000) { yield bench.spin(100) }\n"
                            "  return len(ys)\n}");
  std::uint64_t spans = 0;
  const double cpu_before = process_cpu_seconds();
  for (auto _ : state) {
    plumb::Result result = program.run();
    if (!result.ok()) state.SkipWithError(result.error->describe().c_str());
    spans += result.spans;
  }
  const double runs = static_cast<double>(state.iterations());
  state.counters["spans_per_run"] = static_cast<double>(spans) / runs;
  // On a shared machine wall time follows the CPU share the scheduler grants (more threads,
  // more share); the process's CPU time per run (all its threads) is the cost that counts.
  state.counters["process_cpu_s_per_run"] = (process_cpu_seconds() - cpu_before) / runs;
}
BENCHMARK(BM_Nodes)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(5);

}  // namespace

BENCHMARK_MAIN();
