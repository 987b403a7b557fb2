#pragma once
// Buffers handed to simdjson must stay readable for a few bytes past the JSON text. Package
// members are read straight into such buffers so that parsing them needs no extra copy.
#include <cstddef>
#include <string>
#include <string_view>

namespace renkei::definitions {

// At least SIMDJSON_PADDING (checked where simdjson is included).
inline constexpr size_t kJsonPadding = 64;

// Largest JSON file or archive member the definition loaders read (R4 core's biggest bundle is
// 35 MiB); anything bigger is refused with an issue instead of exhausting memory.
inline constexpr size_t kMaxDefinitionFileBytes = size_t{256} << 20;

// A string of `size` bytes whose capacity leaves kJsonPadding readable bytes after them.
inline std::string make_padded_buffer(size_t size) {
  std::string buffer;
  buffer.reserve(size + kJsonPadding);
  buffer.resize(size);
  return buffer;
}

// Copies text into a padded buffer.
inline std::string padded_copy(std::string_view text) {
  std::string buffer = make_padded_buffer(text.size());
  text.copy(buffer.data(), text.size());
  return buffer;
}

}  // namespace renkei::definitions
