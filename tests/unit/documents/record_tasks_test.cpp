// FormConverter::split + convert(RecordTask): the halves a parallel batch uses give, from two threads at
// once, exactly what the one-call convert() gives, record for record and in the same order.
#include <gtest/gtest.h>

#include <thread>

#include "common/file_util.hpp"
#include "conversion_fixture.hpp"

namespace renkei::testing {
namespace {

std::string outcome(const documents::ConvertedRecord& r) {
  std::string out = r.source + ":" + std::to_string(r.line) + " " + r.layout + " " + r.file_stem + "\n";
  for (const Issue& i : r.issues.items()) out += i.code + " " + std::to_string(i.line) + " " + i.message + "\n";
  if (!r.rejected()) out += document_json(r, false);
  return out;
}

TEST(RecordTasks, SplitThenConvertOnTwoThreadsMatchesConvert) {
  RENKEI_REQUIRE_CONVERSION_ENV();
  const auto& converter = *ConversionEnvironment::get().converter;
  const std::string dir = std::string(RENKEI_SOURCE_DIR) + "/samples/forms/houmon-kango-keikakusho/";
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {"HKKEIKAKU_202304_1360000017_13_20230501090000.csv",
       read_file(dir + "HKKEIKAKU_202304_1360000017_13_20230501090000.csv")},
      {"HKKEIKAKU_202304_1360000017.xml", read_file(dir + "HKKEIKAKU_202304_1360000017.xml")},
      {"unknown.csv", "a,b,c\n1,2,3\n"},
  };
  documents::ConvertOptions options;
  std::vector<std::string> want;
  std::vector<documents::RecordTask> tasks;
  for (const auto& [name, bytes] : inputs) {
    for (const auto& r : convert_bytes(bytes, name, options)) want.push_back(outcome(r));
    converter.split(bytes, name, options, [&](documents::RecordTask&& t) { tasks.push_back(std::move(t)); });
  }
  ASSERT_EQ(tasks.size(), want.size());
  ASSERT_GE(tasks.size(), 6u);  // 3 CSV records, 2 XML records, 1 rejected input

  std::vector<std::string> got(tasks.size());
  auto work = [&](size_t first) {
    for (size_t i = first; i < tasks.size(); i += 2) got[i] = outcome(converter.convert(std::move(tasks[i]), options));
  };
  std::thread other(work, 1);
  work(0);
  other.join();
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(got[i], want[i]) << "record " << i;
  EXPECT_NE(want.back().find("not-supported"), std::string::npos);
}

}  // namespace
}  // namespace renkei::testing
