// Static typing rules of the operators (binary_type, unary_type, field_type, index_type):
// precise where the operand types decide, `any` where values decide, `error` only when no
// values could work, and `error` operands poisoning the result.
#include "base/value/ops.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace plumb::ops {
namespace {

const Type kInt = Type::integer();
const Type kFloat = Type::number();
const Type kStr = Type::string();
const Type kBool = Type::boolean();
const Type kAny = Type::any();
const Type kError = Type::error();
const Type kNull = Type::null();

Type list_of(Type t) {
  return Type::list(t);
}
Type person() {
  std::vector<RecordField> fields = {{"name", kStr}, {"age", kInt}};
  return Type::record(fields);
}

TEST(OpTypes, Arithmetic) {
  EXPECT_EQ(binary_type(Binary::Add, kInt, kInt), kInt);
  EXPECT_EQ(binary_type(Binary::Add, kInt, kFloat), kFloat);
  EXPECT_EQ(binary_type(Binary::Sub, kFloat, kInt), kFloat);
  EXPECT_EQ(binary_type(Binary::Mul, kInt, kInt), kInt);
  EXPECT_EQ(binary_type(Binary::Div, kInt, kInt), kFloat);
  EXPECT_EQ(binary_type(Binary::IntDiv, kInt, kInt), kInt);
  EXPECT_EQ(binary_type(Binary::IntDiv, kFloat, kInt), kFloat);
  EXPECT_EQ(binary_type(Binary::Mod, kInt, kInt), kInt);
  EXPECT_EQ(binary_type(Binary::Mod, kInt, kFloat), kFloat);
}

TEST(OpTypes, AddJoinsStringsAndLists) {
  EXPECT_EQ(binary_type(Binary::Add, kStr, kStr), kStr);
  EXPECT_EQ(binary_type(Binary::Add, list_of(kInt), list_of(kInt)), list_of(kInt));
  EXPECT_EQ(binary_type(Binary::Add, list_of(kInt), list_of(kFloat)), list_of(kFloat));
  EXPECT_EQ(binary_type(Binary::Add, list_of(kInt), list_of(kStr)), list_of(kAny));
  EXPECT_EQ(binary_type(Binary::Add, list_of(kInt), kAny), list_of(kAny));
  EXPECT_EQ(binary_type(Binary::Add, kAny, kStr), kStr);
}

TEST(OpTypes, ProvableMismatchesAreErrors) {
  EXPECT_EQ(binary_type(Binary::Sub, kStr, kInt), kError);
  EXPECT_EQ(binary_type(Binary::Add, kBool, kInt), kError);
  EXPECT_EQ(binary_type(Binary::Add, kStr, kInt), kError);
  EXPECT_EQ(binary_type(Binary::Add, list_of(kInt), kInt), kError);
  EXPECT_EQ(binary_type(Binary::Mul, kStr, kInt), kError);
  EXPECT_EQ(binary_type(Binary::Div, kNull, kInt), kError);
  EXPECT_EQ(binary_type(Binary::Add, Type::record(), Type::record()), kError);
  EXPECT_EQ(binary_type(Binary::Lt, Type::record(), Type::record()), kError);
  EXPECT_EQ(binary_type(Binary::Lt, kInt, kStr), kError);
  EXPECT_EQ(binary_type(Binary::Ge, kNull, kNull), kError);
  EXPECT_EQ(binary_type(Binary::And, kInt, kBool), kError);
  EXPECT_EQ(binary_type(Binary::Or, kBool, kStr), kError);
  EXPECT_EQ(binary_type(Binary::Add, kAny, kBool), kError);
}

TEST(OpTypes, AnyOperandsDependOnValues) {
  EXPECT_EQ(binary_type(Binary::Add, kAny, kInt), kAny);
  EXPECT_EQ(binary_type(Binary::Add, kAny, kAny), kAny);
  EXPECT_EQ(binary_type(Binary::Add, kAny, kFloat), kFloat);
  EXPECT_EQ(binary_type(Binary::Sub, kInt, kAny), kAny);
  EXPECT_EQ(binary_type(Binary::Div, kAny, kAny), kFloat);
  EXPECT_EQ(binary_type(Binary::IntDiv, kAny, kInt), kAny);
  EXPECT_EQ(binary_type(Binary::Lt, kAny, Type::record()), kBool);
  EXPECT_EQ(binary_type(Binary::And, kAny, kBool), kBool);
}

TEST(OpTypes, ComparisonsGiveBools) {
  EXPECT_EQ(binary_type(Binary::Eq, kInt, kStr), kBool);
  EXPECT_EQ(binary_type(Binary::Ne, Type::record(), kNull), kBool);
  EXPECT_EQ(binary_type(Binary::Lt, kInt, kFloat), kBool);
  EXPECT_EQ(binary_type(Binary::Le, kStr, kStr), kBool);
  EXPECT_EQ(binary_type(Binary::Gt, kBool, kBool), kBool);
  EXPECT_EQ(binary_type(Binary::Ge, list_of(kInt), list_of(kStr)), kBool);  // [] >= [] works
  EXPECT_EQ(binary_type(Binary::And, kBool, kBool), kBool);
}

TEST(OpTypes, NullableOperandsActLikeTheirInnerType) {
  Type maybe_int = Type::nullable(kInt);
  EXPECT_EQ(binary_type(Binary::Add, maybe_int, kInt), kInt);
  EXPECT_EQ(binary_type(Binary::Lt, maybe_int, kFloat), kBool);
  EXPECT_EQ(binary_type(Binary::Add, Type::nullable(kStr), kInt), kError);
  EXPECT_EQ(unary_type(Unary::Neg, maybe_int), kInt);
  EXPECT_EQ(field_type(Type::nullable(person()), "age"), kInt);
  EXPECT_EQ(index_type(list_of(kStr), maybe_int), kStr);
}

TEST(OpTypes, ErrorOperandsPoisonSilently) {
  for (Binary op : {Binary::Add, Binary::Eq, Binary::Lt, Binary::And, Binary::Div}) {
    EXPECT_EQ(binary_type(op, kError, kInt), kError);
    EXPECT_EQ(binary_type(op, kAny, kError), kError);
  }
  EXPECT_EQ(unary_type(Unary::Neg, kError), kError);
  EXPECT_EQ(unary_type(Unary::Not, kError), kError);
  EXPECT_EQ(field_type(kError, "x"), kError);
  EXPECT_EQ(index_type(kError, kInt), kError);
  EXPECT_EQ(index_type(list_of(kInt), kError), kError);
}

TEST(OpTypes, Unary) {
  EXPECT_EQ(unary_type(Unary::Neg, kInt), kInt);
  EXPECT_EQ(unary_type(Unary::Neg, kFloat), kFloat);
  EXPECT_EQ(unary_type(Unary::Neg, kAny), kAny);
  EXPECT_EQ(unary_type(Unary::Neg, kStr), kError);
  EXPECT_EQ(unary_type(Unary::Not, kBool), kBool);
  EXPECT_EQ(unary_type(Unary::Not, kAny), kBool);
  EXPECT_EQ(unary_type(Unary::Not, kInt), kError);
}

TEST(OpTypes, Fields) {
  EXPECT_EQ(field_type(person(), "name"), kStr);
  EXPECT_EQ(field_type(person(), "age"), kInt);
  EXPECT_EQ(field_type(person(), "email"), kError);
  EXPECT_EQ(field_type(Type::record(), "email"), kAny);
  EXPECT_EQ(field_type(kAny, "email"), kAny);
  EXPECT_EQ(field_type(kInt, "x"), kError);
  EXPECT_EQ(field_type(kNull, "x"), kError);
  EXPECT_EQ(field_type(list_of(person()), "name"), kError);
}

TEST(OpTypes, Indexing) {
  EXPECT_EQ(index_type(list_of(kStr), kInt), kStr);
  EXPECT_EQ(index_type(list_of(person()), kAny), person());
  EXPECT_EQ(index_type(kStr, kInt), kStr);
  EXPECT_EQ(index_type(person(), kStr), kAny);
  EXPECT_EQ(index_type(kAny, kInt), kAny);
  EXPECT_EQ(index_type(kAny, kStr), kAny);
  EXPECT_EQ(index_type(list_of(kInt), kStr), kError);
  EXPECT_EQ(index_type(list_of(kInt), kFloat), kError);
  EXPECT_EQ(index_type(kStr, kStr), kError);
  EXPECT_EQ(index_type(person(), kInt), kError);
  EXPECT_EQ(index_type(kAny, kBool), kError);
  EXPECT_EQ(index_type(kInt, kInt), kError);
  EXPECT_EQ(index_type(kNull, kInt), kError);
}

}  // namespace
}  // namespace plumb::ops
