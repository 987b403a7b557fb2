#include "definitions/canonical_version.hpp"

#include <gtest/gtest.h>

namespace renkei::definitions {
namespace {

TEST(CanonicalVersion, SplitsAtTheVersionBar) {
  const auto plain = split_canonical("http://hl7.org/fhir/StructureDefinition/Patient");
  EXPECT_EQ(plain.url, "http://hl7.org/fhir/StructureDefinition/Patient");
  EXPECT_EQ(plain.version, "");
  const auto versioned = split_canonical("http://jpfhir.jp/fhir/core/StructureDefinition/JP_Patient|1.1.2");
  EXPECT_EQ(versioned.url, "http://jpfhir.jp/fhir/core/StructureDefinition/JP_Patient");
  EXPECT_EQ(versioned.version, "1.1.2");
}

TEST(CanonicalVersion, NumericSegmentsCompareByValue) {
  EXPECT_LT(compare_versions("1.2.0", "1.10.0"), 0);
  EXPECT_GT(compare_versions("4.0.1", "4.0.0"), 0);
  EXPECT_EQ(compare_versions("1.02.0", "1.2.0"), 0);
  EXPECT_LT(compare_versions("9", "10"), 0);
  EXPECT_GT(compare_versions("12345678901234567890123", "9"), 0);  // no overflow
}

TEST(CanonicalVersion, PreReleasesComeBeforeTheRelease) {
  EXPECT_LT(compare_versions("1.1.2-url", "1.1.2"), 0);
  EXPECT_LT(compare_versions("2.0.0-ballot", "2.0.0"), 0);
  EXPECT_GT(compare_versions("2.0.0-ballot", "1.10.0"), 0);
  EXPECT_LT(compare_versions("1.0.0-alpha", "1.0.0-beta"), 0);
  EXPECT_LT(compare_versions("1.0.0-2", "1.0.0-10"), 0);
  EXPECT_EQ(compare_versions("1.0.0+build5", "1.0.0"), 0);
}

TEST(CanonicalVersion, ShorterAndEmptyVersionsComeFirst) {
  EXPECT_LT(compare_versions("1.0", "1.0.0"), 0);
  EXPECT_LT(compare_versions("", "0.0.1"), 0);
  EXPECT_EQ(compare_versions("", ""), 0);
  EXPECT_LT(compare_versions("1.0.0", "1.0.a"), 0);  // a number before a word
}

TEST(CanonicalVersion, PartialVersionsMatchWithADot) {
  EXPECT_TRUE(version_matches("1", "1"));
  EXPECT_TRUE(version_matches("1", "1.5.2"));
  EXPECT_TRUE(version_matches("1.5", "1.5.2"));
  EXPECT_TRUE(version_matches("1.0.x", "1.0.3"));
  EXPECT_TRUE(version_matches("4.0", "4.0.1"));
  EXPECT_FALSE(version_matches("1", "10.0.0"));
  EXPECT_FALSE(version_matches("1.5", "1.50.0"));
  EXPECT_FALSE(version_matches("1.5.2", "1.5.2.1"));  // a full version names one version
  EXPECT_FALSE(version_matches("1.1.2", "1.1.2-url"));
  EXPECT_TRUE(version_matches("1.1.2-url", "1.1.2-url"));
  EXPECT_FALSE(version_matches("2", "1.0.0"));
}

TEST(CanonicalVersion, OpenRequestsMatchAnyVersion) {
  EXPECT_TRUE(version_matches("", "3.2.1"));
  EXPECT_TRUE(version_matches("current", "0.1.0"));
  EXPECT_TRUE(version_matches("latest", "9"));
}

}  // namespace
}  // namespace renkei::definitions
