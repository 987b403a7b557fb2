#include <gtest/gtest.h>

#include <thread>

#include "fhirpath/expression_cache.hpp"
#include "fhirpath/html_checks.hpp"
#include "fhirpath_test_support.hpp"
#include "model/document.hpp"

namespace renkei::fhirpath {
namespace {

using model::Document;
using model::ValueKind;
using testing::run;
using testing::show;

// A Bundle with a Patient (two names, a contained Organization) and an Observation whose
// subject references the Patient and whose value is a Quantity.
struct Fixture {
  Document doc;
  model::Node* patient = nullptr;
  model::Node* observation = nullptr;

  Fixture() {
    model::Node* bundle = doc.make_object("Bundle");
    bundle->resource_type = "Bundle";
    doc.set_root(bundle);
    Document::append(bundle, doc.make_primitive("type", "document", ValueKind::String));

    model::Node* e1 = doc.make_object("entry");
    Document::append(bundle, e1);
    Document::append(e1, doc.make_primitive("fullUrl", "urn:uuid:p1", ValueKind::String));
    patient = doc.make_object("resource");
    patient->resource_type = "Patient";
    Document::append(e1, patient);
    Document::append(patient, doc.make_primitive("id", "p1", ValueKind::String));
    model::Node* org = doc.make_object("contained");
    org->resource_type = "Organization";
    Document::append(patient, org);
    Document::append(org, doc.make_primitive("id", "org1", ValueKind::String));
    Document::append(org, doc.make_primitive("name", "訪問看護ステーション", ValueKind::String));
    for (auto [use, family] : {std::pair{"official", "山田"}, std::pair{"usual", "ヤマダ"}}) {
      model::Node* name = doc.make_object("name");
      Document::append(patient, name);
      Document::append(name, doc.make_primitive("use", use, ValueKind::String));
      Document::append(name, doc.make_primitive("family", family, ValueKind::String));
    }
    Document::append(patient, doc.make_primitive("birthDate", "1940-05-03", ValueKind::String));
    model::Node* provider = doc.make_object("managingOrganization");
    Document::append(patient, provider);
    Document::append(provider, doc.make_primitive("reference", "#org1", ValueKind::String));

    model::Node* e2 = doc.make_object("entry");
    Document::append(bundle, e2);
    Document::append(e2, doc.make_primitive("fullUrl", "urn:uuid:o1", ValueKind::String));
    observation = doc.make_object("resource");
    observation->resource_type = "Observation";
    Document::append(e2, observation);
    model::Node* subject = doc.make_object("subject");
    Document::append(observation, subject);
    Document::append(subject, doc.make_primitive("reference", "urn:uuid:p1", ValueKind::String));
    model::Node* value = doc.make_object("valueQuantity");
    Document::append(observation, value);
    Document::append(value, doc.make_primitive("value", "72.5", ValueKind::Number));
    Document::append(value, doc.make_primitive("unit", "kg", ValueKind::String));
    Document::append(value, doc.make_primitive("system", "http://unitsofmeasure.org", ValueKind::String));
    Document::append(value, doc.make_primitive("code", "kg", ValueKind::String));
  }

  EvalContext on(const model::Node* resource) const {
    EvalContext c;
    c.resource = resource;
    c.root_resource = doc.root();
    return c;
  }
};

TEST(FhirPathTree, NavigatesRepeatsAndFilters) {
  Fixture f;
  EXPECT_EQ(show("Patient.name.family", f.on(f.patient)), "山田, ヤマダ");
  EXPECT_EQ(show("name.where(use = 'usual').family", f.on(f.patient)), "ヤマダ");
  EXPECT_EQ(show("name[1].use", f.on(f.patient)), "usual");
  EXPECT_EQ(show("name.select(family & '様')", f.on(f.patient)), "山田様, ヤマダ様");
  EXPECT_EQ(show("birthDate < @2000-01-01", f.on(f.patient)), "true");
  EXPECT_EQ(show("Observation.name", f.on(f.patient)), "");
}

TEST(FhirPathTree, ChoiceElementsWithoutATypeModel) {
  Fixture f;
  EXPECT_EQ(show("Observation.value.value", f.on(f.observation)), "72.5");
  EXPECT_EQ(show("Observation.value.is(Quantity)", f.on(f.observation)), "true");
  EXPECT_EQ(show("Observation.value.ofType(Period).exists()", f.on(f.observation)), "false");
  EXPECT_EQ(show("Observation.value > 70000 'g'", f.on(f.observation)), "true");
}

TEST(FhirPathTree, ResolveInsideBundleAndContained) {
  Fixture f;
  EXPECT_EQ(show("Observation.subject.resolve().name.first().family", f.on(f.observation)), "山田");
  EXPECT_EQ(show("managingOrganization.resolve().name", f.on(f.patient)), "訪問看護ステーション");
  EXPECT_EQ(show("%rootResource.entry.count()", f.on(f.patient)), "2");
  EXPECT_EQ(show("descendants().where($this is Quantity).count()", f.on(f.observation)), "1");
}

TEST(FhirPathTree, VariablesAndCallbacks) {
  Fixture f;
  EvalContext c = f.on(f.patient);
  c.variables["limit"] = {Item::of(int64_t{1})};
  EXPECT_EQ(show("name.count() > %limit", c), "true");
  EXPECT_EQ(show("%undefined").rfind("<error", 0), 0u);
  EXPECT_EQ(show("%`vs-administrative-gender`"), "http://hl7.org/fhir/ValueSet/administrative-gender");

  std::string asked;
  c.member_of = [&](const Code& code, std::string_view url) -> std::optional<bool> {
    asked = std::string(url);
    if (url.ends_with("unknown")) return std::nullopt;
    return code.code == "official";
  };
  EXPECT_EQ(show("name[0].use.memberOf('http://hl7.org/fhir/ValueSet/name-use')", c), "true");
  EXPECT_EQ(asked, "http://hl7.org/fhir/ValueSet/name-use");
  EXPECT_EQ(show("name[1].use.memberOf('http://x/vs')", c), "false");
  EXPECT_EQ(show("name[1].use.memberOf('http://x/unknown')", c), "");
}

TEST(FhirPathLimits, EndlessRepeatStopsAtTheStepBudget) {
  EvalContext c;
  c.max_steps = 10'000;
  EvalResult r = run("1.repeat($this + 1)", c);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error.find("step budget"), std::string::npos);
}

TEST(FhirPathLimits, RepeatTerminatesWhenNothingNewAppears) {
  Fixture f;
  EXPECT_EQ(show("repeat(name).count()", f.on(f.patient)), "2");
  EXPECT_EQ(show("(1 | 2).repeat(iif($this < 5, $this + 1, {}))"), "2, 3, 4, 5");
}

TEST(FhirPathLimits, ErrorsAreDistinctFromFalse) {
  Fixture f;
  EvalResult r = run("name.family.substring(1)", f.on(f.patient));
  EXPECT_FALSE(r.ok());  // two items where one was expected
  EXPECT_FALSE(to_boolean(r).has_value());
  EXPECT_EQ(to_boolean(run("1 > 2")), false);
}

TEST(FhirPathCache, ParsesEachExpressionOnceAcrossThreads) {
  ExpressionCache cache;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        IssueList issues;
        auto e = cache.get("name.exists() and " + std::to_string(i % 10) + " > 0", issues);
        if (!e) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(cache.size(), 10u);
  IssueList issues;
  EXPECT_EQ(cache.get("1 +", issues), nullptr);
  EXPECT_FALSE(issues.empty());
  IssueList again;
  EXPECT_EQ(cache.get("1 +", again), nullptr);  // the failure is cached and reported again
  EXPECT_FALSE(again.empty());
}

TEST(FhirPathNarrative, HtmlChecksFollowTheNarrativeRules) {
  EXPECT_TRUE(narrative_is_safe("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>看護計画</p></div>"));
  EXPECT_FALSE(narrative_is_safe("<div xmlns=\"http://www.w3.org/1999/xhtml\"><script>x()</script></div>"));
  EXPECT_FALSE(narrative_is_safe("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p onclick=\"x()\">a</p></div>"));
  EXPECT_FALSE(narrative_is_safe("<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\"javascript:x()\">a</a></div>"));
  // Whitespace-only content passes: the HL7 validator checks names only (see html_checks.cpp).
  EXPECT_TRUE(narrative_is_safe("<div xmlns=\"http://www.w3.org/1999/xhtml\">  </div>"));
  EXPECT_FALSE(narrative_is_safe("<p>not a div</p>"));
}

// Names are matched ignoring ASCII case and namespace prefixes, against the whole name.
TEST(FhirPathNarrative, HtmlChecksMatchWholeNamesIgnoringCase) {
  constexpr std::string_view kOpen = "<div xmlns=\"http://www.w3.org/1999/xhtml\">";
  auto safe = [&](std::string_view body) { return narrative_is_safe(std::string(kOpen) + std::string(body) + "</div>"); };
  EXPECT_TRUE(safe("<TABLE BORDER=\"1\" CellPadding=\"2\"><TR><TD>x</TD></TR></TABLE>"));
  EXPECT_TRUE(safe("<blockquote cite=\"x\">q</blockquote><xhtml:p>p</xhtml:p>"));
  EXPECT_TRUE(safe("<p xmlns:a-very-long-namespace-prefix-name=\"urn:x\" xml:lang=\"ja\">p</p>"));
  EXPECT_FALSE(safe("<blockquotes>q</blockquotes>"));             // a listed name plus more
  EXPECT_FALSE(safe("<blockquoteblockquoteblockquote>q</blockquoteblockquoteblockquote>"));
  EXPECT_FALSE(safe("<bl>q</bl>"));                                // a listed name's prefix
  EXPECT_FALSE(safe("<p cellpaddingx=\"1\">p</p>"));
  EXPECT_FALSE(safe("<p ONMOUSEOVERANDAVERYLONGNAMEINDEED=\"x()\">p</p>"));
  EXPECT_FALSE(safe("<p data-x=\"1\">p</p>"));
  EXPECT_FALSE(safe("<IMG SRC=\" JavaScript:x()\"/>"));
}

}  // namespace
}  // namespace renkei::fhirpath
