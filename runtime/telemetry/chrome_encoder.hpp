// Encodes spans as Trace Event objects for the Chrome trace writer (chrome_exporter.hpp):
// a complete event (`"ph":"X"`) per span and an instant event per span event. Most of a
// span's bytes are the same for every span of its node (its name and category, and the
// node's attributes: pipeline, node, stage, file, line, labels), so those are encoded once
// per node and kind and kept in a bounded cache; the times and ids are written with a
// digit writer into a stack buffer. The bytes are the same as with no cache at all.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/telemetry/redaction.hpp"
#include "runtime/telemetry/span_view.hpp"

namespace plumb::telemetry {

// Attribute keys as the writer emits them, `,"key":` (or, for a key the redactor finds
// secret, the whole member `,"key":"[REDACTED]"`), kept per key: spans repeat the same few
// keys, and finding a key's slot costs far less than escaping it and matching it against
// the patterns. A slot holds a copy of its key, so an entry never serves another key.
class EncodedKeys {
 public:
  struct Entry {
    std::string text;
    bool secret = false;
  };
  explicit EncodedKeys(std::shared_ptr<const Redactor> redactor) : redactor_(std::move(redactor)) {}
  const Entry& find(std::string_view key);
  const Redactor& redactor() const { return *redactor_; }

 private:
  static constexpr std::size_t kMaxKey = 64;  // longer keys are encoded every time
  struct Slot {
    std::string key;
    Entry entry;
    bool known = false;
  };
  void encode(std::string_view key, Entry& entry) const;

  std::shared_ptr<const Redactor> redactor_;
  std::array<Slot, 128> slots_;  // 64 sets of two (chrome_encoder.cpp's set_of())
  Entry long_key_;
};

// One encoder per thread that encodes (it is not thread-safe; its cache is its own).
class ChromeSpanEncoder {
 public:
  static constexpr std::size_t kCachedNodes = 4096;
  // `cached_nodes`: how many nodes' constant parts are kept (0: none, every span is encoded
  // in full; the tests compare the two).
  explicit ChromeSpanEncoder(std::shared_ptr<const Redactor> redactor,
                             std::size_t cached_nodes = kCachedNodes);

  // Appends the span's complete event, then `,\n` and an instant event for each of its
  // span events.
  void encode(const SpanView& span, std::string& out);

 private:
  // A node's constant bytes, and the facts they were encoded from: a slot is found by the
  // node's id, and serves a span only when its node has the same facts (another program's
  // node with the same id, or a node at a reused address, misses and replaces it).
  struct NodeEntry {
    NodeMeta facts;
    // `{"name":...,"cat":...,"ph":"X","ts":` for a node, item and iteration span (empty
    // until one is written).
    std::array<std::string, 3> heads;
    std::string args;  // the node's attributes as members of `args`, each after a comma
  };
  struct NodeSlot {
    const NodeMeta* seen = nullptr;  // the node of the last span that found the slot
    std::unique_ptr<NodeEntry> entry;
  };
  const NodeEntry* cached(const SpanView& span);
  const NodeEntry* fill_head(NodeEntry& entry, const SpanView& span);
  void encode_head(const SpanView& span, std::string& out);
  void encode_times_and_ids(const SpanRecord& record, std::string& out);
  void encode_tail(const SpanView& span, std::string& out);

  EncodedKeys keys_;
  std::vector<NodeSlot> nodes_;
};

}  // namespace plumb::telemetry
