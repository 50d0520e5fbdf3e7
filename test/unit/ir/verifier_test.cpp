// The IR verifier on broken modules: each test lowers a small well-formed program, breaks one
// invariant by hand (a cycle, a dangling or early edge, inconsistent region inputs or
// outputs, a type mismatch, a broken effect chain) and checks the verifier's message. The
// pass runner's `verify_each` is checked to name the pass that broke the module, and to hold a
// pass that reports no change to it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <sstream>
#include <string>

#include "compiler/driver/compilation.hpp"
#include "compiler/passes/pipeline.hpp"
#include "compiler/passes/verifier.hpp"
#include "stdlib/stdlib.hpp"

namespace plumb::ir {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

// A lowered program; `node("x")` finds the node bound to `x`.
class Lowered {
 public:
  explicit Lowered(const std::string& source) : compilation_(stdlib::standard_stages()) {
    if (!compilation_.check_source("test.pipe", source)) {
      ADD_FAILURE() << "the test program does not compile";
      return;
    }
    module_ = &compilation_.lower();
  }

  Module& module() { return *module_; }

  NodeId node(std::string_view name) const {
    for (std::uint32_t i = 0; i < module_->nodes.size(); ++i) {
      if (module_->string(module_->nodes[i].name) == name) return NodeId{i};
    }
    ADD_FAILURE() << "no node named " << name;
    return NodeId{0};
  }
  Node& at(std::string_view name) { return module_->node(node(name)); }
  ValueId result(std::string_view name) { return at(name).results.at(0); }

  std::vector<std::string> verify() const { return passes::verify(*module_); }

 private:
  driver::Compilation compilation_;
  Module* module_ = nullptr;
};

constexpr const char* kLinear = R"(
pipeline main(n: int = 1) -> int {
  a = n + 1
  b = a * 2
  return b
}
)";

constexpr const char* kEffects = R"(
pipeline main() -> int {
  r = io.read_text("in.txt")
  w = io.write_text("out.txt", "x")
  again = io.read_text("out.txt")
  w2 = io.write_text("out2.txt", "y")
  return w + w2
}
)";

constexpr const char* kRegions = R"(
pipeline main(xs: list[int] = [1, 2], k: int = 2) -> list[int] {
  ys = map x in xs { yield x * k }
  zs = filter y in ys { y > k }
  if k > 1 { label = "big" } else { label = "small" }
  var total = 0
  for z in zs { total = total + z }
  return [total, len(label)]
}
)";

TEST(Verifier, AcceptsLoweredAndOptimisedPrograms) {
  for (const char* source : {kLinear, kEffects, kRegions}) {
    Lowered p(source);
    EXPECT_THAT(p.verify(), IsEmpty());
    passes::RunOptions options;
    options.verify_each = true;
    EXPECT_THAT(passes::run_passes(p.module(), passes::default_pipeline(), options), IsEmpty());
  }
}

// The first finding about `node`, or "" when there is none.
std::string finding(const std::vector<std::string>& errors, std::string_view node) {
  std::string prefix = "in @main, node " + std::string(node) + ": ";
  for (const std::string& e : errors) {
    if (e.rfind(prefix, 0) == 0) return e.substr(prefix.size());
  }
  return "";
}

TEST(Verifier, RejectsACycleOutsideLoops) {
  Lowered p(kLinear);
  // a reads b, b reads a.
  p.at("a").inputs[0] = p.result("b");
  EXPECT_EQ(finding(p.verify(), "%a"), "reads %b before it is defined (or from another region)");
}

TEST(Verifier, RejectsAnOrderingEdgeToALaterNode) {
  Lowered p(kEffects);
  // r ordered after w, which is also ordered after r: a cycle through ordering edges.
  p.at("r").order_after.push_back(p.node("w"));
  EXPECT_EQ(finding(p.verify(), "%r"),
            "is ordered after %w, which is not an earlier node of the same region");
}

TEST(Verifier, RejectsAUseBeforeItsDefinition) {
  Lowered p(kLinear);
  // Move b before a in the body: b now reads a before a is defined.
  auto& nodes = p.module().region(p.at("a").region).nodes;
  std::iter_swap(std::find(nodes.begin(), nodes.end(), p.node("a")),
                 std::find(nodes.begin(), nodes.end(), p.node("b")));
  EXPECT_EQ(finding(p.verify(), "%b"), "reads %a before it is defined (or from another region)");
}

TEST(Verifier, RejectsADanglingEdge) {
  Lowered p(kLinear);
  p.at("b").inputs[0] = ValueId{};
  EXPECT_EQ(finding(p.verify(), "%b"), "reads a value that does not exist");
}

TEST(Verifier, RejectsAnExpressionReadingAMissingInput) {
  Lowered p(kLinear);
  p.at("b").inputs.clear();
  EXPECT_EQ(finding(p.verify(), "%b"), "an expression reads input 0 of 0");
}

TEST(Verifier, RejectsAValueReadFromASiblingRegion) {
  Lowered p(kRegions);
  // The return reads the value bound in the `then` arm, which is not visible after the if.
  Node& ret = p.at("return");
  ValueId inner;
  for (const Node& n : p.module().nodes) {
    if (p.module().string(n.name) == "label" && n.kind == NodeKind::Const) {
      inner = n.results[0];
      break;
    }
  }
  ASSERT_TRUE(inner.valid());
  ret.inputs.push_back(inner);
  EXPECT_THAT(finding(p.verify(), "%return"),
              HasSubstr("before it is defined (or from another region)"));
}

TEST(Verifier, RejectsARegionReadWithoutACapture) {
  Lowered p(kRegions);
  Node& map = p.at("ys");
  ASSERT_EQ(map.inputs.size(), 2u);  // the list, then the capture of k
  map.inputs.pop_back();
  EXPECT_EQ(finding(p.verify(), "%ys"), "reads %k inside a region without capturing it");
}

TEST(Verifier, RejectsAMapWithoutItsItemParameter) {
  Lowered p(kRegions);
  Region& body = p.module().region(p.at("ys").regions[0]);
  body.params.clear();
  auto errors = p.verify();
  EXPECT_EQ(finding(errors, "%ys"),
            "needs one item parameter, one region result, one node result and two arguments");
}

TEST(Verifier, RejectsABranchArmWithTheWrongNumberOfResults) {
  Lowered p(kRegions);
  NodeId branch;
  for (std::uint32_t i = 0; i < p.module().nodes.size(); ++i) {
    if (p.module().nodes[i].kind == NodeKind::Branch) branch = NodeId{i};
  }
  ASSERT_TRUE(branch.valid());
  p.module().region(p.module().node(branch).regions[1]).results.clear();
  EXPECT_EQ(finding(p.verify(), "%label"),
            "each arm needs no parameters and one result per merged value");
}

TEST(Verifier, RejectsALoopBodyThatDropsACarriedValue) {
  Lowered p(kRegions);
  NodeId loop;
  for (std::uint32_t i = 0; i < p.module().nodes.size(); ++i) {
    if (p.module().nodes[i].kind == NodeKind::For) loop = NodeId{i};
  }
  ASSERT_TRUE(loop.valid());
  p.module().region(p.module().node(loop).regions[0]).results.clear();
  EXPECT_EQ(finding(p.verify(), "%total.1"),
            "its body needs the item and the carried values as parameters");
}

TEST(Verifier, RejectsARegionOwnedByAnotherNode) {
  Lowered p(kRegions);
  p.module().region(p.at("ys").regions[0]).owner = p.node("zs");
  EXPECT_EQ(finding(p.verify(), "%ys"), "owns a region that names another owner");
}

TEST(Verifier, RejectsAnExpressionOfTheWrongType) {
  Lowered p(kLinear);
  // b's tree reads a as an int; a now claims to be a str.
  p.module().value(p.result("a")).type = Type::string();
  EXPECT_EQ(finding(p.verify(), "%b"), "an expression reads %a as int but it is str");
}

TEST(Verifier, RejectsAFilterConditionThatIsNotBool) {
  Lowered p(kRegions);
  const Region& body = p.module().region(p.at("zs").regions[0]);
  p.module().value(body.results[0]).type = Type::integer();
  EXPECT_EQ(finding(p.verify(), "%zs"),
            "the filter condition %where#4 is int, which cannot flow into bool");
}

TEST(Verifier, RejectsACarriedValueOfTheWrongType) {
  Lowered p(kRegions);
  NodeId loop;
  for (std::uint32_t i = 0; i < p.module().nodes.size(); ++i) {
    if (p.module().nodes[i].kind == NodeKind::For) loop = NodeId{i};
  }
  ASSERT_TRUE(loop.valid());
  const Region& body = p.module().region(p.module().node(loop).regions[0]);
  p.module().value(body.results[0]).type = Type::string();
  EXPECT_THAT(finding(p.verify(), "%total.1"),
              HasSubstr("the next carried value %total.3 is str, which cannot flow into int"));
}

TEST(Verifier, RejectsAReadThatCanOvertakeAWrite) {
  Lowered p(kEffects);
  p.at("again").order_after.clear();
  EXPECT_EQ(finding(p.verify(), "%again"), "can overtake the effect %w written before it");
}

TEST(Verifier, RejectsAWriteThatCanOvertakeARead) {
  Lowered p(kEffects);
  auto& after = p.at("w2").order_after;
  after.erase(std::remove(after.begin(), after.end(), p.node("again")), after.end());
  EXPECT_EQ(finding(p.verify(), "%w2"), "is an effect that can overtake the read %again");
}

TEST(Verifier, RejectsAWriteThatCanOvertakeAWrite) {
  Lowered p(kEffects);
  auto& after = p.at("w2").order_after;
  after.erase(std::remove(after.begin(), after.end(), p.node("w")), after.end());
  EXPECT_EQ(finding(p.verify(), "%w2"), "can overtake the effect %w written before it");
}

TEST(Verifier, RejectsAnErasedNodeLeftInARegion) {
  Lowered p(kLinear);
  p.at("a").erased = true;
  EXPECT_EQ(finding(p.verify(), "%a"), "an erased node is still listed in a region");
}

TEST(Verifier, RejectsARegionResultThatIsNotVisible) {
  Lowered p(kRegions);
  Region& body = p.module().region(p.at("ys").regions[0]);
  body.results[0] = p.module().region(p.at("zs").regions[0]).results[0];
  auto errors = p.verify();
  EXPECT_THAT(errors, ::testing::Contains(HasSubstr("region result %where#4 is not defined in or "
                                                    "above the region")));
}

// A pass that breaks the effect chain, to check that the runner names it.
bool drop_ordering_edges(Module& module) {
  for (Node& n : module.nodes)
    n.order_after.clear();
  return true;
}

TEST(RunPasses, VerifyEachNamesThePassThatBrokeTheModule) {
  Lowered p(kEffects);
  static const passes::Pass broken{"drop-order", "drops ordering edges", drop_ordering_edges};
  passes::RunOptions options;
  options.verify_each = true;
  auto errors = passes::run_passes(p.module(), {passes::find_pass("fold"), &broken}, options);
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0],
            "after pass `drop-order`: in @main, node %w: is an effect that can "
            "overtake the read %r");
}

TEST(RunPasses, WithoutVerifyEachReportsNothing) {
  Lowered p(kEffects);
  static const passes::Pass broken{"drop-order", "drops ordering edges", drop_ordering_edges};
  EXPECT_THAT(passes::run_passes(p.module(), {&broken}, passes::RunOptions{}), IsEmpty());
}

// The same pass, claiming it changed nothing.
bool drop_ordering_edges_quietly(Module& module) {
  drop_ordering_edges(module);
  return false;
}

TEST(RunPasses, VerifyEachRejectsAPassThatChangedTheModuleButSaysItDidNot) {
  Lowered p(kEffects);
  static const passes::Pass quiet{"drop-order", "drops ordering edges",
                                  drop_ordering_edges_quietly};
  passes::RunOptions options;
  options.verify_each = true;
  auto errors = passes::run_passes(p.module(), {&quiet}, options);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "pass `drop-order` changed the module but reported no change");
}

// A pass that changes nothing and says so.
bool leave_unchanged(Module&) {
  return false;
}

TEST(RunPasses, PrintsNoChangeForAPassThatChangedNothing) {
  Lowered p(kEffects);
  static const passes::Pass idle{"idle", "changes nothing", leave_unchanged};
  std::ostringstream out;
  passes::RunOptions options;
  options.verify_each = true;
  options.print_after_each = &out;
  EXPECT_THAT(passes::run_passes(p.module(), {&idle}, options), IsEmpty());
  EXPECT_EQ(out.str(), "# after idle: no change\n\n");
}

}  // namespace
}  // namespace plumb::ir
