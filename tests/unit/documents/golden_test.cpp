// Golden tests: every folder under tests/golden holds one input (input.csv / input.xml, optionally a `form`
// file naming the form) and expected.json, the conversion result byte for byte: counts, rejection messages
// and the documents. Adding a case is adding a folder. RENKEI_UPDATE_GOLDEN=1 rewrites expected.json.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "common/file_util.hpp"
#include "conversion_fixture.hpp"

namespace fs = std::filesystem;
namespace renkei::testing {
namespace {

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string golden_text(const std::vector<documents::ConvertedRecord>& records) {
  size_t written = 0, rejected = 0;
  std::string rejections, docs;
  for (const auto& r : records) {
    if (r.rejected()) {
      ++rejected;
      for (const Issue& i : r.issues.items()) {
        if (i.severity != Severity::Error && i.severity != Severity::Fatal) continue;
        std::string where = i.expression.empty() ? r.source : i.expression;
        if (i.line) where += ":" + std::to_string(i.line) + (i.column ? ":" + std::to_string(i.column) : "");
        rejections += (rejections.empty() ? "\n    " : ",\n    ") + json_string(where + ": " + i.message);
      }
    } else {
      ++written;
      docs += (docs.empty() ? "\n" : ",\n") + document_json(r);
    }
  }
  return "{\n  \"read\": " + std::to_string(records.size()) + ",\n  \"written\": " + std::to_string(written) +
         ",\n  \"rejected\": " + std::to_string(rejected) + ",\n  \"rejections\": [" + rejections +
         (rejections.empty() ? "" : "\n  ") + "],\n  \"documents\": [" + docs + (docs.empty() ? "" : "\n  ") + "]\n}\n";
}

TEST(Golden, EveryCaseConvertsToItsExpectedOutput) {
  RENKEI_REQUIRE_CONVERSION_ENV();
  fs::path root = fs::path(RENKEI_SOURCE_DIR) / "tests" / "golden";
  std::vector<fs::path> cases;
  for (const auto& e : fs::directory_iterator(root))
    if (e.is_directory()) cases.push_back(e.path());
  std::sort(cases.begin(), cases.end());
  ASSERT_GE(cases.size(), 6u) << "golden cases missing under " << root;
  bool update = std::getenv("RENKEI_UPDATE_GOLDEN") != nullptr;
  for (const fs::path& dir : cases) {
    SCOPED_TRACE(dir.filename().string());
    fs::path input;
    for (const char* name : {"input.csv", "input.xml"})
      if (fs::exists(dir / name)) input = dir / name;
    ASSERT_FALSE(input.empty()) << "no input.csv / input.xml";
    documents::ConvertOptions options;
    if (fs::exists(dir / "form")) {
      options.form = read_file((dir / "form").string());
      while (!options.form.empty() && std::isspace(static_cast<unsigned char>(options.form.back())))
        options.form.pop_back();
    }
    // The source name is the bare file name so that messages do not depend on where the tree is.
    std::string actual = golden_text(convert_bytes(read_file(input.string()), input.filename().string(), options));
    fs::path expected_path = dir / "expected.json";
    if (update) {
      write_file_atomic(expected_path.string(), actual);
      continue;
    }
    ASSERT_TRUE(fs::exists(expected_path)) << "no expected.json (run with RENKEI_UPDATE_GOLDEN=1 to create it)";
    std::string expected = read_file(expected_path.string());
    EXPECT_TRUE(expected == actual) << "output differs from " << expected_path
                                    << " (RENKEI_UPDATE_GOLDEN=1 rewrites it after review)";
  }
}

}  // namespace
}  // namespace renkei::testing
