// The Boolean form (boolean_form.hpp) against the general evaluator: on every element of
// realistic resources, for invariants of the R4 core and edge cases (empty, one, several items,
// values of other types, step budgets), the form either answers exactly what the evaluator
// gives or leaves the answer to it.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "definitions/definition_store.hpp"
#include "definitions/type_model.hpp"
#include "fhirpath/boolean_form.hpp"
#include "fhirpath/eval_error.hpp"
#include "fhirpath/evaluator.hpp"
#include "fhirpath_test_support.hpp"
#include "io/fhir_reader.hpp"

namespace renkei::fhirpath {
namespace {

bool has_form(std::string_view text) {
  IssueList issues;
  auto e = compile(text, issues);
  return e && e->boolean_form != nullptr;
}

TEST(BooleanForm, CompilesLogicOverPathTests) {
  EXPECT_TRUE(has_form("value.empty() or system.exists()"));  // cpt-2
  EXPECT_TRUE(has_form("text.`div`.exists()"));                // dom-6
  EXPECT_TRUE(has_form("(numerator.empty() xor denominator.exists()) and (numerator.exists() or extension.exists())"));
  EXPECT_TRUE(has_form("a.exists().not() implies b.c.empty()"));
  EXPECT_TRUE(has_form("fullUrl.contains('/_history/').not()"));  // bdl-8
  EXPECT_TRUE(has_form("total.empty() or (type = 'searchset') or (type = 'history')"));  // bdl-1
  EXPECT_TRUE(has_form("entry.all(request.exists() = (%resource.type = 'batch' or %resource.type = 'transaction'))"));
  EXPECT_TRUE(has_form("htmlChecks()"));  // txt-1
  EXPECT_TRUE(has_form("start.hasValue().not() or end.hasValue().not() or (start <= end)"));  // per-1
  // An opaque right operand of or: the left one decides most of the time (ref-1).
  EXPECT_TRUE(has_form("reference.startsWith('#').not() or (reference.substring(1) in %rootResource.contained.id)"));
  EXPECT_TRUE(has_form("a.exists() = b.exists()"));
  EXPECT_TRUE(has_form("%resource.a.exists()"));

  EXPECT_FALSE(has_form("a.exists(b)"));
  EXPECT_FALSE(has_form("a.where(b).exists()"));
  EXPECT_FALSE(has_form("$this.exists()"));
  EXPECT_FALSE(has_form("a.startsWith(b)"));     // not a literal
  EXPECT_FALSE(has_form("a.startsWith(1)"));     // not a String literal
  EXPECT_FALSE(has_form("a = 1"));               // not a String literal
  EXPECT_FALSE(has_form("true or a.exists()"));  // the left operand is opaque: it always decides first
  EXPECT_FALSE(has_form("a.exists() xor b.count() > 0"));
  EXPECT_FALSE(has_form("a.exists() = b"));
  EXPECT_FALSE(has_form("%context.a.exists()"));
}

// Expressions from the R4 core constraints, and edge cases of each shape.
const std::vector<std::string> kExpressions = {
    "fullUrl.contains('/_history/').not()",
    "reference.startsWith('#').not() or (reference.substring(1) in %rootResource.contained.id)",
    "type = 'document' implies (identifier.system.exists() and identifier.value.exists())",
    "total.empty() or (type = 'searchset') or (type = 'history')",
    "entry.search.empty() or (type = 'searchset')",
    "entry.all(request.exists() = (%resource.type = 'batch' or %resource.type = 'transaction' or "
    "%resource.type = 'history'))",
    "entry.all(response.exists() != (%resource.type = 'batch-response'))",
    "entry.all(fullUrl.startsWith('urn:'))",
    "entry.all(resource.id.exists() implies fullUrl.endsWith(resource.id))",
    "start.hasValue().not() or end.hasValue().not() or (start <= end)",
    "htmlChecks()",
    "text.div.htmlChecks()",
    "contained.text.empty()",
    "name.given.startsWith('J')",  // several items: an error
    "name.family.endsWith('son')",
    "name.family.contains('')",
    "status = 'final'",
    "status != 'final'",
    "status.startsWith('fin')",  // a primitive with only an extension: an error
    "code.coding.code = '1234-5'",  // several items: false
    "code.coding.code != '1234-5'",
    "code.coding.system.contains('loinc')",
    "value = '12'",                 // a Quantity: not a plain String
    "effective.startsWith('20')",   // a dateTime: an error
    "effective = '2020-01-01'",     // a dateTime against a String: false
    "birthDate.hasValue()",
    "gender.hasValue() and deceased.hasValue().not()",
    "status.hasValue()",
    "name.hasValue()",
    "%resource.id.exists() and %resource.id.startsWith('p')",
    "%rootResource.id = 'pat-1'",
    "Observation.status = 'final'",
    "Patient.name.family = 'Smith'",
    "code.exists() xor value.exists()",
    "(status.exists() = value.exists()).not()",
    "id.exists() implies id.contains('-')",
    "value.empty() or code.text.exists() or (component.count() > 1)",
    "status = 'final' and (value.exists() or component.exists())",
    "type = 'batch' or type = 'transaction' or entry.all(request.empty())",
    "reference.exists() or identifier.exists() or display.exists()",
    "system.startsWith('urn:') implies value.exists()",
};

const std::vector<const char*> kResources = {
    R"({"resourceType": "Bundle", "id": "b-1", "type": "document", "timestamp": "2024-01-01T00:00:00Z",
        "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:1"},
        "entry": [{"fullUrl": "urn:uuid:a", "resource": {"resourceType": "Patient", "id": "pat-1",
                     "name": [{"family": "Smith", "given": ["John", "Jack"]}]}},
                  {"fullUrl": "http://x.org/fhir/Observation/o/_history/2",
                   "resource": {"resourceType": "Observation", "id": "o", "status": "final",
                     "code": {"coding": [{"system": "http://loinc.org", "code": "1234-5"}]},
                     "subject": {"reference": "urn:uuid:a", "display": "John"}}}]})",
    R"({"resourceType": "Bundle", "type": "batch",
        "entry": [{"fullUrl": "urn:uuid:b", "request": {"method": "POST", "url": "Patient"},
                   "resource": {"resourceType": "Patient", "gender": "male"}},
                  {"request": {"method": "GET", "url": "Patient?name=x"}},
                  {"fullUrl": "urn:uuid:c"}]})",
    R"({"resourceType": "Bundle", "type": "searchset", "total": 1,
        "entry": [{"fullUrl": "urn:uuid:d", "search": {"mode": "match"}}]})",
    R"({"resourceType": "Observation", "id": "obs-1", "status": "final",
        "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>ok</p></div>"},
        "contained": [{"resourceType": "Practitioner", "id": "pr", "name": [{"family": "Jackson"}]}],
        "code": {"coding": [{"system": "http://loinc.org", "code": "1234-5"}, {"system": "http://loinc.org", "code": "1234-5"}],
                 "text": "x"},
        "performer": [{"reference": "#pr"}, {"reference": "#missing"}, {"display": "someone"}],
        "effectiveDateTime": "2020-01-01", "valueQuantity": {"value": 12, "unit": "mg"},
        "component": [{"code": {"text": "a"}, "valueString": "12"}, {"code": {"text": "b"}}]})",
    R"({"resourceType": "Patient", "id": "pat-1", "active": true, "birthDate": "1970-01-01",
        "_gender": {"extension": [{"url": "http://example.org/x", "valueString": "y"}]},
        "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><script>x</script></div>"},
        "identifier": [{"system": "urn:oid:1.2.3", "value": "1"}, {"system": "http://example.org"}],
        "name": [{"family": "Smith", "given": ["Jane"]}, {"family": "Johnson", "given": ["J"]}],
        "link": [{"other": {"reference": "Patient/other"}, "type": "seealso"}]})",
    R"({"resourceType": "Encounter", "status": "finished", "_status": {"id": "s"},
        "period": {"start": "2020-01-02", "end": "2020-01-01"}, "class": {"code": "AMB"}})",
};

class BooleanFormWalk : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    store_ = std::make_unique<definitions::DefinitionStore>();
    IssueList issues;
    if (store_->load_r4_core(issues)) types_ = definitions::TypeModel::build(*store_, issues);
  }
  static void TearDownTestSuite() {
    types_.reset();
    store_.reset();
  }
  void SetUp() override {
    if (!types_) GTEST_SKIP() << "the R4 core package is not available";
    for (const char* json : kResources) {
      io::ReadOptions options;
      options.types = types_.get();
      IssueList issues;
      auto doc = io::read_json(json, options, issues);
      ASSERT_TRUE(doc) << (issues.empty() ? "" : issues.items().front().message);
      docs_.push_back(std::move(*doc));
    }
  }

  // The context the validator gives an invariant on `n`.
  EvalContext context_on(const model::Node* n) const {
    EvalContext ctx;
    ctx.types = types_.get();
    ctx.hl7_validator_compat = true;
    ctx.focus.push_back(Item::of_node(n,
                                      n->is_resource() ? n->resource_type
                                      : n->type        ? std::string_view(n->type->name)
                                                       : std::string_view{},
                                      n->type));
    const model::Node* r = n;
    while (r && !r->is_resource()) r = r->parent;
    ctx.resource = r;
    ctx.root_resource = r;
    if (r && r->name == "contained" && r->parent) {
      const model::Node* outer = r->parent;
      while (outer && !outer->is_resource()) outer = outer->parent;
      ctx.root_resource = outer;
    }
    return ctx;
  }

  static std::vector<const model::Node*> all_nodes(const model::Node* root) {
    std::vector<const model::Node*> out{root};
    for (size_t i = 0; i < out.size(); ++i)
      for (const model::Node* c = out[i]->first_child; c; c = c->next) out.push_back(c);
    return out;
  }

  static std::unique_ptr<definitions::DefinitionStore> store_;
  static std::shared_ptr<const definitions::TypeModel> types_;
  std::vector<model::Document> docs_;
};
std::unique_ptr<definitions::DefinitionStore> BooleanFormWalk::store_;
std::shared_ptr<const definitions::TypeModel> BooleanFormWalk::types_;

// The general evaluator's answer, as the form would give it; Unknown for an error.
Truth evaluator_truth(const CompiledExpression& e, const EvalContext& ctx) {
  try {
    Collection items = Evaluator(ctx).run(*e.root);
    if (items.empty()) return Truth::Empty;
    if (items.size() != 1) return Truth::Unknown;
    auto v = to_system(items[0]);
    if (!v || v->index() != 1) return Truth::Unknown;
    return std::get<bool>(*v) ? Truth::True : Truth::False;
  } catch (const EvalError&) {
    return Truth::Unknown;
  }
}

TEST_F(BooleanFormWalk, AnswersAsTheEvaluatorOnEveryElement) {
  size_t decided = 0, left = 0;
  for (const std::string& text : kExpressions) {
    IssueList issues;
    auto e = compile(text, issues);
    ASSERT_TRUE(e && e->boolean_form) << text;
    bool decided_here = false;
    for (const model::Document& doc : docs_)
      for (const model::Node* n : all_nodes(doc.root())) {
        EvalContext ctx = context_on(n);
        BooleanFormInput input{&ctx.focus[0], ctx.resource, ctx.root_resource, ctx.types, ctx.max_steps};
        Truth form = evaluate_boolean_form(*e->boolean_form, input);
        Truth evaluated = evaluator_truth(*e, ctx);
        if (form == Truth::Unknown) {
          ++left;
          continue;
        }
        ++decided;
        decided_here = true;
        EXPECT_EQ(static_cast<int>(form), static_cast<int>(evaluated))
            << text << " on " << model::Document::path_of(n);
        // And evaluate() gives the same result through the form.
        EXPECT_EQ(testing::show(text, ctx), evaluated == Truth::Empty  ? ""
                                            : evaluated == Truth::True ? "true"
                                                                       : "false")
            << text << " on " << model::Document::path_of(n);
      }
    EXPECT_TRUE(decided_here) << text << ": never answered by the form";
  }
  EXPECT_GT(decided, 10 * left);  // the form answers, and leaves little to the evaluator
}

TEST_F(BooleanFormWalk, LeavesErrorsAndOtherTypesToTheEvaluator) {
  const model::Node* patient = docs_[4].root();
  EvalContext ctx = context_on(patient);
  using testing::show;
  EXPECT_TRUE(show("name.given.startsWith('J')", ctx).starts_with("<error"));  // several items
  EXPECT_EQ(show("name.family.endsWith('son')", ctx).substr(0, 6), "<error");
  EXPECT_TRUE(show("gender.startsWith('m')", ctx).starts_with("<error"));  // no value: not a String
  EXPECT_EQ(show("gender.exists() and gender.hasValue().not()", ctx), "true");
  EXPECT_EQ(show("identifier.system = 'urn:oid:1.2.3'", ctx), "false");  // two items
  EXPECT_EQ(show("birthDate = '1970-01-01'", ctx), "false");             // a date is no String
  EXPECT_EQ(show("text.div.htmlChecks()", ctx), "false");
  EXPECT_EQ(show("Patient.link.type = 'seealso'", ctx), "true");
  EXPECT_EQ(show("deceased.startsWith('x') or active.exists()", ctx), "true");  // empty or true
  EXPECT_EQ(show("deceased.startsWith('x') and active.exists()", ctx), "");      // empty and true
}

TEST_F(BooleanFormWalk, RunsOutOfStepsWhereTheEvaluatorDoes) {
  for (const std::string text : {"entry.all(request.exists() = (%resource.type = 'batch'))",
                                 "fullUrl.contains('/_history/').not() or entry.fullUrl.exists()",
                                 "type = 'document' implies identifier.value.exists()"}) {
    IssueList issues;
    auto e = compile(text, issues);
    ASSERT_TRUE(e && e->boolean_form) << text;
    int failures = 0;
    for (uint64_t budget = 1; budget <= 60; ++budget) {
      EvalContext ctx = context_on(docs_[1].root());
      ctx.max_steps = budget;
      std::string through_form = testing::show(text, ctx);
      Truth evaluated = evaluator_truth(*e, ctx);
      bool evaluator_failed = evaluated == Truth::Unknown;
      EXPECT_EQ(through_form.starts_with("<error"), evaluator_failed) << text << " " << budget;
      failures += evaluator_failed;
    }
    EXPECT_GT(failures, 0) << text;  // the small budgets were too small
  }
}

TEST(BooleanForm, MarksFocusIndependentParts) {
  // bdl-3: %resource.type is read once per walk, not once per entry (each read scans the
  // Bundle's children, which would make the walk quadratic in the entries).
  IssueList issues;
  auto e = compile("entry.all(request.exists() = (%resource.type = 'batch' or %resource.type = 'transaction'))",
                   issues);
  ASSERT_TRUE(e && e->boolean_form);
  const BooleanForm& all = *e->boolean_form;
  ASSERT_EQ(all.kind, BooleanForm::Kind::All);
  const BooleanForm& same = all.operands[0];
  ASSERT_EQ(same.kind, BooleanForm::Kind::Same);
  EXPECT_FALSE(all.focus_independent);
  EXPECT_FALSE(same.focus_independent);
  EXPECT_FALSE(same.operands[0].focus_independent);  // request.exists()
  EXPECT_TRUE(same.operands[1].focus_independent);   // the or of %resource tests
  EXPECT_TRUE(same.operands[1].operands[0].focus_independent);
}

}  // namespace
}  // namespace renkei::fhirpath
