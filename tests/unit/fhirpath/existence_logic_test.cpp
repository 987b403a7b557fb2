#include <gtest/gtest.h>

#include "fhirpath/existence_logic.hpp"
#include "fhirpath_test_support.hpp"
#include "model/document.hpp"

namespace renkei::fhirpath {
namespace {

using model::Document;
using model::ValueKind;
using testing::show;

bool has_existence_form(std::string_view text) {
  IssueList issues;
  auto e = compile(text, issues);
  return e && e->existence != nullptr;
}

TEST(ExistenceLogic, OnlyExistenceTestsOnPathsJoinedByBooleanOperators) {
  EXPECT_TRUE(has_existence_form("value.empty() or system.exists()"));                        // cpt-2
  EXPECT_TRUE(has_existence_form("text.`div`.exists()"));                                      // dom-6
  EXPECT_TRUE(has_existence_form("(numerator.empty() xor denominator.exists()) and (numerator.exists() or extension.exists())"));
  EXPECT_TRUE(has_existence_form("a.exists().not() implies b.c.empty()"));
  EXPECT_FALSE(has_existence_form("a.exists(b)"));
  EXPECT_FALSE(has_existence_form("a.where(b).exists()"));
  EXPECT_FALSE(has_existence_form("a.exists() or true"));
  EXPECT_FALSE(has_existence_form("a.exists() = b.exists()"));
  EXPECT_FALSE(has_existence_form("$this.exists()"));
  EXPECT_FALSE(has_existence_form("%resource.a.exists()"));
}

class ExistenceWalk : public ::testing::Test {
 protected:
  void SetUp() override {
    obs_ = doc_.make_object("Observation");
    obs_->resource_type = "Observation";
    model::Node* q = doc_.make_object("valueQuantity");
    Document::append(q, doc_.make_primitive("value", "1.5", ValueKind::Number));
    Document::append(obs_, q);
    for (int i = 0; i < 3; ++i) {
      model::Node* c = doc_.make_object("component");
      Document::append(c, doc_.make_primitive("id", "c", ValueKind::String));
      Document::append(obs_, c);
    }
    model::Node* status = doc_.make_primitive("status", {}, ValueKind::None);  // extension only
    Document::append(status, doc_.make_object("extension"));
    Document::append(obs_, status);
    ctx_.focus.push_back(Item::of_node(obs_, "Observation"));
  }
  // The walk's answer and the evaluator's (`and true` keeps the expression off the walk).
  void expect_same(const std::string& text, const char* expected) {
    ASSERT_TRUE(has_existence_form(text)) << text;
    EXPECT_EQ(show(text, ctx_), expected) << text;
    EXPECT_EQ(show("(" + text + ") and true", ctx_), expected) << text;
  }
  Document doc_;
  model::Node* obs_ = nullptr;
  EvalContext ctx_;
};

TEST_F(ExistenceWalk, AgreesWithTheEvaluator) {
  expect_same("value.exists()", "true");  // the choice element valueQuantity
  expect_same("value.value.exists() and component.id.exists()", "true");
  expect_same("Observation.component.exists()", "true");  // the type name selects the resource
  expect_same("status.exists()", "true");                  // a primitive with only an extension exists
  expect_same("code.exists() or component.code.exists()", "false");
  expect_same("code.empty() xor value.empty()", "true");
  expect_same("code.exists() implies code.text.exists()", "true");
  expect_same("value.exists().not()", "false");
}

TEST_F(ExistenceWalk, RunsOutOfStepsWhereTheEvaluatorDoes) {
  // `(X) and true` costs the evaluator exactly two steps more than X (the `and`, the literal).
  for (const std::string text : {"component.id.exists() or value.exists()", "code.empty() and component.exists()"}) {
    int failures = 0;
    for (uint64_t budget = 1; budget <= 30; ++budget) {
      ctx_.max_steps = budget;
      std::string walked = show(text, ctx_);
      ctx_.max_steps = budget + 2;
      std::string evaluated = show("(" + text + ") and true", ctx_);
      EXPECT_EQ(walked.starts_with("<error"), evaluated.starts_with("<error")) << text << " " << budget;
      if (!evaluated.starts_with("<error")) {
        EXPECT_EQ(walked, evaluated) << text << " " << budget;
      }
      failures += walked.starts_with("<error");
    }
    EXPECT_GT(failures, 0) << text;  // the small budgets were too small
  }
}

}  // namespace
}  // namespace renkei::fhirpath
