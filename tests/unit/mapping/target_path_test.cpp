#include <gtest/gtest.h>

#include "mapping/target_path.hpp"

namespace renkei::mapping {
namespace {

TEST(TargetPath, ParsesResourceRoleAndKeyedSteps) {
  std::string error;
  auto p = parse_target_path("Patient[patient].name[kanji].given[1]", error);
  ASSERT_TRUE(p) << error;
  EXPECT_EQ(p->resource_type, "Patient");
  EXPECT_EQ(p->role, "patient");
  ASSERT_EQ(p->steps.size(), 2u);
  EXPECT_EQ(p->steps[0].element, "name");
  EXPECT_EQ(*p->steps[0].key, "kanji");
  EXPECT_EQ(*p->steps[1].key, "1");
  EXPECT_EQ(p->to_string(), "Patient[patient].name[kanji].given[1]");
}

TEST(TargetPath, DefaultRoleIsTheLowerCaseType) {
  std::string error;
  auto p = parse_target_path("Coverage.subscriberId", error);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->role, "coverage");
}

TEST(TargetPath, BindsGroupNumbers) {
  std::string error;
  auto p = parse_target_path("Encounter[visit-{n}].type[{n}]", error);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->bind("3").to_string(), "Encounter[visit-3].type[3]");
}

TEST(TargetPath, RejectsMalformedPaths) {
  std::string error;
  EXPECT_FALSE(parse_target_path("patient.name", error));
  EXPECT_FALSE(parse_target_path("Patient.name[", error));
  EXPECT_FALSE(parse_target_path("Patient.na-me", error));
  EXPECT_FALSE(parse_target_path("Patient.name[]", error));
}

TEST(Glob, MatchesAndBindsTheStar) {
  std::string bound;
  EXPECT_TRUE(glob_match("problem-*", "problem-12", &bound));
  EXPECT_EQ(bound, "12");
  EXPECT_FALSE(glob_match("problem-*", "goal-1", &bound));
  EXPECT_TRUE(glob_match("plan", "plan"));
  EXPECT_FALSE(glob_match("plan", "plans"));
}

}  // namespace
}  // namespace renkei::mapping
