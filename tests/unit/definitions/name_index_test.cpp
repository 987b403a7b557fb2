#include "definitions/name_index.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace renkei::definitions {
namespace {

TEST(NameIndex, FindsEveryNameAndNothingElse) {
  // Names sharing their first or last eight bytes, of every length class the hash reads.
  std::vector<std::string> names = {"a", "id", "value", "valueQuantity", "valueQuantityX", "extension",
                                    "modifierExtension", "modifierExtensionA", "Xextension", "abcdefgh",
                                    "abcdefghi", "abcdefgh1", "", "status"};
  for (int i = 0; i < 200; ++i) names.push_back("element" + std::to_string(i));
  std::vector<std::pair<std::string_view, uint32_t>> entries;
  for (uint32_t i = 0; i < names.size(); ++i) entries.emplace_back(names[i], i);
  NameIndex index;
  index.build(entries);
  EXPECT_EQ(index.size(), names.size());
  for (uint32_t i = 0; i < names.size(); ++i) {
    const uint32_t* found = index.find(names[i]);
    ASSERT_NE(found, nullptr) << names[i];
    EXPECT_EQ(*found, i) << names[i];
  }
  for (std::string_view absent : {"b", "valueQuantit", "valueString", "element200", "abcdefghij", "Status"})
    EXPECT_FALSE(index.contains(absent)) << absent;
}

TEST(NameIndex, EmptyAndRepeatedNames) {
  NameIndex empty;
  EXPECT_EQ(empty.find("x"), nullptr);
  empty.build({});
  EXPECT_EQ(empty.find("x"), nullptr);
  NameIndex repeated;
  repeated.build({{"name", 1}, {"name", 2}});
  ASSERT_NE(repeated.find("name"), nullptr);
  EXPECT_EQ(*repeated.find("name"), 2u);  // the last one, as a map assignment
  EXPECT_EQ(repeated.size(), 1u);
}

}  // namespace
}  // namespace renkei::definitions
