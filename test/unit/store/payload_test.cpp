// The batch tables' payload (row_payload.hpp): what PayloadWriter writes PayloadReader reads
// back exactly, the JSON PostgreSQL's json_agg writes is read too, and a malformed payload is
// a DatabaseError that says where.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include <plumb/json.hpp>

#include "runtime/store/database.hpp"
#include "runtime/store/row_payload.hpp"

namespace plumb::store {
namespace {

TEST(Payload, WhatIsWrittenReadsBackExactly) {
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  PayloadWriter writer;
  writer.begin_row();
  writer.integer(kMin);
  writer.integer(kMax);
  writer.integer(7);
  writer.optional_integer(-1);
  writer.real(0);
  writer.real(0.1);
  writer.real(std::nan(""));
  writer.text("a \"quoted\" \\ line\nand é");
  writer.optional_text("");
  writer.end_row();
  writer.begin_row();
  writer.integer(-5);
  writer.integer(10);
  writer.integer(0);
  writer.optional_integer(3);
  writer.real(-2.5e-300);
  writer.real(1e300);
  writer.real(INFINITY);
  writer.text("");
  writer.optional_text("x");
  writer.end_row();
  EXPECT_EQ(writer.rows(), 2u);
  const std::string payload = writer.take();
  EXPECT_EQ(writer.rows(), 0u);
  EXPECT_NO_THROW(parse_json(payload)) << payload;  // valid JSON, as the views need

  PayloadReader reader(payload, 9, "test");
  ASSERT_TRUE(reader.next_row());
  EXPECT_EQ(reader.integer(), kMin);
  EXPECT_EQ(reader.integer(), kMax);
  EXPECT_EQ(reader.integer(), 7);
  EXPECT_EQ(reader.integer(-9), -9);
  EXPECT_EQ(reader.real(), 0.0);
  EXPECT_EQ(reader.real(), 0.1);
  EXPECT_EQ(reader.real(), 0.0);  // NaN was written as null
  EXPECT_EQ(reader.text(), "a \"quoted\" \\ line\nand é");
  EXPECT_EQ(reader.text(), "");
  ASSERT_TRUE(reader.next_row());
  EXPECT_EQ(reader.integer(), -5);
  EXPECT_EQ(reader.integer(), 10);
  EXPECT_EQ(reader.integer(), 0);
  EXPECT_EQ(reader.integer(), 3);
  EXPECT_EQ(reader.real(), -2.5e-300);
  EXPECT_EQ(reader.real(), 1e300);
  EXPECT_EQ(reader.real(), 0.0);
  EXPECT_EQ(reader.text(), "");
  EXPECT_EQ(reader.text(), "x");
  EXPECT_FALSE(reader.next_row());
}

TEST(Payload, AnEmptyWriterWritesAnEmptyArray) {
  PayloadWriter writer;
  EXPECT_EQ(writer.take(), "[]");
  PayloadReader reader("[]", 3, "test");
  EXPECT_FALSE(reader.next_row());
}

TEST(Payload, PostgresJsonAggSpacingIsRead) {
  PayloadReader reader("[[1, \"node\", null, 2.5], \n [-2, \"a\\u00e9\", true, 1]]", 4, "test");
  ASSERT_TRUE(reader.next_row());
  EXPECT_EQ(reader.integer(), 1);
  EXPECT_EQ(reader.text(), "node");
  EXPECT_EQ(reader.integer(), -1);
  EXPECT_EQ(reader.real(), 2.5);
  ASSERT_TRUE(reader.next_row());
  EXPECT_EQ(reader.integer(), -2);
  EXPECT_EQ(reader.text(), "aé");
  EXPECT_EQ(reader.integer(), 1);
  EXPECT_EQ(reader.real(), 1.0);
  EXPECT_FALSE(reader.next_row());
}

std::string error_of(std::string_view payload, std::size_t cells) {
  try {
    PayloadReader reader(payload, cells, "span_batches");
    while (reader.next_row()) {
      for (std::size_t i = 0; i < cells; ++i)
        reader.text();
    }
  } catch (const DatabaseError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Payload, AMalformedPayloadIsADatabaseErrorSayingWhere) {
  EXPECT_EQ(error_of("{}", 1), "a payload of span_batches is malformed at byte 0: no array");
  EXPECT_EQ(error_of("[[\"a\", \"b\"]]", 1),
            "a payload of span_batches is malformed at byte 5: expected `]` after a row's last "
            "cell");
  EXPECT_EQ(error_of("[[\"a\"]]", 2),
            "a payload of span_batches is malformed at byte 5: expected `,` after a cell");
  EXPECT_EQ(error_of("[[\"a]]", 1),
            "a payload of span_batches is malformed at byte 6: an unterminated string");
  EXPECT_EQ(error_of("[[\"a\"]] x", 1),
            "a payload of span_batches is malformed at byte 8: text after the payload");
  EXPECT_EQ(error_of("[[1]]", 1),
            "a payload of span_batches is malformed at byte 4: not a string: 1");
  PayloadReader reader("[[x]]", 1, "run_node_batches");
  ASSERT_TRUE(reader.next_row());
  EXPECT_THROW(reader.integer(), DatabaseError);
}

}  // namespace
}  // namespace plumb::store
