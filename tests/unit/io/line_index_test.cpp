#include <gtest/gtest.h>

#include <string>

#include "io/line_index.hpp"

namespace renkei::io {
namespace {

// The definition: lines counted by '\n', columns by UTF-8 characters from the line start.
LineColumn reference_locate(std::string_view text, size_t offset) {
  LineColumn lc{1, 1};
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++lc.line;
      lc.column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++lc.column;
    }
  }
  return lc;
}

TEST(LineIndex, CountsCharactersNotBytesAcrossLongAndShortLines) {
  std::string text = "{\r\n  \"name\": \"訪問看護ステーション\",\n";
  text += "  \"text\": \"" + std::string(40, 'x') + "é漢字" + std::string(13, 'y') + "\"\n\n}";
  LineIndex forward(text);
  for (size_t off = 0; off <= text.size(); ++off) {
    LineColumn got = forward.locate(off), want = reference_locate(text, off);
    EXPECT_EQ(got.line, want.line) << off;
    EXPECT_EQ(got.column, want.column) << off;
  }
  // Asked out of order (an earlier offset restarts the walk) and past the end.
  LineIndex jumping(text);
  for (size_t off : {text.size(), size_t{5}, size_t{30}, size_t{2}, text.size() + 10}) {
    LineColumn got = jumping.locate(off), want = reference_locate(text, off);
    EXPECT_EQ(got.line, want.line) << off;
    EXPECT_EQ(got.column, want.column) << off;
  }
}

}  // namespace
}  // namespace renkei::io
