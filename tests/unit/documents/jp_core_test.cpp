// Every resource of the converted samples against the JP Core 1.1.2 profile it resembles (runs when
// ../shared/reference/jp-core-1.1.2-url is present).
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "common/file_util.hpp"
#include "conversion_fixture.hpp"
#include "io/fhir_reader.hpp"

namespace renkei::testing {
namespace {

const std::map<std::string, std::string> kJpCoreProfile = {
    {"Patient", "JP_Patient"},           {"Organization", "JP_Organization"}, {"Practitioner", "JP_Practitioner"},
    {"PractitionerRole", "JP_PractitionerRole"}, {"Coverage", "JP_Coverage"}, {"Observation", "JP_Observation_Common"},
    {"Condition", "JP_Condition"},       {"CarePlan", "JP_CarePlan"},         {"Encounter", "JP_Encounter"},
    {"Procedure", "JP_Procedure"},       {"RelatedPerson", "JP_RelatedPerson"}, {"ServiceRequest", "JP_ServiceRequest"},
    {"AllergyIntolerance", "JP_AllergyIntolerance"},
};

TEST(JpCore, EveryResourceConformsToTheJpCoreProfileItResembles) {
  RENKEI_REQUIRE_CONVERSION_ENV();
  std::string package = std::string(RENKEI_SHARED_DIR) + "/reference/jp-core-1.1.2-url/jp-core.r4-1.1.2-url.tgz";
  if (!std::filesystem::exists(package)) GTEST_SKIP() << "JP Core 1.1.2 package not present at " << package;
  // A store of its own: R4 core + JP Core (+ the project profiles), so other tests are unaffected.
  static definitions::DefinitionStore store;
  static std::shared_ptr<const definitions::TypeModel> types;
  static bool loaded = false;
  if (!loaded) {
    IssueList issues;
    ASSERT_TRUE(store.load_r4_core(issues));
    ASSERT_TRUE(store.load_package(package, issues));
    store.load_folder(std::string(RENKEI_SOURCE_DIR) + "/profiles", issues);
    types = definitions::TypeModel::build(store, issues);
    loaded = true;
  }
  validation::Validator validator(store, *types);
  size_t checked = 0;
  // Every form's samples: the folders of samples/forms named after a form of the mappings.
  std::vector<std::filesystem::path> dirs;
  for (const auto& d : std::filesystem::directory_iterator(std::string(RENKEI_SOURCE_DIR) + "/samples/forms"))
    if (d.is_directory() && ConversionEnvironment::get().catalog->form_template(d.path().filename().string()))
      dirs.push_back(d.path());
  EXPECT_EQ(dirs.size(), ConversionEnvironment::get().catalog->forms().size()) << "a sample folder per form";
  for (const auto& dir : dirs) {
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      std::string file = e.path().filename().string();
      for (const auto& r : convert_bytes(read_file(e.path().string()), file)) {
        ASSERT_FALSE(r.rejected()) << file;
        for (const model::Node* entry = r.document->root()->first_child; entry; entry = entry->next) {
          if (entry->name != "entry") continue;
          const model::Node* resource = entry->child("resource");
          auto it = kJpCoreProfile.find(std::string(resource->resource_type));
          if (it == kJpCoreProfile.end()) continue;
          std::string json = io::write_json(*resource, io::WriteOptions{});
          IssueList read_issues;
          io::ReadOptions ro;
          ro.types = types.get();
          auto doc = io::read_json(json, ro, read_issues);
          ASSERT_TRUE(doc);
          validation::ValidatorOptions vo;
          vo.profiles = {"http://jpfhir.jp/fhir/core/StructureDefinition/" + it->second};
          IssueList result = validator.validate(*doc, vo);
          for (const Issue& i : result.items()) {
            EXPECT_EQ(i.rule, i.rule == "profile-unknown" ? "" : i.rule) << it->second << " was not checked: " << i.message;
            EXPECT_TRUE(i.severity != Severity::Error && i.severity != Severity::Fatal)
                << file << " " << resource->resource_type << " vs " << it->second << ": " << i.message << " ["
                << i.expression << "]";
          }
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, 500u);
}

}  // namespace
}  // namespace renkei::testing
