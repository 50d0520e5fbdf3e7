// W3C Baggage headers: optional white space removed, properties kept, malformed members and
// headers over the limits refused with the reason.
#include <gtest/gtest.h>

#include "runtime/telemetry/baggage.hpp"

namespace plumb::telemetry {
namespace {

TEST(Baggage, TidiesValidHeaders) {
  EXPECT_EQ(parse_baggage(""), "");
  EXPECT_EQ(parse_baggage("  "), "");
  EXPECT_EQ(parse_baggage("k=v"), "k=v");
  EXPECT_EQ(parse_baggage(" tenant = acme , user@id=a%2Cb ; ttl = 1;flag "),
            std::nullopt);  // `user@id` is not a token
  EXPECT_EQ(parse_baggage(" tenant = acme , user=a%2Cb ; ttl = 1;flag "),
            "tenant=acme,user=a%2Cb;ttl=1;flag");
  EXPECT_EQ(parse_baggage("empty="), "empty=");
}

TEST(Baggage, RefusesMalformedMembers) {
  std::string problem;
  EXPECT_FALSE(parse_baggage("novalue", &problem));
  EXPECT_EQ(problem,
            "member 1 (`novalue`) is not `key=value` with a token key and a percent-encoded value");
  EXPECT_FALSE(parse_baggage("a=1,,b=2", &problem));
  EXPECT_EQ(problem.rfind("member 2 ", 0), 0u) << problem;
  EXPECT_FALSE(parse_baggage("a=\"quoted\"", &problem));
  EXPECT_FALSE(parse_baggage("a=x y", &problem));
  EXPECT_FALSE(parse_baggage("a=1;=2", &problem));
}

TEST(Baggage, RefusesHeadersOverTheLimits) {
  std::string problem;
  EXPECT_FALSE(parse_baggage("k=" + std::string(kMaxBaggageBytes, 'v'), &problem));
  EXPECT_EQ(problem, "longer than 8192 bytes");
  std::string many;
  for (std::size_t i = 0; i <= kMaxBaggageMembers; ++i)
    many += (i ? ",k" : "k") + std::to_string(i) + "=v";
  EXPECT_FALSE(parse_baggage(many, &problem));
  EXPECT_EQ(problem, "more than 64 members");
}

}  // namespace
}  // namespace plumb::telemetry
