// Core constraints with known errors are evaluated as corrected (R4 que-12 counts > 2).
#include "validation/expression_errata.hpp"

#include <gtest/gtest.h>

#include "profile_fixture.hpp"

namespace renkei::validation::testing {
namespace {

TEST(ExpressionErrata, OnlyThePublishedTextIsReplaced) {
  EXPECT_EQ(corrected_expression("que-12", "enableWhen.count() > 2 implies enableBehavior.exists()"),
            "enableWhen.count() > 1 implies enableBehavior.exists()");
  EXPECT_EQ(corrected_expression("que-12", "enableWhen.count() > 3 implies enableBehavior.exists()"),
            "enableWhen.count() > 3 implies enableBehavior.exists()");
  EXPECT_EQ(corrected_expression("que-1", "enableWhen.count() > 2 implies enableBehavior.exists()"),
            "enableWhen.count() > 2 implies enableBehavior.exists()");
}

std::string questionnaire(std::string_view behaviour) {
  return std::string(R"({"resourceType": "Questionnaire", "status": "active", "item": [
    {"linkId": "a", "type": "boolean"}, {"linkId": "b", "type": "boolean"},
    {"linkId": "c", "type": "string", )") +
         std::string(behaviour) + R"("enableWhen": [
      {"question": "a", "operator": "=", "answerBoolean": true},
      {"question": "b", "operator": "=", "answerBoolean": true}]}]})";
}

TEST(ExpressionErrata, TwoEnableWhenNeedAnEnableBehavior) {
  RENKEI_REQUIRE_CORE();
  EXPECT_TRUE(any_error_mentions(validate_json(fx, questionnaire("")), "que-12"));
  EXPECT_EQ(errors_of(validate_json(fx, questionnaire(R"("enableBehavior": "all", )"))), "");
}

}  // namespace
}  // namespace renkei::validation::testing
