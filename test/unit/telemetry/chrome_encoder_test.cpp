// The Chrome trace encoder writes the bytes it always wrote: a golden file of spans of every
// kind (odd names and file paths that need escaping, redacted keys and URL credentials,
// errors, span events, times with and without a fraction of a microsecond), and the same
// bytes whether a node's constant part comes from the cache or is encoded for every span,
// including a node whose facts change at the same address and id (the cache must miss); and
// threads exporting at once write every span once.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "runtime/telemetry/chrome_exporter.hpp"

namespace plumb::telemetry {
namespace {

// Spans of every kind; `spans` points into the other members.
struct Sample {
  NodeMeta odd{{"main", "we\"ird\n\\é\x01", "http.get", "dir/a \"b\".pipe", 12, 3},
               7,
               "",
               {{"team", "data"}, {"api_token", "s3cret"}, {"docs", "https://u:pw@h/x"}}};
  NodeMeta fetch{{"main", "fetch", "map", "a.pipe", 4, 1}, 8, "", {}};
  NodeMeta loop{{"sub", "poll", "while", "a.pipe", 5, 1}, 9, "", {}};
  NodeMeta call{{"main", "load", "call", "a.pipe", 6, 1}, 10, "load", {}};
  RunMeta run{"main", "interp", "r1"};
  SpanExtras node_extras;
  SpanExtras child_extras;
  std::vector<SpanRecord> records;

  Sample() {
    fetch.span_name = "@fetch page";
    node_extras.attributes = {{"rows", Value::integer(5)},
                              {"password", Value::string("x")},
                              {"ratio", Value::number(0.5)},
                              {"ok", Value::boolean(true)},
                              {"list", Value::list({Value::integer(1), Value::string("a")})},
                              {"where", Value::string("see http://a:b@c/d")}};
    node_extras.error_type = "timeout";
    node_extras.error_message = "late \"again\"";
    node_extras.error_stacktrace = "line 1\nline 2";
    node_extras.events = {SpanEvent{"cache\twarm",
                                    1700000000000000050,
                                    {{"size", Value::integer(7)}, {"token", Value::string("t")}}}};
    child_extras.name = "custom \"span\"";
    child_extras.attributes = {{"k", Value::string("v")}};

    SpanRecord r;
    r.trace = TraceId{1, 2};
    r.run = &run;
    r.kind = SpanKind::Run;
    r.span_id = 0x0123456789abcdef;
    r.start_ns = 1700000000123456789;
    r.end_ns = 1700000000123458289;
    records.push_back(r);

    r.kind = SpanKind::Node;
    r.node = &odd;
    r.parent_id = 0x0123456789abcdef;
    r.span_id = 0xfedcba9876543210;
    r.start_ns = 1700000000123456000;
    r.end_ns = 1700000000123457000;
    r.attempt = 2;
    r.items_in = 3;
    r.items_out = 4;
    r.arm = 1;
    r.cache_hit = true;
    r.error = true;
    r.extras = &node_extras;
    r.thread = 1;
    records.push_back(r);

    SpanRecord item;
    item.trace = r.trace;
    item.run = &run;
    item.node = &fetch;
    item.kind = SpanKind::Item;
    item.index = 7;
    item.span_id = 0x10;
    item.parent_id = 0x20;
    item.start_ns = 5;
    item.end_ns = 1005;
    records.push_back(item);
    item.index = 8;
    item.span_id = 0x11;
    item.start_ns = 999;
    item.end_ns = 123456789012;
    records.push_back(item);

    SpanRecord iteration = item;
    iteration.node = &loop;
    iteration.kind = SpanKind::Iteration;
    iteration.index = 0;
    iteration.thread = 3;
    records.push_back(iteration);

    SpanRecord child = item;
    child.node = &call;
    child.kind = SpanKind::Child;
    child.index = -1;
    child.extras = &child_extras;
    records.push_back(child);

    SpanRecord node = item;
    node.node = &fetch;
    node.kind = SpanKind::Node;
    node.index = -1;
    node.items_in = 100;
    records.push_back(node);
    node.start_ns = 2500;  // a clock that went back: a negative duration
    node.end_ns = 1000;
    records.push_back(node);
  }
};

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string export_all(const std::vector<SpanRecord>& records) {
  const std::string path = ::testing::TempDir() + "/chrome_encoder_test.json";
  ChromeTraceExporter exporter(path, std::make_shared<const Redactor>());
  std::vector<SpanView> views(records.begin(), records.end());
  exporter.export_spans(views);
  exporter.export_spans(views);
  exporter.shutdown();
  return read_file(path);
}

// What the writer wrote before it had a cache (each batch exported twice).
constexpr std::string_view kGolden = R"golden([
{"name":"thread_name","ph":"M","pid":1,"tid":0,"args":{"name":"worker 0"}},
{"name":"main","cat":"pipeline","ph":"X","ts":1700000000123456.789,"dur":1.500,"pid":1,"tid":0,"args":{"span_id":"0123456789abcdef","plumb.pipeline":"main","plumb.run.id":"r1","plumb.backend":"interp"}},
{"name":"thread_name","ph":"M","pid":1,"tid":1,"args":{"name":"worker 1"}},
{"name":"we\"ird\n\\é\u0001","cat":"node","ph":"X","ts":1700000000123456.000,"dur":1.000,"pid":1,"tid":1,"args":{"span_id":"fedcba9876543210","parent_id":"0123456789abcdef","plumb.pipeline":"main","plumb.node":"we\"ird\n\\é\u0001","plumb.stage":"http.get","code.file.path":"dir/a \"b\".pipe","code.line.number":12,"code.filepath":"dir/a \"b\".pipe","code.lineno":12,"team":"data","api_token":"[REDACTED]","docs":"https://REDACTED:REDACTED@h/x","plumb.backend":"interp","plumb.retry.attempt":2,"plumb.items.in":3,"plumb.items.out":4,"plumb.branch.arm":1,"plumb.cache.hit":true,"rows":5,"password":"[REDACTED]","ratio":0.5,"ok":true,"list":"[1, \"a\"]","where":"see http://REDACTED:REDACTED@c/d","error":true,"exception.type":"timeout","exception.message":"late \"again\"","exception.stacktrace":"line 1\nline 2"}},
{"name":"cache\twarm","cat":"event","ph":"i","s":"t","ts":1700000000000000.050,"pid":1,"tid":1,"args":{"span_id":"fedcba9876543210","size":7,"token":"[REDACTED]"}},
{"name":"@fetch page.item","cat":"item","ph":"X","ts":0.005,"dur":1.000,"pid":1,"tid":0,"args":{"span_id":"0000000000000010","parent_id":"0000000000000020","plumb.pipeline":"main","plumb.node":"fetch","plumb.stage":"map","code.file.path":"a.pipe","code.line.number":4,"code.filepath":"a.pipe","code.lineno":4,"plumb.backend":"interp","plumb.item.index":7}},
{"name":"@fetch page.item","cat":"item","ph":"X","ts":0.999,"dur":123456788.013,"pid":1,"tid":0,"args":{"span_id":"0000000000000011","parent_id":"0000000000000020","plumb.pipeline":"main","plumb.node":"fetch","plumb.stage":"map","code.file.path":"a.pipe","code.line.number":4,"code.filepath":"a.pipe","code.lineno":4,"plumb.backend":"interp","plumb.item.index":8}},
{"name":"thread_name","ph":"M","pid":1,"tid":3,"args":{"name":"worker 3"}},
{"name":"poll.iteration","cat":"iteration","ph":"X","ts":0.999,"dur":123456788.013,"pid":1,"tid":3,"args":{"span_id":"0000000000000011","parent_id":"0000000000000020","plumb.pipeline":"sub","plumb.node":"poll","plumb.stage":"while","code.file.path":"a.pipe","code.line.number":5,"code.filepath":"a.pipe","code.lineno":5,"plumb.backend":"interp","plumb.iteration":0}},
{"name":"custom \"span\"","cat":"span","ph":"X","ts":0.999,"dur":123456788.013,"pid":1,"tid":0,"args":{"span_id":"0000000000000011","parent_id":"0000000000000020","plumb.pipeline":"main","plumb.node":"load","plumb.stage":"call","plumb.callee":"load","code.file.path":"a.pipe","code.line.number":6,"code.filepath":"a.pipe","code.lineno":6,"plumb.backend":"interp","k":"v"}},
{"name":"@fetch page","cat":"node","ph":"X","ts":0.999,"dur":123456788.013,"pid":1,"tid":0,"args":{"span_id":"0000000000000011","parent_id":"0000000000000020","plumb.pipeline":"main","plumb.node":"fetch","plumb.stage":"map","code.file.path":"a.pipe","code.line.number":4,"code.filepath":"a.pipe","code.lineno":4,"plumb.backend":"interp","plumb.items.in":100}},
{"name":"@fetch page","cat":"node","ph":"X","ts":2.500,"dur":-1.500,"pid":1,"tid":0,"args":{"span_id":"0000000000000011","parent_id":"0000000000000020","plumb.pipeline":"main","plumb.node":"fetch","plumb.stage":"map","code.file.path":"a.pipe","code.line.number":4,"code.filepath":"a.pipe","code.lineno":4,"plumb.backend":"interp","plumb.items.in":100}},
{"name":"main","cat":"pipeline","ph":"X","ts":1700000000123456.789,"dur":1.500,"pid":1,"tid":0,"args":{"span_id":"0123456789abcdef","plumb.pipeline":"main","plumb.run.id":"r1","plumb.backend":"interp"}},
{"name":"we\"ird\n\\é\u0001","cat":"node","ph":"X","ts":1700000000123456.000,"dur":1.000,"pid":1,"tid":1,"args":{"span_id":"fedcba9876543210","parent_id":"0123456789abcdef","plumb.pipeline":"main","plumb.node":"we\"ird\n\\é\u0001","plumb.stage":"http.get","code.file.path":"dir/a \"b\".pipe","code.line.number":12,"code.filepath":"dir/a \"b\".pipe","code.lineno":12,"team":"data","api_token":"[REDACTED]","docs":"https://REDACTED:REDACTED@h/x","plumb.backend":"interp","plumb.retry.attempt":2,"plumb.items.in":3,"plumb.items.out":4,"plumb.branch.arm":1,"plumb.cache.hit":true,"rows":5,"password":"[REDACTED]","ratio":0.5,"ok":true,"list":"[1, \"a\"]","where":"see http://REDACTED:REDACTED@c/d","error":true,"exception.type":"timeout","exception.message":"late \"again\"","exception.stacktrace":"line 1\nline 2"}},
{"name":"cache\twarm","cat":"event","ph":"i","s":"t","ts":1700000000000000.050,"pid":1,"tid":1,"args":{"span_id":"fedcba9876543210","size":7,"token":"[REDACTED]"}},
{"name":"@fetch page.item","cat":"item","ph":"X","ts":0.005,"dur":1.000,"pid":1,"tid":0,"args":{"span_id":"0000000000000010","parent_id":"0000000000000020","plumb.pipeline":"main","plumb.node":"fetch","plumb.stage":"map","code.file.path":"a.pipe","code.line.number":4,"code.filepath":"a.pipe","code.lineno":4,"plumb.backend":"interp","plumb.item.index":7}},
{"name":"@fetch page.item","cat":"item","ph":"X","ts":0.999,"dur":123456788.013,"pid":1,"tid":0,"args":{"span_id":"0000000000000011","parent_id":"0000000000000020","plumb.pipeline":"main","plumb.node":"fetch","plumb.stage":"map","code.file.path":"a.pipe","code.line.number":4,"code.filepath":"a.pipe","code.lineno":4,"plumb.backend":"interp","plumb.item.index":8}},
{"name":"poll.iteration","cat":"iteration","ph":"X","ts":0.999,"dur":123456788.013,"pid":1,"tid":3,"args":{"span_id":"0000000000000011","parent_id":"0000000000000020","plumb.pipeline":"sub","plumb.node":"poll","plumb.stage":"while","code.file.path":"a.pipe","code.line.number":5,"code.filepath":"a.pipe","code.lineno":5,"plumb.backend":"interp","plumb.iteration":0}},
{"name":"custom \"span\"","cat":"span","ph":"X","ts":0.999,"dur":123456788.013,"pid":1,"tid":0,"args":{"span_id":"0000000000000011","parent_id":"0000000000000020","plumb.pipeline":"main","plumb.node":"load","plumb.stage":"call","plumb.callee":"load","code.file.path":"a.pipe","code.line.number":6,"code.filepath":"a.pipe","code.lineno":6,"plumb.backend":"interp","k":"v"}},
{"name":"@fetch page","cat":"node","ph":"X","ts":0.999,"dur":123456788.013,"pid":1,"tid":0,"args":{"span_id":"0000000000000011","parent_id":"0000000000000020","plumb.pipeline":"main","plumb.node":"fetch","plumb.stage":"map","code.file.path":"a.pipe","code.line.number":4,"code.filepath":"a.pipe","code.lineno":4,"plumb.backend":"interp","plumb.items.in":100}},
{"name":"@fetch page","cat":"node","ph":"X","ts":2.500,"dur":-1.500,"pid":1,"tid":0,"args":{"span_id":"0000000000000011","parent_id":"0000000000000020","plumb.pipeline":"main","plumb.node":"fetch","plumb.stage":"map","code.file.path":"a.pipe","code.line.number":4,"code.filepath":"a.pipe","code.lineno":4,"plumb.backend":"interp","plumb.items.in":100}}
]
)golden";

TEST(ChromeEncoder, WritesTheGoldenBytes) {
  Sample sample;
  EXPECT_EQ(export_all(sample.records), kGolden);
}

std::string encode_all(ChromeSpanEncoder& encoder, const std::vector<SpanRecord>& records) {
  std::string out;
  for (const SpanRecord& record : records) {
    encoder.encode(SpanView(record), out);
    out += '\n';
  }
  return out;
}

TEST(ChromeEncoder, CachedAndUncachedBytesAreTheSame) {
  Sample sample;
  auto redactor = std::make_shared<const Redactor>(Redactor::from_list("*token*,ratio"));
  ChromeSpanEncoder cached(redactor);
  ChromeSpanEncoder uncached(redactor, 0);
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(encode_all(cached, sample.records), encode_all(uncached, sample.records));
  }
}

TEST(ChromeEncoder, ANodeWithOtherFactsAtTheSameAddressMissesTheCache) {
  Sample sample;
  auto redactor = std::make_shared<const Redactor>();
  ChromeSpanEncoder cached(redactor);
  ChromeSpanEncoder uncached(redactor, 0);
  for (int round = 0; round < 3; ++round)
    encode_all(cached, sample.records);
  // The same id at the same address: the node of a program compiled where another was.
  sample.fetch.node = "fetch:2 \"x\"";
  sample.fetch.span_name.clear();
  sample.fetch.labels = {{"password", "p"}};
  sample.odd.file = "http://u:p@h/other.pipe";
  sample.odd.line = 99;
  for (int round = 0; round < 3; ++round) {
    const std::string out = encode_all(cached, sample.records);
    EXPECT_EQ(out, encode_all(uncached, sample.records));
    EXPECT_NE(out.find(R"("name":"fetch:2 \"x\".item")"), std::string::npos);
    EXPECT_NE(out.find(R"("password":"[REDACTED]")"), std::string::npos);
    EXPECT_NE(out.find(R"("code.file.path":"http://REDACTED:REDACTED@h/other.pipe")"),
              std::string::npos);
  }
}

// Many nodes meeting in the cache's slots (ids a multiple of its size apart), each with a
// few spans in turn: whatever the cache keeps, the bytes are those of no cache.
TEST(ChromeEncoder, NodesSharingASlotGetTheirOwnBytes) {
  auto redactor = std::make_shared<const Redactor>();
  ChromeSpanEncoder cached(redactor, 4);
  ChromeSpanEncoder uncached(redactor, 0);
  RunMeta run{"main", "jit", "r2"};
  std::vector<NodeMeta> nodes;
  for (std::uint32_t i = 0; i < 12; ++i)
    nodes.push_back(
        NodeMeta{{"main", "n" + std::to_string(i), "expr", "c.pipe", i, 1}, i * 4, "", {}});
  std::vector<SpanRecord> records;
  for (int round = 0; round < 3; ++round) {
    for (const NodeMeta& node : nodes) {
      for (SpanKind kind : {SpanKind::Node, SpanKind::Node, SpanKind::Item, SpanKind::Iteration}) {
        SpanRecord r;
        r.node = &node;
        r.run = &run;
        r.kind = kind;
        r.index = round;
        r.span_id = records.size() + 1;
        r.start_ns = 1000 * static_cast<std::int64_t>(records.size());
        r.end_ns = r.start_ns + 1234;
        records.push_back(r);
      }
    }
  }
  EXPECT_EQ(encode_all(cached, records), encode_all(uncached, records));
}

// Threads exporting into one writer at once: the file is one JSON array holding every span
// once, and each thread's `thread_name` event once.
TEST(ChromeEncoder, ConcurrentExportsWriteEverySpanOnce) {
  const std::string path = ::testing::TempDir() + "/chrome_concurrent_test.json";
  NodeMeta node{{"main", "n", "expr", "c.pipe", 1, 1}, 1, "", {}};
  RunMeta run{"main", "interp", "r"};
  {
    ChromeTraceExporter exporter(path, std::make_shared<const Redactor>());
    std::vector<std::thread> threads;
    for (std::uint32_t t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        std::vector<SpanRecord> records(100);
        for (int batch = 0; batch < 25; ++batch) {
          for (std::size_t i = 0; i < records.size(); ++i) {
            records[i].node = &node;
            records[i].run = &run;
            records[i].thread = t;
            records[i].span_id = (t * 25 + batch) * 100 + i + 1;
          }
          std::vector<SpanView> views(records.begin(), records.end());
          exporter.export_spans(views);
        }
      });
    }
    for (std::thread& t : threads)
      t.join();
    exporter.shutdown();
    EXPECT_EQ(exporter.output_error(), "");
  }
  const nlohmann::json events = nlohmann::json::parse(read_file(path));
  std::set<std::string> ids;
  std::map<int, int> names;
  for (const nlohmann::json& event : events) {
    if (event["ph"] == "X") ids.insert(event["args"]["span_id"].get<std::string>());
    if (event["ph"] == "M") ++names[event["tid"].get<int>()];
  }
  EXPECT_EQ(ids.size(), 10000u);
  EXPECT_EQ(events.size(), 10004u);
  EXPECT_EQ(names, (std::map<int, int>{{0, 1}, {1, 1}, {2, 1}, {3, 1}}));
}

}  // namespace
}  // namespace plumb::telemetry
