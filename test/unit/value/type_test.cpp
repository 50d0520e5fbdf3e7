// Static types: interning, printing, may_flow_to and join.
#include <plumb/type.hpp>

#include <gtest/gtest.h>

namespace plumb {
namespace {

TEST(Type, InternedTypesCompareByIdentity) {
  EXPECT_EQ(Type::list(Type::integer()), Type::list(Type::integer()));
  EXPECT_NE(Type::list(Type::integer()), Type::list(Type::number()));
  std::vector<RecordField> fields = {{"a", Type::integer()}, {"b", Type::string()}};
  EXPECT_EQ(Type::record(fields), Type::record(fields));
  EXPECT_EQ(Type::record(fields).to_string(), "{a: int, b: str}");
  EXPECT_EQ(Type::nullable(Type::list(Type::string())).to_string(), "list[str]?");
}

TEST(Type, MayFlowToRejectsOnlyCertainMismatches) {
  EXPECT_TRUE(may_flow_to(Type::integer(), Type::number()));
  EXPECT_FALSE(may_flow_to(Type::number(), Type::integer()));
  EXPECT_FALSE(may_flow_to(Type::string(), Type::integer()));
  EXPECT_TRUE(may_flow_to(Type::any(), Type::integer()));
  EXPECT_TRUE(may_flow_to(Type::nullable(Type::integer()), Type::integer()));
  EXPECT_TRUE(may_flow_to(Type::null(), Type::nullable(Type::string())));
  EXPECT_FALSE(may_flow_to(Type::null(), Type::string()));
  EXPECT_FALSE(may_flow_to(Type::list(Type::string()), Type::list(Type::integer())));
}

TEST(Type, JoinFindsTheLeastCommonType) {
  EXPECT_EQ(join(Type::integer(), Type::number()), Type::number());
  EXPECT_EQ(join(Type::null(), Type::string()), Type::nullable(Type::string()));
  EXPECT_EQ(join(Type::string(), Type::integer()), Type::any());
  EXPECT_EQ(join(Type::list(Type::integer()), Type::list(Type::number())),
            Type::list(Type::number()));
}

TEST(Type, AnElementThatWouldBeTooDeepIsAny) {
  EXPECT_EQ(Type::integer().depth(), 1u);
  EXPECT_EQ(Type::list(Type::nullable(Type::integer())).depth(), 3u);
  std::vector<RecordField> fields{{"a", Type::list(Type::integer())}};
  EXPECT_EQ(Type::record(fields).depth(), 3u);
  Type deepest = Type::integer();
  for (std::uint32_t depth = 1; depth < kMaxTypeDepth; ++depth)
    deepest = Type::list(deepest);
  EXPECT_EQ(deepest.depth(), kMaxTypeDepth);
  EXPECT_EQ(deepest.to_string().size(), (kMaxTypeDepth - 1) * 6 + 3);
  EXPECT_EQ(Type::list(deepest), Type::list(Type::any()));
  EXPECT_EQ(Type::nullable(deepest), Type::any());
  std::vector<RecordField> too_deep{{"a", deepest}, {"b", Type::integer()}};
  std::vector<RecordField> cut{{"a", Type::any()}, {"b", Type::integer()}};
  EXPECT_EQ(Type::record(too_deep), Type::record(cut));
  // Types built by a chain of 100,000 pipelines each wrapping the next one's result stay
  // within the bound.
  Type list = Type::integer();
  Type record = Type::integer();
  for (int i = 0; i < 100'000; ++i) {
    list = Type::list(list);
    std::vector<RecordField> wrapped{{"a", record}};
    record = Type::record(wrapped);
    ASSERT_LE(list.depth(), kMaxTypeDepth);
    ASSERT_LE(record.depth(), kMaxTypeDepth);
  }
  EXPECT_LE(list.to_string().size(), kMaxTypeDepth * 6);
}

}  // namespace
}  // namespace plumb
