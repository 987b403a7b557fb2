// End-to-end conversion: CSV and XML of the same form instance give the same document; bad records are
// rejected with file:line:column and the field name, without patient values, while the others convert;
// every document validates against R4 core and the project profiles.
#include <gtest/gtest.h>

#include <map>
#include <regex>

#include "common/file_util.hpp"
#include "conversion_fixture.hpp"

namespace renkei::testing {
namespace {

std::string sample(const std::string& form, const std::string& file) {
  return read_file(std::string(RENKEI_SOURCE_DIR) + "/samples/forms/" + form + "/" + file);
}

std::map<std::string, std::string> documents_by_name(const std::vector<documents::ConvertedRecord>& records) {
  std::map<std::string, std::string> out;
  for (const auto& r : records) {
    EXPECT_FALSE(r.rejected()) << r.source << ":" << r.line << " "
                               << (r.issues.items().empty() ? "" : r.issues.items()[0].message);
    if (!r.rejected()) out[r.file_stem] = document_json(r);
  }
  return out;
}

struct SampleSet {
  std::string form, cp932, header, xml;
};
const SampleSet kSamples[] = {
    {"houmon-kango-keikakusho", "HKKEIKAKU_202304_1360000017_13_20230501090000.csv",
     "HKKEIKAKU_H_202304_1360000017_utf8.csv", "HKKEIKAKU_202304_1360000017.xml"},
    {"houmon-kango-houkokusho", "HKHOUKOKU_202304_1360000017_13_20230501090000.csv",
     "HKHOUKOKU_H_202304_1360000017_utf8.csv", "HKHOUKOKU_202304_1360000017.xml"},
    {"kango-eiyou-jouhou", "KANGOEIYOU_202306_1370000025_20230620090000.csv", "KANGOEIYOU_H_202306_1370000025_utf8.csv",
     "KANGOEIYOU_202306_1370000025.xml"},
    {"nyuin-jouhou-teikyousho", "NYUINJOHO_202306_1370000025_20230620090000.csv",
     "NYUINJOHO_H_202306_1370000025_utf8.csv", "NYUINJOHO_202306_1370000025.xml"},
    {"taiin-jouhou-kirokusho", "TAIINJOHO_202306_1370000025_20230620090000.csv",
     "TAIINJOHO_H_202306_1370000025_utf8.csv", "TAIINJOHO_202306_1370000025.xml"},
};

TEST(Conversion, SameRecordInCsvAndXmlGivesTheIdenticalDocument) {
  RENKEI_REQUIRE_CONVERSION_ENV();
  for (const SampleSet& s : kSamples) {
    SCOPED_TRACE(s.form);
    auto cp932 = documents_by_name(convert_bytes(sample(s.form, s.cp932), s.cp932));
    auto header = documents_by_name(convert_bytes(sample(s.form, s.header), s.header));
    auto xml = documents_by_name(convert_bytes(sample(s.form, s.xml), s.xml));
    ASSERT_EQ(cp932.size(), 3u);
    ASSERT_EQ(header.size(), 2u);
    ASSERT_EQ(xml.size(), 2u);
    size_t shared = 0;
    for (const auto& [name, doc] : xml) {
      ASSERT_TRUE(cp932.count(name)) << name << " of the XML is not in the CP932 CSV";
      EXPECT_EQ(doc, cp932[name]) << name;
      ++shared;
      if (header.count(name)) {
        EXPECT_EQ(doc, header[name]) << name;
        ++shared;
      }
    }
    EXPECT_EQ(shared, 3u);  // patient A in all three files, patient B in CSV and XML
  }
}

TEST(Conversion, ConvertingTwiceGivesTheSameBytes) {
  RENKEI_REQUIRE_CONVERSION_ENV();
  const SampleSet& s = kSamples[0];
  auto first = documents_by_name(convert_bytes(sample(s.form, s.cp932), s.cp932));
  auto second = documents_by_name(convert_bytes(sample(s.form, s.cp932), s.cp932));
  EXPECT_EQ(first, second);
}

TEST(Conversion, EverySampleValidatesWithoutErrors) {
  RENKEI_REQUIRE_CONVERSION_ENV();
  for (const SampleSet& s : kSamples)
    for (const std::string& file : {s.cp932, s.header, s.xml})
      for (const auto& r : convert_bytes(sample(s.form, file), file)) {
        ASSERT_FALSE(r.rejected()) << file;
        auto& env = ConversionEnvironment::get();
        IssueList v = env.validator->validate(*r.document, {});
        for (const Issue& i : v.items())
          EXPECT_NE(i.severity, Severity::Error) << file << ": " << i.message << " [" << i.expression << "]";
      }
}

TEST(Conversion, BadRecordsAreRejectedWithPositionAndFieldAndTheOthersConvert) {
  RENKEI_REQUIRE_CONVERSION_ENV();
  std::string bytes = read_file(std::string(RENKEI_SOURCE_DIR) + "/tests/golden/hkk-bad-input/input.csv");
  auto records = convert_bytes(bytes, "bad.csv");
  size_t written = 0, rejected = 0;
  std::vector<std::string> messages;
  for (const auto& r : records) {
    (r.rejected() ? rejected : written)++;
    for (const Issue& i : r.issues.items())
      if (i.severity == Severity::Error || i.severity == Severity::Fatal) {
        EXPECT_EQ(i.expression, "bad.csv");
        EXPECT_GT(i.line, 0u) << i.message;
        EXPECT_GT(i.column, 0u) << i.message;
        messages.push_back(i.message);
      }
  }
  EXPECT_EQ(records.size(), written + rejected);
  EXPECT_EQ(written, 2u);
  EXPECT_EQ(rejected, 8u);
  auto has = [&](const std::string& text) {
    for (const auto& m : messages)
      if (m.find(text) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(has("field 計画書作成日:"));        // 20231345
  EXPECT_TRUE(has("field 要介護状態区分: unknown code"));
  EXPECT_TRUE(has("field 利用者氏名フリガナ:"));  // not katakana
  EXPECT_TRUE(has("field 利用者氏名: required value is missing"));
  EXPECT_TRUE(has("field 被保険者番号:"));        // 5 digits
  EXPECT_TRUE(has("field CSVバージョン: version 201910"));
  EXPECT_TRUE(has("invalid CP932"));
  EXPECT_TRUE(has("unterminated quoted field"));
  for (const auto& m : messages)  // no patient values
    for (const char* value : {"20231345", "12345", "Yamabuki", "29"})
      EXPECT_EQ(m.find(value), std::string::npos) << m;
}

TEST(Conversion, UnknownInputIsRejectedListingTheKnownLayouts) {
  RENKEI_REQUIRE_CONVERSION_ENV();
  auto records = convert_bytes("201910,1,2,3\r\n", "x.csv");
  ASSERT_EQ(records.size(), 1u);
  ASSERT_TRUE(records[0].rejected());
  const std::string& m = records[0].issues.items().at(0).message;
  EXPECT_NE(m.find("renkei-hkk-csv-202208"), std::string::npos) << m;
  EXPECT_NE(m.find("renkei-hkh-xml-202208"), std::string::npos) << m;
}

TEST(Conversion, FormOptionRestrictsRecognition) {
  RENKEI_REQUIRE_CONVERSION_ENV();
  const SampleSet& s = kSamples[0];
  documents::ConvertOptions options;
  options.form = "houmon-kango-houkokusho";
  auto records = convert_bytes(sample(s.form, s.cp932), s.cp932, options);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0].rejected());
}

// An entry of a profiled Bundle is reached through Bundle and through the Bundle profile; it is walked
// once per plan of its own (base and meta.profile), so a profile-only rule of the entry is still checked,
// and reported once.
TEST(Conversion, EntryProfilesAreCheckedOnceWhenTheBundleIsProfiled) {
  RENKEI_REQUIRE_CONVERSION_ENV();
  auto& env = ConversionEnvironment::get();
  const SampleSet& s = kSamples[0];
  auto records = convert_bytes(sample(s.form, s.cp932), s.cp932);
  ASSERT_FALSE(records.empty());
  ASSERT_FALSE(records[0].rejected());
  model::Node* title = records[0].document->root()->child("entry")->child("resource")->child("title");
  ASSERT_NE(title, nullptr);
  title->text = "別の表題";  // the composition profile fixes the title
  IssueList issues = env.validator->validate(*records[0].document, {});
  size_t fixed = 0;
  for (const Issue& i : issues.items())
    if (i.severity == Severity::Error && i.rule == "fixed" && i.expression == "Bundle.entry[0].resource.title") ++fixed;
  EXPECT_EQ(fixed, 1u);
}

}  // namespace
}  // namespace renkei::testing
