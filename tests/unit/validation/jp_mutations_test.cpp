// Runs the JP-CLINS document mutations in tests/validation/jp/*.json (see the README there): a
// conformant document, a JSON Patch, and the exact errors the patched document must give.
#include <algorithm>
#include <sstream>

#include "common/file_util.hpp"
#include "definitions/json_patch.hpp"
#include "jp_test_support.hpp"

using namespace renkei;
using namespace renkei::validation::testing;
using definitions::JsonNode;

namespace {

struct ExpectedError {
  std::string expression, message;
  bool matches(const Issue& issue) const {
    return issue.expression == expression && issue.message.find(message) != std::string::npos;
  }
};

std::vector<ExpectedError> read_expected(const JsonNode* list) {
  std::vector<ExpectedError> out;
  if (!list) return out;
  for (const JsonNode& item : list->items)
    out.push_back({item.get("expression") ? item.get("expression")->text : "",
                   item.get("message") ? item.get("message")->text : ""});
  return out;
}

std::string describe(const std::vector<const Issue*>& errors) {
  std::ostringstream out;
  for (const Issue* i : errors) out << "    " << i->message << " [" << i->expression << "]\n";
  return out.str();
}

class JpMutation : public ::testing::TestWithParam<std::string> {};

TEST_P(JpMutation, ReportsExactlyTheExpectedErrors) {
  RENKEI_REQUIRE_JP();
  ASSERT_TRUE(jpx->errata_validator) << "errata not loaded";
  std::string error;
  const auto spec = definitions::parse_json_node(read_file(GetParam()), error);
  ASSERT_TRUE(spec) << GetParam() << ": " << error;
  const JsonNode* document = spec->get("document");
  ASSERT_TRUE(document) << "no document";
  auto tree = definitions::parse_json_node(read_file(std::string(RENKEI_SOURCE_DIR) + "/" + document->text), error);
  ASSERT_TRUE(tree) << document->text << ": " << error;
  std::vector<definitions::JsonPatchOperation> patch;
  ASSERT_TRUE(spec->get("patch") && definitions::parse_json_patch(*spec->get("patch"), patch, error)) << error;
  ASSERT_TRUE(definitions::apply_json_patch(*tree, patch, error)) << error;
  const bool errata = spec->get("errata") && spec->get("errata")->text == "true";

  const IssueList issues = jp_validate(*jpx, definitions::to_json_text(*tree), errata);
  std::vector<const Issue*> errors;
  for (const Issue& i : issues.items())
    if (i.severity == Severity::Error || i.severity == Severity::Fatal) errors.push_back(&i);
  const auto expected = read_expected(spec->get("expect"));
  const auto tolerated = read_expected(spec->get("tolerated"));
  for (const ExpectedError& e : expected) {
    EXPECT_TRUE(std::any_of(errors.begin(), errors.end(), [&](const Issue* i) { return e.matches(*i); }))
        << "missing error at " << e.expression << ": " << e.message << "\n  reported:\n" << describe(errors);
  }
  for (const Issue* i : errors) {
    const auto fits = [&](const ExpectedError& e) { return e.matches(*i); };
    EXPECT_TRUE(std::any_of(expected.begin(), expected.end(), fits) ||
                std::any_of(tolerated.begin(), tolerated.end(), fits))
        << "unexpected error: " << i->message << " [" << i->expression << "]";
  }
}

std::vector<std::string> cases() {
  std::vector<std::string> out;
  const std::filesystem::path dir = std::filesystem::path(RENKEI_SOURCE_DIR) / "tests/validation/jp";
  for (const auto& item : std::filesystem::directory_iterator(dir))
    if (item.path().extension() == ".json") out.push_back(item.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string case_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = std::filesystem::path(info.param).stem().string();
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, JpMutation, ::testing::ValuesIn(cases()), case_name);

}  // namespace
