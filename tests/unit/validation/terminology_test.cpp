#include "validation/terminology.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <chrono>
#include <map>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace renkei::validation {
namespace {

constexpr std::string_view kAnimals = "http://renkei.test/CodeSystem/animals";
constexpr std::string_view kCaseInsensitive = "http://renkei.test/CodeSystem/case-insensitive";

std::string test_value_set(std::string_view id) { return "http://renkei.test/ValueSet/" + std::string(id); }

std::string describe(const CodeValidationResult& result) {
  return std::string(to_string(result.status)) + ": " + result.message;
}

// The fixture CodeSystems and ValueSets in data/terminology, loaded once.
class TerminologyFixtures : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    store_ = std::make_unique<definitions::DefinitionStore>();
    IssueList issues;
    const std::string folder = std::string(RENKEI_SOURCE_DIR) + "/tests/unit/validation/data/terminology";
    ASSERT_TRUE(store_->load_folder(folder, issues)) << folder;
    ASSERT_FALSE(issues.has_errors()) << issues.items().front().message;
  }
  static void TearDownTestSuite() { store_.reset(); }

  CodeStatus status(std::string_view value_set_id, std::string_view system, std::string_view code) const {
    return terminology_.validate_code(test_value_set(value_set_id), system, code).status;
  }

  static std::unique_ptr<definitions::DefinitionStore> store_;
  Terminology terminology_{*store_};
};
std::unique_ptr<definitions::DefinitionStore> TerminologyFixtures::store_;

TEST_F(TerminologyFixtures, WholeSystemMinusExcludedConceptsAndSubtrees) {
  EXPECT_EQ(status("exclude", kAnimals, "dog"), CodeStatus::Valid);
  EXPECT_EQ(status("exclude", kAnimals, "animal"), CodeStatus::Valid);
  EXPECT_EQ(status("exclude", kAnimals, "whale"), CodeStatus::Valid);
  EXPECT_EQ(status("exclude", kAnimals, "cat"), CodeStatus::Invalid);      // excluded by concept
  EXPECT_EQ(status("exclude", kAnimals, "bird"), CodeStatus::Invalid);     // excluded by is-a bird
  EXPECT_EQ(status("exclude", kAnimals, "sparrow"), CodeStatus::Invalid);  // nested under bird
  EXPECT_EQ(status("exclude", kAnimals, "penguin"), CodeStatus::Invalid);  // under bird via the parent property
  EXPECT_EQ(status("exclude", kAnimals, "unicorn"), CodeStatus::UnknownCode);
  EXPECT_EQ(status("exclude", "http://renkei.test/CodeSystem/other", "dog"), CodeStatus::Invalid);
}

TEST_F(TerminologyFixtures, HierarchyFilters) {
  EXPECT_EQ(status("mammals", kAnimals, "mammal"), CodeStatus::Valid);
  EXPECT_EQ(status("mammals", kAnimals, "cat"), CodeStatus::Valid);
  EXPECT_EQ(status("mammals", kAnimals, "sparrow"), CodeStatus::Invalid);
  EXPECT_EQ(status("mammals", kAnimals, "animal"), CodeStatus::Invalid);
  EXPECT_EQ(status("below-mammal", kAnimals, "whale"), CodeStatus::Valid);
  EXPECT_EQ(status("below-mammal", kAnimals, "mammal"), CodeStatus::Invalid);
  EXPECT_EQ(status("not-mammal", kAnimals, "bird"), CodeStatus::Valid);
  EXPECT_EQ(status("not-mammal", kAnimals, "penguin"), CodeStatus::Valid);
  EXPECT_EQ(status("not-mammal", kAnimals, "dog"), CodeStatus::Invalid);
  EXPECT_EQ(status("birds-by-parent", kAnimals, "sparrow"), CodeStatus::Valid);
  EXPECT_EQ(status("birds-by-parent", kAnimals, "penguin"), CodeStatus::Valid);
  EXPECT_EQ(status("birds-by-parent", kAnimals, "bird"), CodeStatus::Invalid);
}

TEST_F(TerminologyFixtures, PropertyFilters) {
  EXPECT_EQ(status("four-legged-domestic", kAnimals, "dog"), CodeStatus::Valid);
  EXPECT_EQ(status("four-legged-domestic", kAnimals, "cat"), CodeStatus::Valid);
  EXPECT_EQ(status("four-legged-domestic", kAnimals, "whale"), CodeStatus::Invalid);
  EXPECT_EQ(status("four-legged-domestic", kAnimals, "sparrow"), CodeStatus::Invalid);
  EXPECT_EQ(status("in-list", kAnimals, "dog"), CodeStatus::Valid);
  EXPECT_EQ(status("in-list", kAnimals, "sparrow"), CodeStatus::Valid);
  EXPECT_EQ(status("in-list", kAnimals, "cat"), CodeStatus::Invalid);
}

TEST_F(TerminologyFixtures, RegexNotInExistsAndGeneralizesFilters) {
  EXPECT_EQ(status("regex-a-to-c", kAnimals, "animal"), CodeStatus::Valid);
  EXPECT_EQ(status("regex-a-to-c", kAnimals, "cat"), CodeStatus::Valid);
  EXPECT_EQ(status("regex-a-to-c", kAnimals, "dog"), CodeStatus::Invalid);
  EXPECT_EQ(status("not-in-list", kAnimals, "whale"), CodeStatus::Valid);
  EXPECT_EQ(status("not-in-list", kAnimals, "cat"), CodeStatus::Invalid);
  EXPECT_EQ(status("domestic-exists", kAnimals, "dog"), CodeStatus::Valid);
  EXPECT_EQ(status("domestic-exists", kAnimals, "whale"), CodeStatus::Invalid);
  EXPECT_EQ(status("generalizes-dog", kAnimals, "animal"), CodeStatus::Valid);
  EXPECT_EQ(status("generalizes-dog", kAnimals, "dog"), CodeStatus::Valid);
  EXPECT_EQ(status("generalizes-dog", kAnimals, "cat"), CodeStatus::Invalid);
}

TEST_F(TerminologyFixtures, UnsupportedFilterIsNotCheckedNotPassed) {
  const auto result = terminology_.validate_code(test_value_set("unsupported-filter"), kAnimals, "dog");
  EXPECT_EQ(result.status, CodeStatus::NotChecked);
  EXPECT_NE(result.message.find("child-of"), std::string::npos) << result.message;
}

TEST_F(TerminologyFixtures, NestedValueSetsUnionIntersectionAndExclude) {
  // nested = mammals + {penguin} - (descendants of mammal)
  EXPECT_EQ(status("nested", kAnimals, "mammal"), CodeStatus::Valid);
  EXPECT_EQ(status("nested", kAnimals, "penguin"), CodeStatus::Valid);
  EXPECT_EQ(status("nested", kAnimals, "dog"), CodeStatus::Invalid);
  EXPECT_EQ(status("nested", kAnimals, "sparrow"), CodeStatus::Invalid);
  // Several ValueSets in one include intersect.
  EXPECT_EQ(status("intersection", kAnimals, "dog"), CodeStatus::Valid);
  EXPECT_EQ(status("intersection", kAnimals, "whale"), CodeStatus::Invalid);
  EXPECT_EQ(status("intersection", kAnimals, "sparrow"), CodeStatus::Invalid);
}

TEST_F(TerminologyFixtures, IncludeCycleIsADefinitionProblemNamingTheValueSets) {
  const auto result = terminology_.validate_code(test_value_set("cycle-a"), kAnimals, "dog");
  EXPECT_EQ(result.status, CodeStatus::NotChecked);
  EXPECT_TRUE(result.definition_problem);
  EXPECT_NE(result.message.find(test_value_set("cycle-a")), std::string::npos) << result.message;
  EXPECT_NE(result.message.find(test_value_set("cycle-b")), std::string::npos) << result.message;
  // Entering the cycle from the other side gives the same verdict.
  EXPECT_EQ(terminology_.validate_code(test_value_set("cycle-b"), kAnimals, "dog").status, CodeStatus::NotChecked);
}

TEST_F(TerminologyFixtures, MissingNestedValueSetOnlyBlocksWhatItCouldContain) {
  EXPECT_EQ(status("missing-nested", kAnimals, "dog"), CodeStatus::Valid);
  const auto result = terminology_.validate_code(test_value_set("missing-nested"), kAnimals, "cat");
  EXPECT_EQ(result.status, CodeStatus::NotChecked);
  EXPECT_NE(result.message.find("does-not-exist"), std::string::npos) << result.message;
}

TEST_F(TerminologyFixtures, CaseSensitivityFollowsTheCodeSystem) {
  EXPECT_EQ(status("case-insensitive", kCaseInsensitive, "ABC"), CodeStatus::Valid);
  EXPECT_EQ(status("case-insensitive", kCaseInsensitive, "abc"), CodeStatus::Valid);
  EXPECT_EQ(status("case-insensitive", kCaseInsensitive, "dEF"), CodeStatus::Valid);
  EXPECT_EQ(status("case-insensitive", kCaseInsensitive, "xyz"), CodeStatus::UnknownCode);
  EXPECT_EQ(status("case-insensitive-listed", kCaseInsensitive, "aBc"), CodeStatus::Valid);
  EXPECT_EQ(status("case-insensitive-listed", kCaseInsensitive, "Def"), CodeStatus::Invalid);
  // animals is case-sensitive
  EXPECT_EQ(status("mammals", kAnimals, "Dog"), CodeStatus::UnknownCode);
  EXPECT_EQ(terminology_.validate_coding_in_codesystem(kCaseInsensitive, "def").status, CodeStatus::Valid);
}

TEST_F(TerminologyFixtures, DisplayMustMatchDisplayOrDesignation) {
  const std::string mammals = test_value_set("mammals");
  EXPECT_TRUE(terminology_.validate_code(mammals, kAnimals, "dog", "Dog").display_ok);
  EXPECT_TRUE(terminology_.validate_code(mammals, kAnimals, "dog", "dog").display_ok);
  EXPECT_TRUE(terminology_.validate_code(mammals, kAnimals, "dog", "犬").display_ok);
  EXPECT_TRUE(terminology_.validate_code(mammals, kAnimals, "dog", "").display_ok);
  const auto wrong = terminology_.validate_code(mammals, kAnimals, "dog", "猫");
  EXPECT_EQ(wrong.status, CodeStatus::Valid);
  EXPECT_FALSE(wrong.display_ok);
  EXPECT_EQ(wrong.expected_display, "Dog");
  const auto in_code_system = terminology_.validate_coding_in_codesystem(kAnimals, "cat", "Dog");
  EXPECT_EQ(in_code_system.status, CodeStatus::Valid);
  EXPECT_FALSE(in_code_system.display_ok);
}

// Answers are memoised per (ValueSet, system, code, display): asking again, in any order, must
// give the same answer, and no part of the question may be mistaken for another (the key keeps
// the parts apart even when their concatenations coincide).
TEST_F(TerminologyFixtures, RepeatedQuestionsGetTheirOwnAnswers) {
  const std::string mammals = test_value_set("mammals");
  for (int round = 0; round < 3; ++round) {
    EXPECT_TRUE(terminology_.validate_code(mammals, kAnimals, "dog", "Dog").display_ok);
    EXPECT_FALSE(terminology_.validate_code(mammals, kAnimals, "dog", "猫").display_ok);
    EXPECT_EQ(terminology_.validate_code(mammals, kAnimals, "cat", "").status, CodeStatus::Valid);
    EXPECT_EQ(terminology_.validate_code(mammals, kAnimals, "catx", "").status, CodeStatus::UnknownCode);
    EXPECT_EQ(terminology_.validate_code(mammals, kAnimals, "cat", "x").status, CodeStatus::Valid);
    EXPECT_EQ(terminology_.validate_code(mammals, kAnimals, "unicorn").status, CodeStatus::UnknownCode);
    const auto shared = terminology_.validate_code_shared(mammals, kAnimals, "dog", "猫");
    EXPECT_EQ(shared->expected_display, "Dog");
    EXPECT_EQ(terminology_.validate_coding_in_codesystem(kAnimals, "cat", "Dog").display_ok, false);
    EXPECT_EQ(terminology_.validate_coding_in_codesystem(kAnimals, "cat", "").display_ok, true);
    EXPECT_EQ(terminology_.coding_system_problem("animals"), CodingSystemProblem::NotAbsolute);
    EXPECT_EQ(terminology_.coding_system_problem(mammals), CodingSystemProblem::IsValueSet);
    EXPECT_EQ(terminology_.coding_system_problem(kAnimals), CodingSystemProblem::None);
  }
}

TEST_F(TerminologyFixtures, PartialCodeSystemsAreNotChecked) {
  EXPECT_EQ(status("fragment", "http://renkei.test/CodeSystem/fragment", "x1"), CodeStatus::Valid);
  const auto fragment = terminology_.validate_code(test_value_set("fragment"), "http://renkei.test/CodeSystem/fragment", "x2");
  EXPECT_EQ(fragment.status, CodeStatus::NotChecked);
  EXPECT_NE(fragment.message.find("fragment"), std::string::npos) << fragment.message;
  EXPECT_EQ(terminology_.validate_coding_in_codesystem("http://renkei.test/CodeSystem/fragment", "x2").status,
            CodeStatus::NotChecked);
  // A "complete" CodeSystem with no concepts is a placeholder (JP Core's JP_Undefined_CS).
  EXPECT_EQ(status("empty-system", "http://renkei.test/CodeSystem/empty", "anything"), CodeStatus::NotChecked);
}

TEST_F(TerminologyFixtures, ExternalTerminologyHeldOnlyInPartIsNeverAuthoritative) {
  // Like JP-CLINS' two-concept http://loinc.org CodeSystem marked complete.
  EXPECT_EQ(status("loinc-stub", "http://loinc.org", "18842-5"), CodeStatus::Valid);
  const auto other = terminology_.validate_code(test_value_set("loinc-stub"), "http://loinc.org", "34746-8");
  EXPECT_EQ(other.status, CodeStatus::NotChecked) << describe(other);
  EXPECT_EQ(terminology_.validate_coding_in_codesystem("http://loinc.org", "34746-8").status, CodeStatus::NotChecked);
  EXPECT_EQ(terminology_.validate_coding_in_codesystem("http://snomed.info/sct", "404684003").status,
            CodeStatus::NotChecked);
}

TEST_F(TerminologyFixtures, SystemsThatAreNotHeld) {
  EXPECT_EQ(status("unheld-listed", "http://renkei.test/CodeSystem/not-loaded", "A1"), CodeStatus::Valid);
  EXPECT_EQ(status("unheld-listed", "http://renkei.test/CodeSystem/not-loaded", "C3"), CodeStatus::Invalid);
  const auto whole = terminology_.validate_code(test_value_set("unheld-whole"), "http://renkei.test/CodeSystem/not-loaded", "Z9");
  EXPECT_EQ(whole.status, CodeStatus::NotChecked);
  EXPECT_NE(whole.message.find("not held"), std::string::npos) << whole.message;
  EXPECT_EQ(status("unheld-whole", kAnimals, "dog"), CodeStatus::Valid);
  EXPECT_EQ(status("unheld-whole", kAnimals, "cat"), CodeStatus::Invalid);
  EXPECT_EQ(terminology_.validate_coding_in_codesystem("http://renkei.test/CodeSystem/not-loaded", "A1").status,
            CodeStatus::NotChecked);
}

TEST_F(TerminologyFixtures, ValueSetKnownOnlyByItsExpansion) {
  EXPECT_EQ(status("expansion-only", kAnimals, "dog"), CodeStatus::Valid);
  EXPECT_EQ(status("expansion-only", kAnimals, "sparrow"), CodeStatus::Valid);  // nested contains
  EXPECT_EQ(status("expansion-only", "http://loinc.org", "18842-5"), CodeStatus::Valid);
  EXPECT_EQ(status("expansion-only", kAnimals, "cat"), CodeStatus::Invalid);
  EXPECT_EQ(status("partial-expansion", kAnimals, "dog"), CodeStatus::Valid);
  EXPECT_EQ(status("partial-expansion", kAnimals, "cat"), CodeStatus::NotChecked);
}

TEST_F(TerminologyFixtures, VersionQualifiedCanonicals) {
  const std::string url = test_value_set("versioned");
  EXPECT_EQ(terminology_.validate_code(url + "|1.0.0", kAnimals, "dog").status, CodeStatus::Valid);
  EXPECT_EQ(terminology_.validate_code(url + "|1.0.0", kAnimals, "cat").status, CodeStatus::Invalid);
  EXPECT_EQ(terminology_.validate_code(url + "|2.0.0", kAnimals, "cat").status, CodeStatus::Valid);
  EXPECT_EQ(terminology_.validate_code(url + "|2.0.0", kAnimals, "dog").status, CodeStatus::Invalid);
  EXPECT_EQ(terminology_.validate_code(url, kAnimals, "cat").status, CodeStatus::Valid);  // newest wins
  EXPECT_EQ(status("versioned-include", kAnimals, "dog"), CodeStatus::Valid);
}

TEST_F(TerminologyFixtures, UnknownValueSetIsNotChecked) {
  EXPECT_FALSE(terminology_.has_value_set(test_value_set("nowhere")));
  EXPECT_TRUE(terminology_.has_value_set(test_value_set("mammals")));
  const auto result = terminology_.validate_code(test_value_set("nowhere"), kAnimals, "dog");
  EXPECT_EQ(result.status, CodeStatus::NotChecked);
  EXPECT_NE(result.message.find("nowhere"), std::string::npos);
}

TEST_F(TerminologyFixtures, BareCodesAreLookedUpInTheIncludedSystems) {
  const auto dog = terminology_.validate_code(test_value_set("mammals"), "", "dog");
  EXPECT_EQ(dog.status, CodeStatus::Valid);
  EXPECT_EQ(dog.system, kAnimals);
  EXPECT_EQ(status("mammals", "", "unicorn"), CodeStatus::Invalid);
  EXPECT_EQ(status("mammals", "", "sparrow"), CodeStatus::Invalid);
  EXPECT_EQ(status("nested", "", "penguin"), CodeStatus::Valid);
}

TEST_F(TerminologyFixtures, MessagesDoNotEchoTheCodeOrDisplay) {
  for (const char* value_set : {"mammals", "exclude", "unheld-listed", "fragment", "case-insensitive"}) {
    const auto result = terminology_.validate_code(test_value_set(value_set), kAnimals, "secret-code-4711", "Secret Name");
    EXPECT_NE(result.status, CodeStatus::Valid);
    EXPECT_EQ(result.message.find("secret-code-4711"), std::string::npos) << result.message;
    EXPECT_EQ(result.message.find("Secret Name"), std::string::npos) << result.message;
  }
}

TEST_F(TerminologyFixtures, ConcurrentFirstUseGivesTheSameAnswers) {
  struct Query {
    std::string value_set;
    std::string_view system;
    std::string_view code;
    CodeStatus expected;
  };
  const std::vector<Query> queries{
      {test_value_set("nested"), kAnimals, "mammal", CodeStatus::Valid},
      {test_value_set("nested"), kAnimals, "dog", CodeStatus::Invalid},
      {test_value_set("exclude"), kAnimals, "penguin", CodeStatus::Invalid},
      {test_value_set("cycle-a"), kAnimals, "dog", CodeStatus::NotChecked},
      {test_value_set("cycle-b"), kAnimals, "dog", CodeStatus::NotChecked},
      {test_value_set("case-insensitive"), kCaseInsensitive, "abc", CodeStatus::Valid},
      {test_value_set("intersection"), kAnimals, "cat", CodeStatus::Valid},
      {test_value_set("missing-nested"), kAnimals, "dog", CodeStatus::Valid},
  };
  for (int round = 0; round < 5; ++round) {
    Terminology fresh(*store_);  // every round starts with empty caches
    std::atomic<int> mismatches{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 200; ++i) {
          const Query& query = queries[static_cast<size_t>(t + i) % queries.size()];
          if (fresh.validate_code(query.value_set, query.system, query.code).status != query.expected) ++mismatches;
        }
      });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(mismatches.load(), 0) << "round " << round;
  }
}

TEST(TerminologyExternalSystems, KnownExternalSystems) {
  for (const char* system : {"http://loinc.org", "http://snomed.info/sct", "http://unitsofmeasure.org",
                             "http://www.nlm.nih.gov/research/umls/rxnorm", "http://hl7.org/fhir/sid/icd-10",
                             "http://hl7.org/fhir/sid/icd-10-cm", "urn:oid:1.2.392.200119.4.504",
                             "urn:oid:1.2.392.100495.20.1.73", "urn:oid:1.2.392.200119.4.101.6",
                             "http://medis.or.jp/CodeSystem/master-HOT9",
                             "http://jpfhir.jp/fhir/core/mhlw/CodeSystem/MedicationUnitMERIT9Code",
                             "urn:iso:std:iso:3166", "urn:ietf:bcp:47"})
    EXPECT_TRUE(is_known_external_system(system)) << system;
  for (const char* system : {"http://hl7.org/fhir/administrative-gender", "http://loinc.org/extra", "",
                             "urn:oid:1.2.392.200270.4.1000.1",  // JED, shipped complete by JP Core
                             "urn:oid:1.2.392.200119.6.2100",    // JP-CLINS, shipped complete
                             "http://jpfhir.jp/fhir/core/CodeSystem/JP_DocumentCodes_CS"})
    EXPECT_FALSE(is_known_external_system(system)) << system;
}

// R4 core: the real ValueSets the validator binds against.
class TerminologyR4Core : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string package = std::string(RENKEI_SHARED_DIR) + "/reference/fhir/hl7.fhir.r4.core-4.0.1.tgz";
    if (!std::filesystem::exists(package)) return;
    auto store = std::make_unique<definitions::DefinitionStore>();
    IssueList issues;
    if (store->load_package(package, issues)) store_ = std::move(store);
  }
  static void TearDownTestSuite() { store_.reset(); }
  void SetUp() override {
    if (!store_) GTEST_SKIP() << "R4 core package not found under " << RENKEI_SHARED_DIR << "/reference/fhir";
    terminology_ = std::make_unique<Terminology>(*store_);
  }

  CodeValidationResult check(std::string_view value_set, std::string_view system, std::string_view code,
                             std::string_view display = {}) const {
    return terminology_->validate_code(value_set, system, code, display);
  }

  static std::unique_ptr<definitions::DefinitionStore> store_;
  std::unique_ptr<Terminology> terminology_;
};
std::unique_ptr<definitions::DefinitionStore> TerminologyR4Core::store_;

constexpr std::string_view kGenderValueSet = "http://hl7.org/fhir/ValueSet/administrative-gender";
constexpr std::string_view kGenderSystem = "http://hl7.org/fhir/administrative-gender";

TEST_F(TerminologyR4Core, AdministrativeGender) {
  const auto male = check(kGenderValueSet, kGenderSystem, "male", "Male");
  EXPECT_EQ(male.status, CodeStatus::Valid) << describe(male);
  EXPECT_TRUE(male.display_ok);
  EXPECT_EQ(check(kGenderValueSet, "", "female").status, CodeStatus::Valid);  // Patient.gender is a bare code
  EXPECT_EQ(check(std::string(kGenderValueSet) + "|4.0.1", kGenderSystem, "other").status, CodeStatus::Valid);
  EXPECT_EQ(check(kGenderValueSet, "", "foo").status, CodeStatus::Invalid);
  EXPECT_EQ(check(kGenderValueSet, kGenderSystem, "foo").status, CodeStatus::UnknownCode);
  EXPECT_EQ(check(kGenderValueSet, kGenderSystem, "Male").status, CodeStatus::UnknownCode);  // case-sensitive
  const auto mismatch = check(kGenderValueSet, kGenderSystem, "male", "Female");
  EXPECT_EQ(mismatch.status, CodeStatus::Valid);
  EXPECT_FALSE(mismatch.display_ok);
  EXPECT_EQ(mismatch.expected_display, "Male");
}

TEST_F(TerminologyR4Core, CompositionStatus) {
  constexpr std::string_view value_set = "http://hl7.org/fhir/ValueSet/composition-status";
  EXPECT_EQ(check(value_set, "", "final").status, CodeStatus::Valid);
  EXPECT_EQ(check(value_set, "", "preliminary").status, CodeStatus::Valid);
  EXPECT_EQ(check(value_set, "", "done").status, CodeStatus::Invalid);
  EXPECT_EQ(check(value_set, "http://hl7.org/fhir/composition-status", "done").status, CodeStatus::UnknownCode);
}

TEST_F(TerminologyR4Core, IsAFilterOverV3RoleCode) {
  constexpr std::string_view value_set = "http://terminology.hl7.org/ValueSet/v3-FamilyMember";
  constexpr std::string_view system = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
  EXPECT_EQ(check(value_set, system, "FAMMEMB").status, CodeStatus::Valid);
  EXPECT_EQ(check(value_set, system, "MTH").status, CodeStatus::Valid);  // FAMMEMB > PRN > MTH
  EXPECT_EQ(check(value_set, system, "BRO").status, CodeStatus::Valid);
  EXPECT_EQ(check(value_set, system, "FRND").status, CodeStatus::Invalid);
  EXPECT_EQ(check(value_set, system, "NOPE").status, CodeStatus::UnknownCode);
}

TEST_F(TerminologyR4Core, DescendentOfFilterExcludesTheRoot) {
  constexpr std::string_view value_set = "http://hl7.org/fhir/ValueSet/inactive";
  constexpr std::string_view system = "http://terminology.hl7.org/CodeSystem/v3-ActMood";
  EXPECT_EQ(check(value_set, system, "CRT").status, CodeStatus::Valid);
  EXPECT_EQ(check(value_set, system, "PRMS.CRT").status, CodeStatus::Valid);
  EXPECT_EQ(check(value_set, system, "_ActMoodPredicate").status, CodeStatus::Invalid);
  EXPECT_EQ(check(value_set, system, "EVN").status, CodeStatus::Invalid);
}

TEST_F(TerminologyR4Core, LoincAndUcumAreNotChecked) {
  const auto loinc = check("http://hl7.org/fhir/ValueSet/observation-codes", "http://loinc.org", "8867-4");
  EXPECT_EQ(loinc.status, CodeStatus::NotChecked);
  EXPECT_NE(loinc.message.find("http://loinc.org"), std::string::npos) << loinc.message;
  EXPECT_FALSE(loinc.definition_problem);
  EXPECT_EQ(check("http://hl7.org/fhir/ValueSet/ucum-units", "http://unitsofmeasure.org", "mg").status,
            CodeStatus::NotChecked);
  // A LOINC code offered where the ValueSet has no LOINC at all is simply not in it.
  EXPECT_EQ(check(kGenderValueSet, "http://loinc.org", "8867-4").status, CodeStatus::Invalid);
}

TEST_F(TerminologyR4Core, NestedValueSetInclude) {
  constexpr std::string_view value_set = "http://hl7.org/fhir/ValueSet/yesnodontknow";
  EXPECT_EQ(check(value_set, "http://terminology.hl7.org/CodeSystem/v2-0136", "Y").status, CodeStatus::Valid);
  EXPECT_EQ(check(value_set, "http://terminology.hl7.org/CodeSystem/v2-0136", "N").status, CodeStatus::Valid);
  EXPECT_EQ(check(value_set, "http://terminology.hl7.org/CodeSystem/data-absent-reason", "asked-unknown").status,
            CodeStatus::Valid);
  EXPECT_EQ(check(value_set, "http://terminology.hl7.org/CodeSystem/data-absent-reason", "masked").status,
            CodeStatus::Invalid);
  // security-labels includes six v3 ValueSets, each an is-a filter or a nested include.
  constexpr std::string_view labels = "http://hl7.org/fhir/ValueSet/security-labels";
  EXPECT_EQ(check(labels, "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R").status, CodeStatus::Valid);
  EXPECT_EQ(check(labels, "http://terminology.hl7.org/CodeSystem/v3-ActReason", "HTEST").status, CodeStatus::Valid);
}

// Collects the codes of a concept list, nested concepts included.
void collect_codes(simdjson::dom::array concepts, std::vector<std::string>& codes) {
  for (simdjson::dom::element item : concepts) {
    std::string_view code;
    if (item["code"].get_string().get(code) == simdjson::SUCCESS) codes.emplace_back(code);
    simdjson::dom::array nested;
    if (item["concept"].get_array().get(nested) == simdjson::SUCCESS) collect_codes(nested, codes);
  }
}

// Checks every concept that a package's ValueSets include by enumeration, or by naming a whole
// system the store holds (then every concept of that CodeSystem), in includes without filters
// or nested ValueSets and in ValueSets without excludes: each must be Valid, or NotChecked when
// its system is not held completely. Returns how many codes were checked and found Valid.
struct SweepCounts {
  size_t checked = 0;
  size_t valid = 0;
};
SweepCounts expect_included_concepts_valid(const definitions::DefinitionStore& store, const Terminology& terminology,
                                      std::string_view package_id) {
  SweepCounts counts;
  std::map<std::string, size_t> failures;  // "ValueSet status message" -> count
  for (const definitions::ResourceEntry* entry : store.all("ValueSet")) {
    if (entry->package_id != package_id) continue;
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    EXPECT_EQ(parser.parse(entry->json).get(root), simdjson::SUCCESS) << entry->url;
    simdjson::dom::array includes;
    if (root["compose"]["include"].get_array().get(includes) != simdjson::SUCCESS) continue;
    if (root["compose"]["exclude"].error() == simdjson::SUCCESS) continue;
    for (simdjson::dom::element include : includes) {
      std::string_view system;
      if (include["system"].get_string().get(system) != simdjson::SUCCESS) continue;
      if (include["filter"].error() == simdjson::SUCCESS || include["valueSet"].error() == simdjson::SUCCESS) continue;
      std::vector<std::string> codes;
      simdjson::dom::array concepts;
      if (include["concept"].get_array().get(concepts) == simdjson::SUCCESS) {
        collect_codes(concepts, codes);
      } else if (const definitions::ResourceEntry* code_system = store.find("CodeSystem", system)) {
        simdjson::dom::parser code_system_parser;
        simdjson::dom::element code_system_root;
        if (code_system_parser.parse(code_system->json).get(code_system_root) == simdjson::SUCCESS &&
            code_system_root["concept"].get_array().get(concepts) == simdjson::SUCCESS)
          collect_codes(concepts, codes);
      }
      for (const std::string& code : codes) {
        const auto result = terminology.validate_code(entry->url + "|" + entry->version, system, code);
        ++counts.checked;
        if (result.status == CodeStatus::Valid) ++counts.valid;
        if (result.status != CodeStatus::Valid && result.status != CodeStatus::NotChecked)
          ++failures[entry->url + " " + std::string(to_string(result.status)) + " " + result.message];
      }
    }
  }
  for (const auto& [what, count] : failures) ADD_FAILURE() << what << " x" << count;
  return counts;
}

TEST_F(TerminologyR4Core, EveryIncludedConceptOfEveryCoreValueSetValidates) {
  const SweepCounts counts = expect_included_concepts_valid(*store_, *terminology_, "hl7.fhir.r4.core");
  EXPECT_GT(counts.valid, 5000u) << counts.checked << " checked";
}

// Every R4 core ValueSet compiles (nested includes, filters) and answers a first query without
// a definition problem other than the documented ones.
TEST_F(TerminologyR4Core, EveryCoreValueSetCompiles) {
  size_t value_sets = 0;
  size_t definition_problems = 0;
  std::string first_problem;
  const auto started = std::chrono::steady_clock::now();
  for (const definitions::ResourceEntry* entry : store_->all("ValueSet")) {
    const auto result = check(entry->url + "|" + entry->version, "http://renkei.test/none", "x");
    ++value_sets;
    EXPECT_NE(result.status, CodeStatus::Valid) << entry->url;
    if (result.definition_problem) {
      ++definition_problems;
      if (first_problem.empty()) first_problem = entry->url + ": " + result.message;
    }
  }
  const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_GT(value_sets, 1000u);
  EXPECT_EQ(definition_problems, 0u) << first_problem;
  RecordProperty("compile_all_seconds", std::to_string(elapsed));
}

}  // namespace
}  // namespace renkei::validation

namespace renkei::validation {
namespace {

// JP Core and JP-CLINS over R4 core: their ValueSets compile and include only codes their
// CodeSystems define (case-insensitive systems, placeholder CodeSystems, the LOINC stub).
TEST(TerminologyJapanesePackages, IncludedConceptsValidateAndValueSetsCompile) {
  const std::string reference = std::string(RENKEI_SHARED_DIR) + "/reference";
  const std::vector<std::string> packages{reference + "/fhir/hl7.fhir.r4.core-4.0.1.tgz",
                                          reference + "/jp-core-1.1.2-url/jp-core.r4-1.1.2-url.tgz",
                                          reference + "/jp-clins-1.5.2/jp-clins.r4-1.5.2-snap.tgz"};
  for (const auto& package : packages)
    if (!std::filesystem::exists(package)) GTEST_SKIP() << package << " not found";
  definitions::DefinitionStore store;
  IssueList issues;
  for (const auto& package : packages) ASSERT_TRUE(store.load_package(package, issues)) << package;
  const Terminology terminology(store);
  const SweepCounts core = expect_included_concepts_valid(store, terminology, "jp-core.r4");
  EXPECT_GT(core.valid, 1500u) << core.checked << " checked";
  const SweepCounts clins = expect_included_concepts_valid(store, terminology, "jp-eCSCLINS.r4");
  EXPECT_GT(clins.valid, 500u) << clins.checked << " checked";
  for (const definitions::ResourceEntry* entry : store.all("ValueSet")) {
    if (entry->package_id == "hl7.fhir.r4.core") continue;
    const auto result = terminology.validate_code(entry->url + "|" + entry->version, "http://renkei.test/none", "x");
    EXPECT_FALSE(result.definition_problem) << entry->url << ": " << result.message;
  }
  // JP_Undefined_CS is a placeholder: "complete" without concepts.
  EXPECT_EQ(terminology.validate_coding_in_codesystem("http://jpfhir.jp/fhir/core/CodeSystem/JP_Undefined_CS", "x").status,
            CodeStatus::NotChecked);
  // JP-CLINS ships http://loinc.org with two concepts; other LOINC codes are not checked, not unknown.
  EXPECT_EQ(terminology.validate_coding_in_codesystem("http://loinc.org", "8867-4").status, CodeStatus::NotChecked);
}

}  // namespace
}  // namespace renkei::validation
