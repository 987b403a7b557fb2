// JP-CLINS 1.5.2's example instances (../shared/reference/jp-clins-1.5.2/examples) against their
// declared profiles with R4 core + JP-CLINS + JP Core loaded: zero errors for the examples, and
// invalid for the ErrorExamples except the ones listed in jp_clins_examples_undetectable.txt.
#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "common/file_util.hpp"
#include "definitions/json_patch.hpp"
#include "jp_test_support.hpp"

using namespace renkei;
using namespace renkei::validation::testing;

namespace {

std::map<std::string, std::string> undetectable_error_examples() {
  std::map<std::string, std::string> out;
  std::ifstream in(std::string(RENKEI_SOURCE_DIR) + "/tests/unit/validation/jp_clins_examples_undetectable.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto space = line.find(' ');
    out[line.substr(0, space)] = space == std::string::npos ? "" : line.substr(space + 1);
  }
  return out;
}

std::string describe_errors(const IssueList& issues) {
  std::ostringstream out;
  for (const Issue& i : issues.items()) {
    if (i.severity == Severity::Error || i.severity == Severity::Fatal)
      out << "    " << i.line << ":" << i.column << " " << i.message << " [" << i.expression << "]\n";
  }
  return out.str();
}

std::vector<std::string> declared_profiles(const std::string& json) {
  std::string error;
  std::vector<std::string> out;
  auto root = definitions::parse_json_node(json, error);
  const definitions::JsonNode* meta = root ? root->get("meta") : nullptr;
  const definitions::JsonNode* profiles = meta ? meta->get("profile") : nullptr;
  if (profiles) {
    for (const auto& p : profiles->items) out.push_back(p.text);
  }
  return out;
}

}  // namespace

TEST(JpClinsPackages, MissingTerminologyPackageIsOneWarning) {
  RENKEI_REQUIRE_JP();
  EXPECT_EQ(jpx->store.missing_packages(), std::vector<std::string>{"jpfhir-terminology.r4"});
  size_t warnings = 0;
  for (const Issue& i : jpx->load_issues.items()) {
    if (i.message.find("jpfhir-terminology.r4") != std::string::npos) {
      EXPECT_EQ(i.severity, Severity::Warning) << i.message;
      ++warnings;
    }
  }
  EXPECT_EQ(warnings, 1u);
  EXPECT_FALSE(jpx->load_issues.has_errors());
}

TEST(JpClinsExamples, ValidateAgainstDeclaredProfiles) {
  RENKEI_REQUIRE_JP();
  std::vector<std::string> files;
  for (const auto& item : std::filesystem::directory_iterator(kClinsExamples)) {
    if (item.path().extension() == ".json") files.push_back(item.path().string());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 59u);
  const auto undetectable = undetectable_error_examples();
  size_t valid = 0, invalid = 0;
  for (const std::string& path : files) {
    const std::string name = std::filesystem::path(path).filename().string();
    const std::string json = read_file(path);
    // The profiles the example declares must all be held: otherwise "valid" would mean little.
    const auto profiles = declared_profiles(json);
    EXPECT_FALSE(profiles.empty()) << name << " declares no meta.profile";
    for (const std::string& profile : profiles)
      EXPECT_NE(jpx->store.find("StructureDefinition", profile), nullptr) << name << ": " << profile << " not held";
    const IssueList issues = jp_validate(*jpx, json, false);
    const size_t errors = issues.count(Severity::Error) + issues.count(Severity::Fatal);
    std::printf("  %-75s %zu error(s)\n", name.c_str(), errors);
    errors ? ++invalid : ++valid;
    const bool error_example = name.find("ErrorExample") != std::string::npos;
    if (!error_example) {
      EXPECT_EQ(errors, 0u) << name << ":\n" << describe_errors(issues);
    } else if (undetectable.count(name)) {
      EXPECT_EQ(errors, 0u) << name << " is listed as undetectable but is now reported invalid: update "
                            << "jp_clins_examples_undetectable.txt\n" << describe_errors(issues);
    } else {
      EXPECT_GT(errors, 0u) << name << " is an ErrorExample but validates";
    }
  }
  std::printf("JP-CLINS examples: %zu valid, %zu invalid\n", valid, invalid);
  for (const auto& [name, reason] : undetectable)
    EXPECT_TRUE(std::filesystem::exists(kClinsExamples + "/" + name)) << name << " listed but absent";
}
