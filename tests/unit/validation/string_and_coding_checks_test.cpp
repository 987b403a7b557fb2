// Generic checks the HL7 Java validator applies to every Coding and string: Coding.system
// absolute and naming a code system; HTML tags in strings (security checks) and markdown.
#include <gtest/gtest.h>

#include <string>

#include "validation/html_in_text.hpp"
#include "validation_test_support.hpp"

namespace renkei::validation {
namespace {

using testing::validate_json;

size_t count(const IssueList& issues, Severity severity, std::string_view text) {
  size_t n = 0;
  for (const Issue& i : issues.items())
    if (i.severity == severity && i.message.find(text) != std::string::npos) ++n;
  return n;
}

std::string observation_with_system(std::string_view system) {
  return R"({"resourceType":"Observation","status":"final","code":{"coding":[{"system":")" + std::string(system) +
         R"(","code":"x"}]}})";
}

TEST(CodingSystem, MustBeAbsolute) {
  RENKEI_REQUIRE_CORE();
  IssueList issues = validate_json(fx, observation_with_system("Location1"));
  EXPECT_EQ(count(issues, Severity::Error, "must be an absolute reference"), 1u);
  ASSERT_FALSE(issues.items().empty());
  for (const Issue& i : issues.items()) {
    if (i.message.find("absolute") != std::string::npos) {
      EXPECT_EQ(i.expression, "Observation.code.coding[0].system");
    }
  }
  for (std::string_view ok : {"http://loinc.org", "urn:oid:1.2.392.200119.4.504", "urn:iso:std:iso:3166"}) {
    EXPECT_EQ(count(validate_json(fx, observation_with_system(ok)), Severity::Error, "absolute"), 0u) << ok;
  }
}

TEST(CodingSystem, ValueSetUrlIsNotACodeSystem) {
  RENKEI_REQUIRE_CORE();
  // measure-type: the ValueSet's URL where its CodeSystem's belongs.
  IssueList issues = validate_json(fx, observation_with_system("http://hl7.org/fhir/ValueSet/measure-type"));
  EXPECT_EQ(count(issues, Severity::Error, "references a value set, not a code system"), 1u);
  // A URL that names both a ValueSet and a CodeSystem is a code system.
  IssueList both = validate_json(fx, observation_with_system("http://hl7.org/fhir/administrative-gender"));
  EXPECT_EQ(count(both, Severity::Error, "value set, not a code system"), 0u);
}

TEST(CodingSystem, AbsoluteUriSyntax) {
  EXPECT_TRUE(is_absolute_uri("http://example.org/cs"));
  EXPECT_TRUE(is_absolute_uri("urn:oid:1.2.3"));
  EXPECT_FALSE(is_absolute_uri("Location1"));
  EXPECT_FALSE(is_absolute_uri("#local"));
  EXPECT_FALSE(is_absolute_uri("1http://x"));
  EXPECT_FALSE(is_absolute_uri("http:"));
  EXPECT_FALSE(is_absolute_uri("http://a b"));
}

std::string patient_named(std::string_view text) {
  return R"({"resourceType":"Patient","name":[{"text":")" + std::string(text) + R"("}]})";
}

TEST(HtmlInText, TagsOfHtmlElementsOnly) {
  EXPECT_TRUE(contains_html_tag("Standard <script>somescript</script>"));
  EXPECT_TRUE(contains_html_tag("<IMG src=x onerror=alert(1)>"));
  EXPECT_TRUE(contains_html_tag("end </div>"));
  EXPECT_FALSE(contains_html_tag("a < b and c > d"));
  EXPECT_FALSE(contains_html_tag("<5 mg>"));
  EXPECT_FALSE(contains_html_tag("<resource type>"));
  EXPECT_FALSE(contains_html_tag("unclosed <script"));
}

TEST(HtmlInText, StringsAreErrorsWithSecurityChecks) {
  RENKEI_REQUIRE_CORE();
  const std::string json = patient_named("Standard <script>somescript</script>");
  ValidatorOptions vo;
  EXPECT_EQ(count(validate_json(fx, json, vo), Severity::Information, "embedded HTML tags"), 1u);
  EXPECT_FALSE(validate_json(fx, json, vo).has_errors());
  vo.security_checks = true;
  IssueList issues = validate_json(fx, json, vo);
  EXPECT_EQ(count(issues, Severity::Error, "embedded HTML tags"), 1u);
  EXPECT_EQ(count(validate_json(fx, patient_named("Smith & <Jones>"), vo), Severity::Error, "HTML"), 0u);
}

TEST(HtmlInText, MarkdownHtmlIsAnErrorWhenAsked) {
  RENKEI_REQUIRE_CORE();
  const std::string json =
      R"({"resourceType":"Communication","status":"completed","note":[{"text":"see <b>this</b>"}]})";
  ValidatorOptions vo;
  EXPECT_EQ(count(validate_json(fx, json, vo), Severity::Warning, "markdown contains"), 1u);
  vo.no_html_in_markdown = true;
  EXPECT_EQ(count(validate_json(fx, json, vo), Severity::Error, "markdown contains"), 1u);
}

}  // namespace
}  // namespace renkei::validation
