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

}  // namespace
}  // namespace plumb
