// Equality of typed primitive nodes: codes, ids, URIs and strings compare as their text
// (without conversion), other types keep their FHIRPath meaning.
#include <gtest/gtest.h>

#include <memory>

#include "definitions/definition_store.hpp"
#include "definitions/type_model.hpp"
#include "fhirpath_test_support.hpp"
#include "io/fhir_reader.hpp"

namespace renkei::fhirpath {
namespace {

using testing::show;

class TypedEquality : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    store_ = std::make_unique<definitions::DefinitionStore>();
    IssueList issues;
    if (store_->load_r4_core(issues)) types_ = definitions::TypeModel::build(*store_, issues);
  }
  static void TearDownTestSuite() {
    types_.reset();
    store_.reset();
  }
  void SetUp() override {
    if (!types_) GTEST_SKIP() << "the R4 core package is not available";
    io::ReadOptions options;
    options.types = types_.get();
    IssueList issues;
    doc_ = io::read_json(R"({"resourceType": "Observation", "id": "obs-1", "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "1234-5"}, {"system": "http://loinc.org", "code": "1234-5"}]},
        "valueString": "2020-01-01", "effectiveDateTime": "2020-01-01"})",
                         options, issues);
    ASSERT_TRUE(doc_) << (issues.empty() ? "" : issues.items().front().message);
    context_.types = types_.get();
    context_.resource = doc_->root();
  }

  std::string eval(std::string_view expression) { return show(expression, context_); }

  static std::unique_ptr<definitions::DefinitionStore> store_;
  static std::shared_ptr<const definitions::TypeModel> types_;
  std::optional<model::Document> doc_;
  EvalContext context_;
};
std::unique_ptr<definitions::DefinitionStore> TypedEquality::store_;
std::shared_ptr<const definitions::TypeModel> TypedEquality::types_;

TEST_F(TypedEquality, CodesIdsAndStringsCompareAsText) {
  EXPECT_EQ(eval("status = 'final'"), "true");
  EXPECT_EQ(eval("status = 'Final'"), "false");
  EXPECT_EQ(eval("status != 'amended'"), "true");
  EXPECT_EQ(eval("id = 'obs-1'"), "true");
  EXPECT_EQ(eval("code.coding[0].system = code.coding[1].system"), "true");
  EXPECT_EQ(eval("code.coding.code.distinct().count()"), "1");
  EXPECT_EQ(eval("(code.coding.code | code.coding.code).count()"), "1");
  EXPECT_EQ(eval("code.coding.code contains '1234-5'"), "true");
  EXPECT_EQ(eval("status = code.coding[0].code"), "false");
}

TEST_F(TypedEquality, OtherTypesKeepTheirMeaning) {
  EXPECT_EQ(eval("value = '2020-01-01'"), "true");          // a string that looks like a date is a String
  EXPECT_EQ(eval("effective = @2020-01-01"), "true");       // a dateTime is a date
  EXPECT_EQ(eval("effective = '2020-01-01'"), "false");     // and not a String
  EXPECT_EQ(eval("value = @2020-01-01"), "false");
}

}  // namespace
}  // namespace renkei::fhirpath
