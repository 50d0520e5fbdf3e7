// Span events and attribute limits in every exporter: OTLP JSON (`events`, the `exception`
// event after them, dropped counts), the Chrome trace (instant events on the span's thread)
// and the memory exporter; event attributes are redacted like span attributes.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "runtime/telemetry/chrome_exporter.hpp"
#include "runtime/telemetry/memory_exporter.hpp"
#include "runtime/telemetry/otlp_json.hpp"

namespace plumb::telemetry {
namespace {

using nlohmann::json;

struct EventSpan {
  NodeMeta node{{"main", "load", "call", "a.pipe", 3, 1}, 0, "load", {}};
  RunMeta run{"main", "interp", "r1"};
  SpanExtras extras;
  SpanRecord record;

  EventSpan() {
    node.span_name = "load customers";
    extras.attributes = {{"rows", Value::integer(3)}, {"api_key", Value::string("sk-1")}};
    extras.events = {SpanEvent{"cache_warm",
                               1700000000000000050,
                               {{"size", Value::integer(7)}, {"token", Value::string("t")}}},
                     SpanEvent{"done", 1700000000000000060, {}}};
    extras.dropped_attributes = 2;
    extras.dropped_events = 1;
    record.trace = TraceId{1, 2};
    record.span_id = 0xab;
    record.parent_id = 0xcd;
    record.start_ns = 1700000000000000000;
    record.end_ns = 1700000000000000100;
    record.node = &node;
    record.run = &run;
    record.thread = 4;
    record.extras = &extras;
  }
};

std::map<std::string, json> attributes(const json& list) {
  std::map<std::string, json> out;
  for (const json& item : list)
    out[item["key"].get<std::string>()] = item["value"];
  return out;
}

TEST(SpanEvents, OtlpJson) {
  EventSpan s;
  s.record.error = true;
  s.extras.error_type = "timeout";
  s.extras.error_message = "late";
  std::string out;
  encode_span(out, SpanView(s.record), Redactor());
  json span = json::parse(out);
  EXPECT_EQ(span["name"], "load customers");
  EXPECT_EQ(span["droppedAttributesCount"], 2);
  EXPECT_EQ(span["droppedEventsCount"], 1);
  EXPECT_EQ(attributes(span["attributes"])["api_key"]["stringValue"], "[REDACTED]");
  ASSERT_EQ(span["events"].size(), 3u);
  EXPECT_EQ(span["events"][0]["name"], "cache_warm");
  EXPECT_EQ(span["events"][0]["timeUnixNano"], "1700000000000000050");
  auto event = attributes(span["events"][0]["attributes"]);
  EXPECT_EQ(event["size"]["intValue"], "7");
  EXPECT_EQ(event["token"]["stringValue"], "[REDACTED]");
  EXPECT_EQ(span["events"][1]["name"], "done");
  EXPECT_TRUE(span["events"][1]["attributes"].empty());
  EXPECT_EQ(span["events"][2]["name"], "exception");
  EXPECT_EQ(span["status"]["code"], 2);
}

TEST(SpanEvents, OtlpJsonWithoutEvents) {
  EventSpan s;
  s.extras.events.clear();
  s.extras.dropped_attributes = 0;
  s.extras.dropped_events = 0;
  std::string out;
  encode_span(out, SpanView(s.record), Redactor());
  json span = json::parse(out);
  EXPECT_FALSE(span.contains("events"));
  EXPECT_FALSE(span.contains("droppedAttributesCount"));
  EXPECT_FALSE(span.contains("droppedEventsCount"));
}

TEST(SpanEvents, ChromeTrace) {
  EventSpan s;
  const auto path = std::filesystem::temp_directory_path() /
                    ("plumb_span_events_" + std::to_string(::getpid()) + ".json");
  {
    ChromeTraceExporter exporter(path.string(), std::make_shared<Redactor>());
    SpanView view(s.record);
    exporter.export_spans(std::span<const SpanView>(&view, 1));
    exporter.shutdown();
  }
  std::ifstream in(path);
  json trace = json::parse(in);
  std::filesystem::remove(path);
  std::vector<json> instants;
  for (const json& e : trace) {
    if (e["ph"] == "X") {
      EXPECT_EQ(e["name"], "load customers");
      EXPECT_EQ(e["args"]["api_key"], "[REDACTED]");
    }
    if (e["ph"] == "i") instants.push_back(e);
  }
  ASSERT_EQ(instants.size(), 2u);
  EXPECT_EQ(instants[0]["name"], "cache_warm");
  EXPECT_EQ(instants[0]["s"], "t");
  EXPECT_EQ(instants[0]["tid"], 4);
  EXPECT_DOUBLE_EQ(instants[0]["ts"].get<double>(), 1700000000000000.05);
  EXPECT_EQ(instants[0]["args"]["span_id"], "00000000000000ab");
  EXPECT_EQ(instants[0]["args"]["size"], 7);
  EXPECT_EQ(instants[0]["args"]["token"], "[REDACTED]");
  EXPECT_EQ(instants[1]["name"], "done");
}

TEST(SpanEvents, MemoryExporterRedactsWhenGivenARedactor) {
  EventSpan s;
  SpanView view(s.record);
  MemoryExporter plain;
  plain.export_spans(std::span<const SpanView>(&view, 1));
  MemoryExporter redacting(std::make_shared<Redactor>());
  redacting.export_spans(std::span<const SpanView>(&view, 1));
  const RecordedSpan a = plain.spans().at(0);
  const RecordedSpan b = redacting.spans().at(0);
  EXPECT_EQ(a.name, "load customers");
  EXPECT_EQ(a.attributes.at("api_key"), Value::string("sk-1"));
  EXPECT_EQ(b.attributes.at("api_key"), Value::string("[REDACTED]"));
  ASSERT_EQ(b.events.size(), 2u);
  EXPECT_EQ(b.events[0].name, "cache_warm");
  EXPECT_EQ(b.events[0].time_ns, 1700000000000000050);
  EXPECT_EQ(b.events[0].attributes.at("size"), Value::integer(7));
  EXPECT_EQ(b.events[0].attributes.at("token"), Value::string("[REDACTED]"));
  EXPECT_EQ(a.events[0].attributes.at("token"), Value::string("t"));
  EXPECT_EQ(b.dropped_attributes, 2u);
  EXPECT_EQ(b.dropped_events, 1u);
}

}  // namespace
}  // namespace plumb::telemetry
