// US Core 3.1.0 loads over R4 core, and every one of its profiles compiles into a plan
// (with its snapshot, or one generated from the differential when asked).
#include <filesystem>

#include "validation_test_support.hpp"

using namespace renkei;
using namespace renkei::validation::testing;

TEST(UsCore, LoadsAndEveryProfileCompiles) {
  std::string tgz = shared("fhir/hl7.fhir.us.core-3.1.0.tgz");
  if (!std::filesystem::exists(tgz)) GTEST_SKIP() << "../shared/reference absent: " << tgz;
  RENKEI_REQUIRE_CORE();
  definitions::DefinitionStore store(fx->store);
  IssueList issues;
  ASSERT_TRUE(store.load_package(tgz, issues));
  validation::PlanRegistry plans(store);
  size_t profiles = 0, compiled = 0;
  for (const definitions::ResourceEntry* sd : store.all("StructureDefinition")) {
    if (sd->package_id != "hl7.fhir.us.core") continue;
    ++profiles;
    if (plans.find(sd->url)) ++compiled;
  }
  std::cout << "US Core 3.1.0: " << compiled << " of " << profiles << " StructureDefinitions compiled\n";
  EXPECT_GE(profiles, 29u);  // 26 profiles and 3 extension definitions ship in 3.1.0
  EXPECT_EQ(compiled, profiles) << plans.definition_issues().items().size() << " definition issues";
}

TEST(UsCore, PatientSlicesAndBindings) {
  std::string tgz = shared("fhir/hl7.fhir.us.core-3.1.0.tgz");
  if (!std::filesystem::exists(tgz)) GTEST_SKIP() << "../shared/reference absent: " << tgz;
  RENKEI_REQUIRE_CORE();
  definitions::DefinitionStore store(fx->store);
  IssueList load;
  ASSERT_TRUE(store.load_package(tgz, load));
  validation::Validator v(store, *fx->types);
  auto check = [&](const std::string& json) {
    IssueList issues;
    io::ReadOptions ro;
    ro.types = fx->types.get();
    auto doc = io::read_json(json, ro, issues);
    EXPECT_TRUE(doc);
    issues.append(v.validate(*doc, {}));
    return issues;
  };
  std::string good = R"({"resourceType":"Patient","meta":{"profile":["http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient"]},
    "extension":[{"url":"http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex","valueCode":"F"}],
    "identifier":[{"system":"http://hospital.example.org","value":"1032702"}],"name":[{"family":"Shaw","given":["Amy"]}],"gender":"female"})";
  EXPECT_FALSE(check(good).has_errors());
  std::string bad_code = good;
  bad_code.replace(bad_code.find("\"F\""), 3, "\"X\"");
  IssueList bad = check(bad_code);
  ASSERT_TRUE(bad.has_errors());
  bool binding = false;
  for (const auto& i : bad.items()) binding |= i.rule == "binding" && i.expression == "Patient.extension[0].valueCode";
  EXPECT_TRUE(binding);
}
