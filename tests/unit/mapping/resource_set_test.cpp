// ResourceSet against the R4 definitions (skipped when they are not installed).
#include <gtest/gtest.h>

#include "definitions/definition_store.hpp"
#include "definitions/type_model.hpp"
#include "io/fhir_writer.hpp"
#include "mapping/resource_set.hpp"

namespace renkei::mapping {
namespace {

const definitions::TypeModel* r4_types() {
  static std::shared_ptr<const definitions::TypeModel> types = [] {
    static definitions::DefinitionStore store;
    IssueList issues;
    if (!store.load_r4_core(issues)) return std::shared_ptr<const definitions::TypeModel>();
    return definitions::TypeModel::build(store, issues);
  }();
  return types.get();
}

TargetPath path(const std::string& text) {
  std::string error;
  auto p = parse_target_path(text, error);
  EXPECT_TRUE(p) << error;
  return *p;
}

TEST(ResourceSet, KeyedItemsCollectSeveralFieldsAndFragmentsFillThem) {
  if (!r4_types()) GTEST_SKIP() << "FHIR R4 core definitions are not installed";
  ResourceSet rs(*r4_types());
  FieldValue v;
  std::string error;
  v.text = "緑川";
  ASSERT_TRUE(rs.set(path("Patient[patient].name[kanji].family"), v, v.text, error)) << error;
  v.text = "花子";
  ASSERT_TRUE(rs.set(path("Patient[patient].name[kanji].given[1]"), v, v.text, error)) << error;
  v.text = "true";
  ASSERT_TRUE(rs.set(path("Patient[patient].active"), v, v.text, error)) << error;
  EXPECT_FALSE(rs.set(path("Patient[patient].active"), v, v.text, error));  // single-valued, twice
  EXPECT_FALSE(rs.set(path("Patient[patient].nonsense"), v, v.text, error));
  JsonValue fragment;
  ASSERT_TRUE((fragment = *parse_json_value(R"({"use":"official"})", error)).is_object());
  for (const auto& m : rs.match(path("Patient[*].name[kanji]")))
    ASSERT_TRUE(rs.merge(m.node, m.type, fragment, m.binding, error)) << error;
  std::string json = io::write_json(*rs.resources().at(0).root, io::WriteOptions{r4_types(), false});
  // The tree is untyped until it is read back, so the writer keeps insertion order.
  EXPECT_EQ(json, R"({"resourceType":"Patient","name":[{"family":"緑川","given":["花子"],"use":"official"}],"active":true})");
}

TEST(ResourceSet, CodedValuesFillCodeableConcepts) {
  if (!r4_types()) GTEST_SKIP() << "FHIR R4 core definitions are not installed";
  ResourceSet rs(*r4_types());
  FieldValue v;
  v.text = "21";
  v.coding = TranslatedCode{"http://x/cs", "21", "要介護1"};
  std::string error;
  ASSERT_TRUE(rs.set(path("Observation[youkaigo].valueCodeableConcept"), v, v.text, error)) << error;
  auto matches = rs.match(path("Observation[*].valueCodeableConcept"));
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].binding, "youkaigo");
  std::string json = io::write_json(*rs.resources().at(0).root, io::WriteOptions{r4_types(), false});
  EXPECT_EQ(json,
            R"({"resourceType":"Observation","valueCodeableConcept":{"coding":[{"system":"http://x/cs","code":"21","display":"要介護1"}]}})");
}

}  // namespace
}  // namespace renkei::mapping
