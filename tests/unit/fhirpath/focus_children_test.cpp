#include <gtest/gtest.h>

#include "fhirpath/focus_children.hpp"
#include "fhirpath_test_support.hpp"
#include "model/document.hpp"

namespace renkei::fhirpath {
namespace {

using model::Document;
using model::ValueKind;

std::shared_ptr<const CompiledExpression> compiled(std::string_view text) {
  IssueList issues;
  auto e = compile(text, issues);
  EXPECT_TRUE(e) << text;
  return e;
}

std::string names_of(std::string_view text) {
  auto e = compiled(text);
  auto names = focus_child_names(*e->root);
  if (!names) return "<focus>";
  std::string out;
  for (const auto& n : *names) out += (out.empty() ? "" : ",") + n;
  return out;
}

TEST(FocusChildren, NamesTheChildrenAnInvariantNavigatesTo) {
  EXPECT_EQ(names_of("code.empty() or system.exists()"), "code,system");                          // qty-3
  EXPECT_EQ(names_of("start.hasValue().not() or end.hasValue().not() or (start <= end)"), "start,end");  // per-1
  EXPECT_EQ(names_of("contained.contained.empty()"), "contained");                               // dom-2
  // Names inside iterating arguments look at the iterated items, not at the focus.
  EXPECT_EQ(names_of("uniqueId.where(preferred = true).select(type).isDistinct()"), "uniqueId");
  // Ordinary arguments are evaluated against the focus.
  EXPECT_EQ(names_of("a.contains(b)"), "a,b");
  EXPECT_EQ(names_of("%ucum = system"), "system");
}

TEST(FocusChildren, AnythingElseTheFocusOrContextCanSayIsUnknown) {
  EXPECT_EQ(names_of("hasValue() or (children().count() > id.count())"), "<focus>");  // ele-1
  EXPECT_EQ(names_of("$this = '*'"), "<focus>");
  EXPECT_EQ(names_of("reference.startsWith('#').not() or (reference in %rootResource.contained.id)"), "<focus>");
  EXPECT_EQ(names_of("value.ofType(Quantity).exists()"), "<focus>");
  EXPECT_EQ(names_of("code.memberOf('http://hl7.org/fhir/ValueSet/x')"), "<focus>");
  EXPECT_EQ(names_of("value is Quantity"), "<focus>");
  EXPECT_EQ(names_of("date < now()"), "<focus>");
  EXPECT_EQ(names_of("%context.code.exists()"), "<focus>");
}

class KnownResult : public ::testing::Test {
 protected:
  model::Node* quantity(std::initializer_list<std::pair<const char*, const char*>> children) {
    model::Node* q = doc_.make_object("valueQuantity");
    for (auto [name, value] : children) Document::append(q, doc_.make_primitive(name, value, ValueKind::String));
    return q;
  }
  // Evaluates as the validator does, unless the result is known; says which it was.
  std::string verdict(std::string_view text, const model::Node* focus) {
    auto e = compiled(text);
    EvalContext ctx;
    ctx.focus.push_back(Item::of_node(focus));
    const EvalResult* known = known_result(*e, *focus, ctx);
    EvalResult evaluated = evaluate(*e, ctx);
    auto b = to_boolean(evaluated);
    std::string out = !evaluated.ok() ? "error" : b ? (*b ? "true" : "false") : "empty";
    if (known) {
      auto k = to_boolean(*known);
      EXPECT_EQ(known->ok(), evaluated.ok()) << text;
      EXPECT_EQ(k, b) << text;  // a known result is always the evaluated one
      out += " (known)";
    }
    return out;
  }
  Document doc_;
};

TEST_F(KnownResult, WithoutTheChildrenReadTheResultIsKnown) {
  const char* qty3 = "code.empty() or system.exists()";
  EXPECT_EQ(verdict(qty3, quantity({{"value", "1"}, {"unit", "mg"}})), "true (known)");
  EXPECT_EQ(verdict(qty3, quantity({{"value", "1"}, {"code", "mg"}})), "false");
  EXPECT_EQ(verdict(qty3, quantity({{"code", "mg"}, {"system", "http://unitsofmeasure.org"}})), "true");
  // A false result is known too: it is reported as a failure like an evaluated one.
  EXPECT_EQ(verdict("code.exists()", quantity({{"value", "1"}})), "false (known)");
  // A child whose name starts with a name read may be a choice (value -> valueQuantity).
  model::Node* ext = doc_.make_object("extension");
  Document::append(ext, doc_.make_primitive("valueString", "x", ValueKind::String));
  EXPECT_EQ(verdict("value.exists()", ext), "true");
}

TEST_F(KnownResult, NotForTheResourceItselfNorCallerVariablesNorLowerBudgets) {
  model::Node* patient = doc_.make_object("Patient");
  patient->resource_type = "Patient";
  auto e = compiled("Patient.exists()");
  EvalContext ctx;
  ctx.focus.push_back(Item::of_node(patient));
  EXPECT_EQ(known_result(*e, *patient, ctx), nullptr);  // `Patient` names the resource itself
  EXPECT_EQ(to_boolean(evaluate(*e, ctx)), true);
  auto dom2 = compiled("contained.contained.empty()");
  ASSERT_NE(known_result(*dom2, *patient, ctx), nullptr);  // other names: known on resources too
  EXPECT_EQ(to_boolean(*known_result(*dom2, *patient, ctx)), true);

  model::Node* q = quantity({{"value", "1"}});
  auto f = compiled("code.empty() or %ucum = 'x'");
  EvalContext with_variable;
  with_variable.focus.push_back(Item::of_node(q));
  EXPECT_NE(known_result(*f, *q, with_variable), nullptr);
  with_variable.variables["ucum"] = {Item::of(std::string("x"))};  // a caller's variable may shadow it
  EXPECT_EQ(known_result(*f, *q, with_variable), nullptr);

  EvalContext tight;
  tight.focus.push_back(Item::of_node(q));
  tight.max_steps = 1;
  EXPECT_EQ(known_result(*f, *q, tight), nullptr);
  EXPECT_TRUE(evaluate(*f, tight).over_limit);
}

}  // namespace
}  // namespace renkei::fhirpath
