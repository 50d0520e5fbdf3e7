// Type rules of the built-ins: precise result types, problems only for provable mismatches
// (with the argument and message), `any` never a problem, `error` arguments poisoning.
#include <gtest/gtest.h>

#include <vector>

#include "builtins_testing.hpp"

namespace plumb::builtins {
namespace {

using namespace plumb::testing;

const Type kInt = Type::integer();
const Type kFloat = Type::number();
const Type kStr = Type::string();
const Type kBool = Type::boolean();
const Type kAny = Type::any();
const Type kNull = Type::null();

Type list_of(Type t) {
  return Type::list(t);
}
Type record_of(std::vector<RecordField> fields) {
  return Type::record(fields);
}

void expect_problem(std::string_view name, std::initializer_list<Type> args, std::size_t arg,
                    std::string_view message) {
  TypeProblem problem;
  std::optional<Type> type = infer(name, args, &problem);
  EXPECT_FALSE(type.has_value()) << name << " gave " << type->to_string();
  EXPECT_EQ(problem.arg, arg) << name;
  EXPECT_EQ(problem.message, message) << name;
}

TEST(BuiltinTypes, Conversions) {
  EXPECT_EQ(infer("len", {kStr}), kInt);
  EXPECT_EQ(infer("len", {list_of(kInt)}), kInt);
  EXPECT_EQ(infer("len", {Type::record()}), kInt);
  EXPECT_EQ(infer("str", {list_of(kInt)}), kStr);
  EXPECT_EQ(infer("int", {kStr}), kInt);
  EXPECT_EQ(infer("float", {kBool}), kFloat);
  EXPECT_EQ(infer("bool", {kNull}), kBool);
  EXPECT_EQ(infer("to_json", {Type::record()}), kStr);
  EXPECT_EQ(infer("from_json", {kStr}), kAny);
  EXPECT_EQ(infer("now", {}), kFloat);
  EXPECT_EQ(infer("contains", {list_of(kInt), kStr}), kBool);
  expect_problem("len", {kInt}, 0, "`len` needs a `str`, `list` or `record`, not `int`");
  expect_problem("len", {kNull}, 0, "`len` needs a `str`, `list` or `record`, not `null`");
  expect_problem("int", {list_of(kInt)}, 0,
                 "`int` needs a number, `str` or `bool`, not `list[int]`");
  expect_problem("float", {Type::record()}, 0,
                 "`float` needs a number, `str` or `bool`, not `record`");
  expect_problem("from_json", {kInt}, 0, "`from_json` needs a `str`, not `int`");
  expect_problem("contains", {kStr, kInt}, 1,
                 "argument 2 of `contains` must be a `str`, not `int`");
  expect_problem("contains", {kInt, kInt}, 0,
                 "`contains` needs a `str`, `list` or `record`, not `int`");
}

TEST(BuiltinTypes, Math) {
  EXPECT_EQ(infer("abs", {kInt}), kInt);
  EXPECT_EQ(infer("abs", {kFloat}), kFloat);
  EXPECT_EQ(infer("abs", {kAny}), kAny);
  EXPECT_EQ(infer("round", {kFloat}), kInt);
  EXPECT_EQ(infer("round", {kFloat, kInt}), kFloat);
  EXPECT_EQ(infer("floor", {kFloat}), kInt);
  EXPECT_EQ(infer("ceil", {kInt}), kInt);
  EXPECT_EQ(infer("sqrt", {kInt}), kFloat);
  EXPECT_EQ(infer("sum", {list_of(kInt)}), kInt);
  EXPECT_EQ(infer("sum", {list_of(kFloat)}), kFloat);
  EXPECT_EQ(infer("sum", {list_of(kAny)}), kAny);
  EXPECT_EQ(infer("sum", {kAny}), kAny);
  EXPECT_EQ(infer("mean", {list_of(kInt)}), kFloat);
  EXPECT_EQ(infer("range", {kInt, kInt, kInt}), list_of(kInt));
  expect_problem("abs", {kStr}, 0, "`abs` needs a number, not `str`");
  expect_problem("round", {kFloat, kFloat}, 1,
                 "argument 2 of `round` must be an `int`, not `float`");
  expect_problem("sqrt", {kBool}, 0, "`sqrt` needs a number, not `bool`");
  expect_problem("sum", {kStr}, 0, "`sum` needs a `list`, not `str`");
  expect_problem("mean", {kInt}, 0, "`mean` needs a `list`, not `int`");
  expect_problem("range", {kInt, kFloat}, 1, "argument 2 of `range` must be an `int`, not `float`");
}

TEST(BuiltinTypes, MinAndMax) {
  EXPECT_EQ(infer("min", {list_of(kInt)}), kInt);
  EXPECT_EQ(infer("max", {list_of(kStr)}), kStr);
  EXPECT_EQ(infer("min", {kAny}), kAny);
  EXPECT_EQ(infer("min", {kInt, kInt, kInt}), kInt);
  EXPECT_EQ(infer("max", {kInt, kFloat}), kAny);  // either argument may be the result
  EXPECT_EQ(infer("max", {kAny, kStr}), kAny);
  EXPECT_EQ(infer("min", {list_of(Type::record())}), Type::record());
  expect_problem("min", {kInt}, 0, "`min` needs a `list`, not `int`");
  expect_problem("max", {kInt, kStr}, 1, "`max` cannot compare `int` with `str`");
  expect_problem("min", {kAny, kFloat, kAny, kBool}, 3, "`min` cannot compare `float` with `bool`");
  expect_problem("min", {kInt, Type::record()}, 1,
                 "argument 2 of `min` must be a number, `str`, `bool` or `list`, not `record`");
  expect_problem("max", {kNull, kNull}, 0,
                 "`max` needs a number, `str`, `bool` or `list`, not `null`");
}

TEST(BuiltinTypes, Text) {
  EXPECT_EQ(infer("starts_with", {kStr, kStr}), kBool);
  EXPECT_EQ(infer("lower", {kStr}), kStr);
  EXPECT_EQ(infer("trim", {kAny}), kStr);
  EXPECT_EQ(infer("split", {kStr}), list_of(kStr));
  EXPECT_EQ(infer("split", {kStr, kStr}), list_of(kStr));
  EXPECT_EQ(infer("join", {list_of(kInt), kStr}), kStr);
  EXPECT_EQ(infer("replace", {kStr, kStr, kStr}), kStr);
  expect_problem("lower", {kInt}, 0, "`lower` needs a `str`, not `int`");
  expect_problem("upper", {list_of(kStr)}, 0, "`upper` needs a `str`, not `list[str]`");
  expect_problem("split", {kStr, kInt}, 1, "argument 2 of `split` must be a `str`, not `int`");
  expect_problem("join", {kStr}, 0, "`join` needs a `list`, not `str`");
  expect_problem("join", {list_of(kStr), kInt}, 1,
                 "argument 2 of `join` must be a `str`, not `int`");
  expect_problem("replace", {kStr, kStr, kNull}, 2,
                 "argument 3 of `replace` must be a `str`, not `null`");
}

TEST(BuiltinTypes, ListsAndRecords) {
  Type person = record_of({{"name", kStr}, {"age", kInt}});
  EXPECT_EQ(infer("keys", {person}), list_of(kStr));
  EXPECT_EQ(infer("values", {person}), list_of(kAny));
  EXPECT_EQ(infer("values", {record_of({{"a", kInt}, {"b", kInt}})}), list_of(kInt));
  EXPECT_EQ(infer("values", {Type::record()}), list_of(kAny));
  EXPECT_EQ(infer("get", {person, kStr}), kAny);
  EXPECT_EQ(infer("get", {list_of(kStr), kInt}), Type::nullable(kStr));
  EXPECT_EQ(infer("get", {list_of(kStr), kInt, kStr}), kStr);
  EXPECT_EQ(infer("sort", {list_of(kInt)}), list_of(kInt));
  EXPECT_EQ(infer("sort", {kAny}), list_of(kAny));
  EXPECT_EQ(infer("reverse", {kStr}), kStr);
  EXPECT_EQ(infer("reverse", {list_of(person)}), list_of(person));
  EXPECT_EQ(infer("slice", {list_of(kInt), kInt, kNull}), list_of(kInt));
  EXPECT_EQ(infer("slice", {kStr, kInt}), kStr);
  EXPECT_EQ(infer("flatten", {list_of(list_of(kStr))}), list_of(kStr));
  EXPECT_EQ(infer("flatten", {list_of(kInt)}), list_of(kInt));
  EXPECT_EQ(infer("flatten", {kAny}), list_of(kAny));
  EXPECT_EQ(infer("enumerate", {list_of(kStr)}),
            list_of(record_of({{"index", kInt}, {"value", kStr}})));
  EXPECT_EQ(infer("zip", {list_of(kInt), list_of(kInt)}), list_of(list_of(kInt)));
  EXPECT_EQ(infer("zip", {list_of(kInt), list_of(kStr), kAny}), list_of(list_of(kAny)));
  expect_problem("keys", {list_of(kStr)}, 0, "`keys` needs a `record`, not `list[str]`");
  expect_problem("get", {kStr, kInt}, 0, "`get` needs a `record` or `list`, not `str`");
  expect_problem("get", {person, kInt}, 1, "argument 2 of `get` must be a `str`, not `int`");
  expect_problem("get", {list_of(kInt), kStr}, 1,
                 "argument 2 of `get` must be an `int`, not `str`");
  expect_problem("sort", {kStr}, 0, "`sort` needs a `list`, not `str`");
  expect_problem("reverse", {kInt}, 0, "`reverse` needs a `list` or `str`, not `int`");
  expect_problem("slice", {list_of(kInt), kStr}, 1,
                 "argument 2 of `slice` must be an `int` or `null`, not `str`");
  expect_problem("enumerate", {person}, 0,
                 "`enumerate` needs a `list`, not `{name: str, age: int}`");
  expect_problem("zip", {list_of(kInt), kInt}, 1,
                 "argument 2 of `zip` must be a `list`, not `int`");
}

TEST(BuiltinTypes, AnyIsNeverAProblemAndNullableIsItsInnerType) {
  for (const Builtin& b : all()) {
    std::vector<Type> args(b.min_args == 0 ? 0 : std::max<std::size_t>(b.min_args, 1), kAny);
    TypeProblem problem;
    EXPECT_TRUE(b.infer(args, problem).has_value()) << b.name << ": " << problem.message;
  }
  EXPECT_EQ(infer("len", {Type::nullable(kStr)}), kInt);
  EXPECT_EQ(infer("sort", {Type::nullable(list_of(kInt))}), list_of(kInt));
  expect_problem("lower", {Type::nullable(kInt)}, 0, "`lower` needs a `str`, not `int?`");
}

TEST(BuiltinTypes, ErrorArgumentsPoisonSilently) {
  for (const Builtin& b : all()) {
    if (b.max_args == 0) continue;
    std::vector<Type> args(std::max<std::size_t>(b.min_args, 1), Type::error());
    TypeProblem problem;
    EXPECT_EQ(b.infer(args, problem), Type::error()) << b.name;
    EXPECT_TRUE(problem.message.empty()) << b.name;
  }
}

}  // namespace
}  // namespace plumb::builtins
