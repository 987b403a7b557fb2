// Fuzz target: CsvReader. The first byte chooses the encoding (auto, CP932, UTF-8) and the header
// mode, so one corpus covers every combination; a small chunk size exercises the streaming
// decoder's chunk boundaries (multi-byte characters and CR LF split across reads).
#include <cstddef>
#include <cstdint>
#include <string>

#include "legacy/csv_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  renkei::legacy::CsvOptions options;
  constexpr renkei::text::Encoding kEncodings[] = {renkei::text::Encoding::Auto, renkei::text::Encoding::Cp932,
                                                   renkei::text::Encoding::Utf8};
  options.encoding = kEncodings[mode % 3];
  options.has_header = (mode & 0x04) != 0;
  options.lenient_quotes = (mode & 0x08) != 0;
  options.chunk_bytes = (mode & 0x10) != 0 ? 7 : 4096;
  options.max_record_bytes = 1 << 16;
  std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto reader = renkei::legacy::CsvReader::from_bytes(std::move(bytes), "fuzz.csv", options);
  renkei::legacy::FormRow row;
  while (reader.next(row)) {
  }
  return 0;
}
