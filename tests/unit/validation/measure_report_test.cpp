// MeasureReports against their Measure, Measures' CQL criteria against their Library's ELM
// (engine/validation/measure_report.cpp), with the fixtures in data/measure.
#include <gtest/gtest.h>

#include <string>

#include "validation_test_support.hpp"

namespace renkei::validation {
namespace {

// The core plus data/measure (the Measure "falls" and its Library), one per test binary.
struct MeasureFixture {
  std::unique_ptr<definitions::DefinitionStore> store;
  std::unique_ptr<Validator> validator;
};

MeasureFixture* measure_fixture(testing::CoreFixture* core) {
  static MeasureFixture* fixture = [core] {
    auto* f = new MeasureFixture;
    f->store = std::make_unique<definitions::DefinitionStore>(core->store);
    IssueList issues;
    f->store->load_folder(std::string(RENKEI_SOURCE_DIR) + "/tests/unit/validation/data/measure", issues);
    f->validator = std::make_unique<Validator>(*f->store, *core->types);
    return f;
  }();
  return fixture;
}

IssueList validate(testing::CoreFixture* core, const std::string& json) {
  IssueList issues;
  io::ReadOptions ro;
  ro.types = core->types.get();
  auto doc = io::read_json(json, ro, issues);
  EXPECT_TRUE(doc) << json;
  if (doc) issues.append(measure_fixture(core)->validator->validate(*doc, {}));
  return issues;
}

// The measure rules' issues of one severity, as "expression: message" lines.
std::vector<std::string> measure_issues(const IssueList& issues, Severity severity) {
  std::vector<std::string> out;
  for (const Issue& i : issues.items())
    if (i.rule == "measure" && i.severity == severity) out.push_back(i.expression + ": " + i.message);
  return out;
}

std::string population(std::string_view code, int count, bool subjects = false) {
  return R"({"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":")" +
         std::string(code) + R"("}]},"count":)" + std::to_string(count) +
         (subjects ? R"(,"subjectResults":{"reference":"List/l1"})" : "") + "}";
}

std::string group(std::string_view code, std::string_view score = R"("measureScore":{"value":0.5})",
                  std::string_view populations = {}, std::string_view stratifiers = {}) {
  std::string pops = populations.empty() ? population("initial-population", 10) + "," + population("denominator", 10) +
                                               "," + population("numerator", 5)
                                         : std::string(populations);
  std::string out = "{";
  if (!code.empty())
    out += R"("code":{"coding":[{"system":"http://renkei.test/CodeSystem/falls-groups","code":")" + std::string(code) +
           R"("}]},)";
  out += R"("population":[)" + pops + "]";
  if (!score.empty()) out += "," + std::string(score);
  if (!stratifiers.empty()) out += R"(,"stratifier":[)" + std::string(stratifiers) + "]";
  return out + "}";
}

std::string report(std::string_view groups, std::string_view type = "summary",
                   std::string_view measure = "http://renkei.test/Measure/falls") {
  return R"({"resourceType":"MeasureReport","status":"complete","type":")" + std::string(type) + R"(","measure":")" +
         std::string(measure) + R"(","period":{"start":"2024-01-01","end":"2024-12-31"},"group":[)" +
         std::string(groups) + "]}";
}

const std::string kAgeStratifier = R"({"code":[{"text":"age-under-65"}]})";
const std::string kFacility = group("facility", R"("measureScore":{"value":1})", population("initial-population", 3));

TEST(MeasureReport, MatchingReportHasNoErrors) {
  RENKEI_REQUIRE_CORE();
  IssueList issues = validate(fx, report(group("home", R"("measureScore":{"value":0.5})", {}, kAgeStratifier) + "," + kFacility));
  EXPECT_TRUE(measure_issues(issues, Severity::Error).empty()) << ::testing::PrintToString(measure_issues(issues, Severity::Error));
}

TEST(MeasureReport, GroupsAreMatchedByCode) {
  RENKEI_REQUIRE_CORE();
  // No code, an unknown code, the home group twice, the facility group missing.
  IssueList issues = validate(fx, report(group("") + "," + group("elsewhere") + "," + group("home", R"("measureScore":{"value":0.5})", {}, kAgeStratifier) + "," + group("home")));
  auto errors = measure_issues(issues, Severity::Error);
  ASSERT_EQ(errors.size(), 4u) << ::testing::PrintToString(errors);
  EXPECT_NE(errors[0].find("MeasureReport.group[0]: group should have a code"), std::string::npos) << errors[0];
  EXPECT_NE(errors[1].find("MeasureReport.group[1]: the group code"), std::string::npos) << errors[1];
  EXPECT_NE(errors[2].find("MeasureReport.group[3]: the measure's group with code"), std::string::npos) << errors[2];
  EXPECT_NE(errors[3].find("does not include a group for the group with code 'http://renkei.test/CodeSystem/falls-groups#facility' (id = 'g-facility')"),
            std::string::npos)
      << errors[3];
  // A data-collection report may leave groups out.
  EXPECT_TRUE(measure_issues(validate(fx, report(group("home", "", {}, kAgeStratifier), "data-collection")), Severity::Error).empty());
}

TEST(MeasureReport, PopulationsAndSubjectCounts) {
  RENKEI_REQUIRE_CORE();
  // measure-observation may be left out; the others may not.
  auto errors = measure_issues(validate(fx, report(group("home", R"("measureScore":{"value":0.5})", population("initial-population", 2), kAgeStratifier) + "," + kFacility)), Severity::Error);
  ASSERT_EQ(errors.size(), 2u) << ::testing::PrintToString(errors);
  EXPECT_NE(errors[0].find("does not include a population for the population with code"), std::string::npos);
  // subject-list: count equals the subjectResults; other report types carry none.
  std::string listed = population("initial-population", 2, true) + "," + population("denominator", 1, true) + "," +
                       population("numerator", 1, true);
  errors = measure_issues(validate(fx, report(group("home", R"("measureScore":{"value":1})", listed, kAgeStratifier) + "," + kFacility, "subject-list")), Severity::Error);
  ASSERT_EQ(errors.size(), 2u) << ::testing::PrintToString(errors);
  EXPECT_EQ(errors[0], "MeasureReport.group[0].population[0]: mismatch between count 2 and number of subjects 1");
  EXPECT_EQ(errors[1], "MeasureReport.group[1].population[0]: mismatch between count 3 and number of subjects 0");
  errors = measure_issues(validate(fx, report(group("home", R"("measureScore":{"value":1})", listed, kAgeStratifier) + "," + kFacility)), Severity::Error);
  EXPECT_EQ(errors.size(), 3u) << ::testing::PrintToString(errors);
}

TEST(MeasureReport, ProportionScore) {
  RENKEI_REQUIRE_CORE();
  auto errors = measure_issues(validate(fx, report(group("home", R"("measureScore":{"value":1.5,"unit":"%"})", {}, kAgeStratifier) + "," + group("facility", "", population("initial-population", 3)))), Severity::Error);
  ASSERT_EQ(errors.size(), 3u) << ::testing::PrintToString(errors);
  EXPECT_EQ(errors[0], "MeasureReport.group[0].measureScore.unit: a proportion's measureScore has no unit");
  EXPECT_EQ(errors[1], "MeasureReport.group[0].measureScore.value: a proportion's measureScore must be between 0 and 1");
  EXPECT_EQ(errors[2], "MeasureReport.group[1]: a measureScore is required when the scoring of the measure is 'proportion'");
}

TEST(MeasureReport, StratifiersMatchedByCodeOrText) {
  RENKEI_REQUIRE_CORE();
  auto errors = measure_issues(validate(fx, report(group("home", R"("measureScore":{"value":0.5})", {}, R"({"id":"s1"},{"code":[{"text":"sex"}]})") + "," + kFacility)), Severity::Error);
  ASSERT_EQ(errors.size(), 3u) << ::testing::PrintToString(errors);
  EXPECT_EQ(errors[0], "MeasureReport.group[0].stratifier[0]: stratifier should have a code that matches the group stratifier definition in the measure");
  EXPECT_NE(errors[1].find("matches no stratifier"), std::string::npos);
  EXPECT_EQ(errors[2], "MeasureReport.group[0]: the MeasureReport does not include a stratifier for the stratifier with code 'age-under-65' (id = 's-age')");
}

TEST(MeasureReport, UnresolvedMeasureIsAWarning) {
  RENKEI_REQUIRE_CORE();
  IssueList issues = validate(fx, report(group(""), "summary", "http://renkei.test/Measure/unknown"));
  EXPECT_TRUE(measure_issues(issues, Severity::Error).empty());
  EXPECT_EQ(measure_issues(issues, Severity::Warning).size(), 1u);
}

TEST(MeasureReport, ContainedMeasure) {
  RENKEI_REQUIRE_CORE();
  std::string json = R"({"resourceType":"MeasureReport","contained":[{"resourceType":"Measure","id":"m","status":"active",
    "scoring":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-scoring","code":"cohort"}]},
    "group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}]}]}],
    "status":"complete","type":"summary","measure":"#m","period":{"start":"2024-01-01"},"group":[)" +
                     group("", R"("measureScore":{"value":3})", population("initial-population", 3)) + "]}";
  auto errors = measure_issues(validate(fx, json), Severity::Error);
  ASSERT_EQ(errors.size(), 1u) << ::testing::PrintToString(errors);
  EXPECT_EQ(errors[0], "MeasureReport.group[0].measureScore: no measureScore when the scoring of the measure is 'cohort'");
}

std::string measure_with_criteria(std::string_view library, std::string_view expression) {
  return R"({"resourceType":"Measure","status":"active","library":[")" + std::string(library) +
         R"("],"group":[{"stratifier":[{"code":{"text":"s"},"criteria":{"language":"text/cql","expression":")" +
         std::string(expression) + R"("}}]}]})";
}

TEST(Measure, CqlCriteriaNameADefinitionOfTheLibraryElm) {
  RENKEI_REQUIRE_CORE();
  const std::string lib = "http://renkei.test/Library/falls-logic";
  EXPECT_TRUE(measure_issues(validate(fx, measure_with_criteria(lib, "FallsLogic.Age Under 65")), Severity::Error).empty());
  EXPECT_TRUE(measure_issues(validate(fx, measure_with_criteria(lib, "Initial Population")), Severity::Error).empty());
  auto errors = measure_issues(validate(fx, measure_with_criteria(lib, "FallsLogic.Age Over 65")), Severity::Error);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "Measure.group[0].stratifier[0].criteria: the expression Age Over 65 does not exist in the library " + lib);
  errors = measure_issues(validate(fx, measure_with_criteria(lib, "Other.Initial Population")), Severity::Error);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("no library of the measure is named Other"), std::string::npos);
  // A Library that does not resolve: information, not an error.
  IssueList unresolved = validate(fx, measure_with_criteria("http://renkei.test/Library/unknown", "X.Y"));
  EXPECT_TRUE(measure_issues(unresolved, Severity::Error).empty());
  EXPECT_EQ(measure_issues(unresolved, Severity::Information).size(), 1u);
}

}  // namespace
}  // namespace renkei::validation
