// Shared helpers for the runtime's unit tests: an engine with an in-memory span exporter,
// compiling a program from a string, and finding spans by name.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <plumb/plumb.hpp>

#include "runtime/api/tooling.hpp"
#include "runtime/telemetry/memory_exporter.hpp"

namespace plumb::testing {

struct TracedEngine {
  explicit TracedEngine(int threads = 2) : engine(EngineOptions{threads, {}}) {}

  Program compile(const std::string& source, const std::string& entry = "") {
    Program program = engine.compile_string("test.pipe", source, entry);
    if (!attached) {
      tooling::runtime(program).telemetry().add_exporter(spans);
      attached = true;
    }
    return program;
  }

  std::vector<telemetry::RecordedSpan> named(const std::string& name) const {
    std::vector<telemetry::RecordedSpan> out;
    for (const auto& s : spans->spans()) {
      if (s.name == name) out.push_back(s);
    }
    return out;
  }

  Engine engine;
  std::shared_ptr<telemetry::MemoryExporter> spans = std::make_shared<telemetry::MemoryExporter>();
  bool attached = false;
};

inline std::string json(const Value& value) {
  return to_json(value);
}

}  // namespace plumb::testing
