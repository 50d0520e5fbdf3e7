// The protocol buffers wire format, written and read by hand for the OTLP messages: plumb
// encodes spans, log records and metrics straight from its records into bytes (no message
// objects, and no libprotobuf loaded at start-up), and reads the few fields it needs from
// responses (partial success, google.rpc.Status, RetryInfo). The field numbers live with the
// encoders; runtime/telemetry/proto/ holds the .proto definitions they follow, and the unit
// tests parse the output with the classes protoc generates from them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace plumb::telemetry::protobuf {

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  void varint(std::uint32_t field,
              std::uint64_t value);  // int32/64 (two's complement), uint, bool, enum
  void fixed64(std::uint32_t field, std::uint64_t value);
  void fixed32(std::uint32_t field, std::uint32_t value);
  void sfixed64(std::uint32_t field, std::int64_t value) {
    fixed64(field, static_cast<std::uint64_t>(value));
  }
  void float64(std::uint32_t field, double value);
  void bytes(std::uint32_t field, std::string_view value);  // string, bytes, or an encoded message
  // A nested message: begin() writes its tag and returns a mark; end(mark) writes its length
  // in front of what was written since (moving it when the length takes more than one byte).
  std::size_t begin(std::uint32_t field);
  void end(std::size_t mark);
  std::string& out() { return out_; }

 private:
  void tag(std::uint32_t field, int wire_type);
  void raw_varint(std::uint64_t value);

  std::string& out_;
};

// One field of a message being read.
struct Field {
  std::uint32_t number = 0;
  int wire_type = 0;
  std::uint64_t scalar = 0;  // varint, fixed64 and fixed32 values
  std::string_view bytes;    // length-delimited values
};

// Reads the fields of one message in order; next() is false at the end or, setting
// malformed(), at bytes that are not a well-formed message.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool next(Field& field);
  bool malformed() const { return malformed_; }

 private:
  std::optional<std::uint64_t> read_varint();

  std::string_view data_;
  bool malformed_ = false;
};

}  // namespace plumb::telemetry::protobuf
