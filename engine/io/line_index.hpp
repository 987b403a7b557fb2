#pragma once
// Byte offset → 1-based line:column (columns count characters, not bytes). Offsets are
// usually asked in increasing order while a document is read, so the index walks forward
// from the last answer and falls back to the start when asked for an earlier offset.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace renkei::io {

struct LineColumn {
  uint32_t line;
  uint32_t column;
};

class LineIndex {
 public:
  explicit LineIndex(std::string_view text) : text_(text) {}

  LineColumn locate(size_t offset) {
    if (offset > text_.size()) offset = text_.size();
    if (offset < pos_) {
      pos_ = 0;
      line_ = 1;
      col_ = 1;
    }
    for (; pos_ < offset; ++pos_) {
      unsigned char c = static_cast<unsigned char>(text_[pos_]);
      if (c == '\n') {
        ++line_;
        col_ = 1;
      } else if ((c & 0xC0) != 0x80) {  // count UTF-8 lead bytes only
        ++col_;
      }
    }
    return {line_, col_};
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  uint32_t col_ = 1;
};

}  // namespace renkei::io
