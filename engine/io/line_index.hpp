#pragma once
// Byte offset → 1-based line:column (columns count characters, not bytes). Offsets are
// usually asked in increasing order while a document is read, so the index walks forward
// from the last answer and falls back to the start when asked for an earlier offset.
#include <cstddef>
#include <cstdint>
#include <cstring>
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
    // Every node asks for its position, so this walk covers the whole document: jump from
    // newline to newline, then count the characters of the last line eight bytes at a time.
    const char* p = text_.data() + pos_;
    const char* end = text_.data() + offset;
    while (const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p))) {
      ++line_;
      col_ = 1;
      p = static_cast<const char*>(nl) + 1;
    }
    col_ += static_cast<uint32_t>(characters(p, end));
    pos_ = offset;
    return {line_, col_};
  }

 private:
  // UTF-8 characters in [p, end): the bytes that are not continuation bytes (10xxxxxx).
  static size_t characters(const char* p, const char* end) {
    size_t n = static_cast<size_t>(end - p);
    size_t continuation = 0;
    for (; end - p >= 8; p += 8) {
      uint64_t x;
      std::memcpy(&x, p, 8);
      // bit 7 set and bit 6 clear, per byte
      continuation += static_cast<size_t>(__builtin_popcountll(x & ~(x << 1) & 0x8080808080808080ULL));
    }
    for (; p < end; ++p) continuation += (static_cast<unsigned char>(*p) & 0xC0) == 0x80;
    return n - continuation;
  }

  std::string_view text_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  uint32_t col_ = 1;
};

}  // namespace renkei::io
