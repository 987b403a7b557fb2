#include "pipeline/input_reader.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using renkei::pipeline::InputItem;
using renkei::pipeline::InputOptions;
using renkei::pipeline::InputReader;

namespace {

class InputReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("renkei-input-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::permissions(dir_ / "locked", fs::perms::owner_all, ec);
    fs::remove_all(dir_);
  }
  void write(const fs::path& rel, const std::string& text) {
    fs::create_directories((dir_ / rel).parent_path());
    std::ofstream(dir_ / rel, std::ios::binary) << text;
  }
  std::vector<InputItem> read_all(std::vector<std::string> args, InputOptions options = {}) {
    InputReader reader(std::move(args), options);
    std::vector<InputItem> items;
    InputItem item;
    while (reader.next(item)) items.push_back(item);
    return items;
  }
  fs::path dir_;
};

}  // namespace

TEST_F(InputReaderTest, DirectoriesAreWalkedRecursivelyInSortedOrder) {
  write("b.json", "{}");
  write("a/z.xml", "<x/>");
  write("a/c.json", "{}");
  write("notes.txt", "ignored");
  auto items = read_all({dir_.string()});
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].name, (dir_ / "a/c.json").string());
  EXPECT_EQ(items[1].name, (dir_ / "a/z.xml").string());
  EXPECT_EQ(items[2].name, (dir_ / "b.json").string());
  for (size_t i = 0; i < items.size(); ++i) EXPECT_EQ(items[i].sequence, i);
}

TEST_F(InputReaderTest, NdjsonLinesAreItemsNamedByLineAndBlankLinesSkipped) {
  write("bulk.ndjson", "{\"a\":1}\n\n{\"b\":2}\r\nnot json\n");
  auto items = read_all({(dir_ / "bulk.ndjson").string()});
  ASSERT_EQ(items.size(), 3u);
  std::string base = (dir_ / "bulk.ndjson").string();
  EXPECT_EQ(items[0].name, base + ":1");
  EXPECT_EQ(items[1].name, base + ":3");
  EXPECT_EQ(items[1].bytes, "{\"b\":2}");  // the CR of a CRLF line is not part of the record
  EXPECT_EQ(items[2].line, 4u);
  EXPECT_EQ(items[2].bytes, "not json");
}

TEST_F(InputReaderTest, NdjsonFlagAppliesToAnyExtension) {
  write("bulk.json", "{\"a\":1}\n{\"b\":2}\n");
  InputOptions o;
  o.ndjson = true;
  EXPECT_EQ(read_all({(dir_ / "bulk.json").string()}, o).size(), 2u);
  EXPECT_EQ(read_all({(dir_ / "bulk.json").string()}).size(), 1u);
}

TEST_F(InputReaderTest, MissingFileIsAnItemWithAReadErrorAndTheBatchContinues) {
  write("ok.json", "{}");
  auto items = read_all({(dir_ / "missing.json").string(), (dir_ / "ok.json").string()});
  ASSERT_EQ(items.size(), 2u);
  ASSERT_TRUE(items[0].read_error.has_value());
  EXPECT_NE(items[0].read_error->message.find("cannot open"), std::string::npos);
  EXPECT_EQ(items[0].read_error->severity, renkei::Severity::Fatal);
  EXPECT_FALSE(items[1].read_error.has_value());
  EXPECT_EQ(items[1].bytes, "{}");
}

TEST_F(InputReaderTest, UnreadableDirectoryIsReported) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads any directory; permission test needs a normal user";
  write("locked/a.json", "{}");
  write("z.json", "{}");
  fs::permissions(dir_ / "locked", fs::perms::none);
  auto items = read_all({dir_.string()});
  ASSERT_EQ(items.size(), 2u);
  ASSERT_TRUE(items[0].read_error.has_value());
  EXPECT_NE(items[0].read_error->message.find("cannot read directory"), std::string::npos);
  EXPECT_EQ(items[1].bytes, "{}");
}

TEST_F(InputReaderTest, TotalBytesMeasuredWhenAsked) {
  write("a.json", "12345");
  write("d/b.json", "123");
  InputOptions o;
  o.measure_total = true;
  InputReader reader({dir_.string()}, o);
  EXPECT_EQ(reader.total_bytes(), 8u);
  InputItem item;
  while (reader.next(item)) {
  }
  EXPECT_EQ(reader.bytes_consumed(), 8u);
}
