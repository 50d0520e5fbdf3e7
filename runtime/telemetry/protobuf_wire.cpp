// Varints, fixed-width little-endian values and length-delimited fields.
#include "runtime/telemetry/protobuf_wire.hpp"

#include <bit>
#include <cstring>
#include <stdexcept>

namespace plumb::telemetry::protobuf {

namespace {

constexpr int kVarint = 0;
constexpr int kFixed64 = 1;
constexpr int kLengthDelimited = 2;
constexpr int kFixed32 = 5;

static_assert(std::endian::native == std::endian::little,
              "the fixed-width encoders copy host bytes, which must be little-endian");

std::size_t varint_size(std::uint64_t value) {
  std::size_t size = 1;
  while (value >= 0x80) {
    value >>= 7;
    ++size;
  }
  return size;
}

}  // namespace

void Writer::raw_varint(std::uint64_t value) {
  while (value >= 0x80) {
    out_ += static_cast<char>((value & 0x7F) | 0x80);
    value >>= 7;
  }
  out_ += static_cast<char>(value);
}

void Writer::tag(std::uint32_t field, int wire_type) {
  raw_varint((static_cast<std::uint64_t>(field) << 3) | static_cast<std::uint64_t>(wire_type));
}

void Writer::varint(std::uint32_t field, std::uint64_t value) {
  tag(field, kVarint);
  raw_varint(value);
}

void Writer::fixed64(std::uint32_t field, std::uint64_t value) {
  tag(field, kFixed64);
  char bytes[8];
  std::memcpy(bytes, &value, 8);
  out_.append(bytes, 8);
}

void Writer::fixed32(std::uint32_t field, std::uint32_t value) {
  tag(field, kFixed32);
  char bytes[4];
  std::memcpy(bytes, &value, 4);
  out_.append(bytes, 4);
}

void Writer::float64(std::uint32_t field, double value) {
  fixed64(field, std::bit_cast<std::uint64_t>(value));
}

void Writer::bytes(std::uint32_t field, std::string_view value) {
  tag(field, kLengthDelimited);
  raw_varint(value.size());
  out_.append(value);
}

std::size_t Writer::begin(std::uint32_t field) {
  tag(field, kLengthDelimited);
  out_ += '\0';  // the length's first byte; most nested messages are shorter than 128 bytes
  return out_.size();
}

void Writer::end(std::size_t mark) {
  if (mark == 0 || mark > out_.size()) throw std::logic_error("protobuf: end() without begin()");
  const std::uint64_t length = out_.size() - mark;
  const std::size_t size = varint_size(length);
  if (size > 1) out_.insert(mark, size - 1, '\0');
  std::size_t at = mark - 1;
  std::uint64_t value = length;
  for (std::size_t i = 0; i < size; ++i) {
    out_[at++] = static_cast<char>((value & 0x7F) | (i + 1 < size ? 0x80 : 0));
    value >>= 7;
  }
}

std::optional<std::uint64_t> Reader::read_varint() {
  std::uint64_t value = 0;
  for (int shift = 0; shift < 64 && !data_.empty(); shift += 7) {
    const auto byte = static_cast<unsigned char>(data_.front());
    data_.remove_prefix(1);
    value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  return std::nullopt;
}

bool Reader::next(Field& field) {
  if (data_.empty() || malformed_) return false;
  auto key = read_varint();
  if (!key || (*key >> 3) == 0) {
    malformed_ = true;
    return false;
  }
  field.number = static_cast<std::uint32_t>(*key >> 3);
  field.wire_type = static_cast<int>(*key & 7);
  field.bytes = {};
  field.scalar = 0;
  switch (field.wire_type) {
    case kVarint: {
      auto value = read_varint();
      if (!value) break;
      field.scalar = *value;
      return true;
    }
    case kFixed64:
    case kFixed32: {
      const std::size_t size = field.wire_type == kFixed64 ? 8 : 4;
      if (data_.size() < size) break;
      std::memcpy(&field.scalar, data_.data(), size);
      data_.remove_prefix(size);
      return true;
    }
    case kLengthDelimited: {
      auto length = read_varint();
      if (!length || *length > data_.size()) break;
      field.bytes = data_.substr(0, *length);
      data_.remove_prefix(*length);
      return true;
    }
    default:
      break;
  }
  malformed_ = true;
  return false;
}

}  // namespace plumb::telemetry::protobuf
