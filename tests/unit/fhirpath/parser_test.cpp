#include <gtest/gtest.h>

#include "fhirpath/fhirpath.hpp"
#include "fhirpath/parser.hpp"
#include "fhirpath_test_support.hpp"

namespace renkei::fhirpath {
namespace {

using testing::show;

TEST(FhirPathParser, MultiplicationBindsTighterThanAddition) {
  EXPECT_EQ(show("2 + 3 * 4"), "14");
  EXPECT_EQ(show("(2 + 3) * 4"), "20");
  EXPECT_EQ(show("10 - 4 - 3"), "3");  // left-associative
}

TEST(FhirPathParser, UnaryMinusAppliesAfterInvocation) {
  EXPECT_EQ(show("-5.abs()"), "-5");
  EXPECT_EQ(show("(-5).abs()"), "5");
}

TEST(FhirPathParser, ComparisonBindsTighterThanEqualityAndBooleans) {
  EXPECT_EQ(show("1 < 2 = true"), "true");
  EXPECT_EQ(show("1 = 1 and 2 = 2"), "true");
  EXPECT_EQ(show("false and true or true"), "true");  // and before or
  EXPECT_EQ(show("true or false implies false"), "false");  // implies is loosest
}

TEST(FhirPathParser, UnionBindsTighterThanComparisonAndIsTighterThanUnion) {
  EXPECT_EQ(show("(1 | 2 | 2).count()"), "2");
  EXPECT_EQ(show("1 is Integer"), "true");
  EXPECT_EQ(show("2 | 3 contains 3"), "true");
}

TEST(FhirPathParser, LiteralsOfEveryKind) {
  EXPECT_EQ(show("'a\\'b'"), "a'b");
  EXPECT_EQ(show("1.50"), "1.50");
  EXPECT_EQ(show("@2014-01-25T14:30:14.559+01:00"), "2014-01-25T14:30:14.559+01:00");
  EXPECT_EQ(show("@T14:30"), "14:30");
  EXPECT_EQ(show("4 'mg'"), "4 'mg'");
  EXPECT_EQ(show("2 weeks"), "2 week");
  EXPECT_EQ(show("{}.empty()"), "true");
}

TEST(FhirPathParser, SyntaxErrorsReportOneBasedColumn) {
  IssueList issues;
  EXPECT_EQ(compile("name.given.(", issues), nullptr);
  ASSERT_EQ(issues.items().size(), 1u);
  EXPECT_EQ(issues.items()[0].column, 12u);
  EXPECT_NE(issues.items()[0].message.find("column 12"), std::string::npos);
}

TEST(FhirPathParser, UnknownFunctionAndWrongArityAreCompileErrors) {
  IssueList issues;
  EXPECT_EQ(compile("name.frobnicate()", issues), nullptr);
  EXPECT_EQ(compile("name.where()", issues), nullptr);
  EXPECT_EQ(compile("2 + 2 /* unterminated", issues), nullptr);
  EXPECT_EQ(issues.items().size(), 3u);
}

TEST(FhirPathParser, FunctionNamesResolveAtParseTime) {
  auto ast = parse_expression("name.where(use = 'official').exists()");
  ASSERT_EQ(ast->kind, AstKind::Function);
  EXPECT_EQ(ast->function, FunctionId::Exists);
  EXPECT_EQ(ast->children[0]->function, FunctionId::Where);
}

TEST(FhirPathParser, DeepNestingIsRejectedNotCrashed) {
  std::string deep(5000, '(');
  deep += "1" + std::string(5000, ')');
  IssueList issues;
  EXPECT_EQ(compile(deep, issues), nullptr);
  EXPECT_NE(issues.items()[0].message.find("nested too deeply"), std::string::npos);
}

}  // namespace
}  // namespace renkei::fhirpath
