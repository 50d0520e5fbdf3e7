// The grammar has no rule that can loop without consuming input or recurse without progress:
// PEGTL's static analysis of the whole `file` rule finds no problem.
#include <gtest/gtest.h>

#include <tao/pegtl/contrib/analyze.hpp>

#include "compiler/parse/grammar.hpp"

namespace {

TEST(Grammar, AnalyzeFindsNoIssues) {
  EXPECT_EQ(tao::pegtl::analyze<plumb::parse::grammar::file>(1), 0u);
}

TEST(Grammar, AnalyzeExpressionRuleAlone) {
  EXPECT_EQ(tao::pegtl::analyze<plumb::parse::grammar::expression>(1), 0u);
}

}  // namespace
