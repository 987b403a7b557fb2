// The mapping data of the repository: loads without problems, uses the one canonical base of
// variables.json, and every code system it writes is defined in profiles/.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "common/file_util.hpp"
#include "mapping/mapping_catalog.hpp"

namespace renkei::mapping {
namespace {

TEST(MappingCatalog, RepositoryMappingsLoad) {
  IssueList issues;
  auto catalog = MappingCatalog::load(std::string(RENKEI_SOURCE_DIR) + "/mappings", issues);
  ASSERT_TRUE(catalog) << (issues.items().empty() ? "" : issues.items()[0].expression + ": " + issues.items()[0].message);
  EXPECT_EQ(catalog->layouts().size(), 15u);  // five forms × (CSV, CSV with header, XML)
  EXPECT_EQ(catalog->forms(), (std::vector<std::string>{"houmon-kango-houkokusho", "houmon-kango-keikakusho",
                                                        "kango-eiyou-jouhou", "nyuin-jouhou-teikyousho",
                                                        "taiin-jouhou-kirokusho"}));
  const FormLayout* csv = catalog->layout("renkei-hkk-csv-202208");
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->kind, InputKind::Csv);
  EXPECT_EQ(csv->column_count, 34u);
  EXPECT_TRUE(catalog->form_template("houmon-kango-keikakusho"));
}

TEST(MappingCatalog, CodeSystemsWrittenByTheTemplatesAreDefinedInProfiles) {
  IssueList issues;
  auto catalog = MappingCatalog::load(std::string(RENKEI_SOURCE_DIR) + "/mappings", issues);
  ASSERT_TRUE(catalog);
  std::string base = catalog->variable("base");
  ASSERT_FALSE(base.empty());
  std::regex system_re("\"(" + std::regex_replace(base, std::regex(R"([.])"), R"(\.)") + R"(/CodeSystem/[a-z0-9-]+)\")");
  size_t checked = 0;
  for (const auto& e : std::filesystem::directory_iterator(std::string(RENKEI_SOURCE_DIR) + "/mappings/templates")) {
    std::string text = read_file(e.path().string());
    // Expand the variable the templates use for code systems.
    text = std::regex_replace(text, std::regex(R"(\$\{cs\})"), base + "/CodeSystem");
    for (std::sregex_iterator it(text.begin(), text.end(), system_re), end; it != end; ++it) {
      std::string url = (*it)[1];
      std::string id = url.substr(url.rfind('/') + 1);
      std::string file = std::string(RENKEI_SOURCE_DIR) + "/profiles/CodeSystem-" + id + ".json";
      ASSERT_TRUE(std::filesystem::exists(file)) << url;
      EXPECT_NE(read_file(file).find("\"url\": \"" + url + "\""), std::string::npos) << file;
      ++checked;
    }
  }
  EXPECT_GT(checked, 10u);
}

TEST(MappingCatalog, BadLayoutsAreReportedWithTheirFile) {
  auto dir = std::filesystem::temp_directory_path() / "renkei-mapping-catalog-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "templates");
  write_file_atomic((dir / "templates" / "f.json").string(), R"({"form":"f","uuid_namespace":"n"})");
  write_file_atomic((dir / "bad.json").string(),
                    R"({"form":"f","layout":"l","input":{"kind":"csv","columns":2},"keys":["a"],
                        "fields":[{"id":"a","source":2,"to":["Patient.nonsense["]},
                                  {"id":"b","source":3,"type":"code","concept_map":"missing"}]})");
  IssueList issues;
  EXPECT_FALSE(MappingCatalog::load(dir.string(), issues));
  std::string all;
  for (const Issue& i : issues.items()) all += i.expression + ": " + i.message + "\n";
  EXPECT_NE(all.find("bad.json: field a: destination"), std::string::npos) << all;
  EXPECT_NE(all.find("unknown ConceptMap missing"), std::string::npos) << all;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace renkei::mapping
