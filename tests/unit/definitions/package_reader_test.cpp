#include "definitions/package_reader.hpp"

#include <gtest/gtest.h>

#include <map>

#include "definitions/json_buffer.hpp"
#include "definitions_test_support.hpp"

namespace renkei::definitions {
namespace {

using testing::fixture;
using testing::ScratchDir;
using testing::write_tgz;

std::map<std::string, std::string> read_all(const PackageSource& source, IssueList& issues, bool* readable) {
  std::map<std::string, std::string> members;
  *readable = read_package_members(
      source, [&](PackageMember&& member) { members[member.name] = member.bytes; }, issues);
  return members;
}

TEST(PackageReader, ClassifiesMembersLikeTheNpmLayout) {
  EXPECT_EQ(classify_package_member("package/package.json"), MemberRole::Manifest);
  EXPECT_EQ(classify_package_member("package/StructureDefinition-Patient.json"), MemberRole::Resource);
  EXPECT_EQ(classify_package_member("package/.index.json"), MemberRole::Ignored);
  EXPECT_EQ(classify_package_member("package/example/Patient-x.json"), MemberRole::Ignored);
  EXPECT_EQ(classify_package_member("package/other/ig-r4.json"), MemberRole::Ignored);
  EXPECT_EQ(classify_package_member("package/openapi/Patient.openapi.json"), MemberRole::Ignored);
  EXPECT_EQ(classify_package_member("package/readme.md"), MemberRole::Ignored);
  EXPECT_EQ(classify_package_member("package/.json"), MemberRole::Ignored);
  EXPECT_EQ(classify_package_member("other/package.json"), MemberRole::Ignored);
}

TEST(PackageReader, LocatesAFolderHoldingPackageOrThePackageFolderItself) {
  IssueList issues;
  const auto outer = locate_package(fixture("packages/example.ig"), issues);
  ASSERT_TRUE(outer.has_value());
  EXPECT_FALSE(outer->is_archive);
  const auto inner = locate_package(fixture("packages/example.ig/package"), issues);
  ASSERT_TRUE(inner.has_value());
  EXPECT_EQ(std::filesystem::path(outer->package_dir), std::filesystem::path(inner->package_dir));
  EXPECT_TRUE(issues.empty());

  EXPECT_FALSE(locate_package(fixture("canonical"), issues).has_value());
  EXPECT_FALSE(locate_package(fixture("no-such-folder"), issues).has_value());
  EXPECT_EQ(issues.count(Severity::Error), 2u);
}

TEST(PackageReader, FolderYieldsManifestAndTopLevelResourcesOnly) {
  IssueList issues;
  const auto source = locate_package(fixture("packages/example.ig"), issues);
  ASSERT_TRUE(source.has_value());
  bool readable = false;
  const auto members = read_all(*source, issues, &readable);
  EXPECT_TRUE(readable);
  EXPECT_TRUE(issues.empty());
  std::vector<std::string> names;
  for (const auto& [name, bytes] : members) names.push_back(name);
  const std::vector<std::string> expected{"package/ImplementationGuide-example.ig.json", "package/Patient-example.json",
                                          "package/StructureDefinition-ig-extension.json", "package/package.json"};
  EXPECT_EQ(names, expected);
}

TEST(PackageReader, ArchiveMembersAreReadPaddedAndFiltered) {
  ScratchDir scratch;
  const std::string tgz = scratch.path("p.tgz");
  write_tgz(tgz, {{"./package/package.json", R"({"name":"x","version":"1.0.0"})"},
                  {"package/ValueSet-a.json", R"({"resourceType":"ValueSet"})"},
                  {"package/example/ValueSet-b.json", "{}"},
                  {"package/.index.json", "{}"}});
  IssueList issues;
  const auto source = locate_package(tgz, issues);
  ASSERT_TRUE(source.has_value());
  EXPECT_TRUE(source->is_archive);
  std::vector<PackageMember> members;
  EXPECT_TRUE(read_package_members(*source, [&](PackageMember&& m) { members.push_back(std::move(m)); }, issues));
  ASSERT_EQ(members.size(), 2u) << testing::describe(issues);
  EXPECT_EQ(members[0].name, "package/package.json");  // "./" prefix normalised
  EXPECT_EQ(members[1].name, "package/ValueSet-a.json");
  EXPECT_EQ(members[1].source, tgz + "!package/ValueSet-a.json");
  EXPECT_EQ(members[1].bytes, R"({"resourceType":"ValueSet"})");
  EXPECT_GE(members[1].bytes.capacity(), members[1].bytes.size() + kJsonPadding);

  const auto manifest = read_package_manifest(*source, issues);
  ASSERT_TRUE(manifest.has_value());
  EXPECT_EQ(manifest->bytes, R"({"name":"x","version":"1.0.0"})");
  EXPECT_TRUE(issues.empty()) << testing::describe(issues);
}

TEST(PackageReader, CorruptAndTruncatedArchivesAreReportedNotFatal) {
  IssueList issues;
  const auto garbage = locate_package(fixture("broken/not-an-archive.tgz"), issues);
  ASSERT_TRUE(garbage.has_value());
  bool readable = true;
  read_all(*garbage, issues, &readable);
  EXPECT_FALSE(readable);
  EXPECT_TRUE(testing::any_issue_mentions(issues, Severity::Error, "not-an-archive.tgz"));

  // The first 40% of a real package: gzip stream ends mid-member.
  const std::string original = testing::shared_reference("jp-core-1.1.2-url/jp-core.r4-1.1.2-url.tgz");
  if (!std::filesystem::exists(original)) GTEST_SKIP() << "shared reference absent: " << original;
  ScratchDir scratch;
  const std::string truncated = scratch.path("truncated.tgz");
  {
    IssueList read_issues;
    const auto bytes = read_json_file(original, read_issues);  // any file: just bytes
    ASSERT_TRUE(bytes.has_value());
    std::FILE* out = std::fopen(truncated.c_str(), "wb");
    ASSERT_NE(out, nullptr);
    std::fwrite(bytes->data(), 1, bytes->size() * 2 / 5, out);
    std::fclose(out);
  }
  IssueList truncated_issues;
  const auto source = locate_package(truncated, truncated_issues);
  ASSERT_TRUE(source.has_value());
  read_all(*source, truncated_issues, &readable);
  EXPECT_FALSE(readable);
  EXPECT_TRUE(testing::any_issue_mentions(truncated_issues, Severity::Error, "truncated.tgz"))
      << testing::describe(truncated_issues);
}

TEST(PackageReader, MissingManifestIsReported) {
  IssueList issues;
  const auto source = locate_package(fixture("broken/package-no-manifest"), issues);
  ASSERT_TRUE(source.has_value());
  EXPECT_FALSE(read_package_manifest(*source, issues).has_value());
  EXPECT_TRUE(testing::any_issue_mentions(issues, Severity::Error, "package.json"));
}

}  // namespace
}  // namespace renkei::definitions
