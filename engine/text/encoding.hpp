#pragma once
// Character encodings of legacy input: UTF-8 (with or without BOM) and CP932 (MS932, Shift_JIS with the
// NEC and IBM extensions, as mandated by the MHLW care-data CSV specifications). Everything inside the
// engine is UTF-8; these functions are the only place where bytes become text.
//
// Errors are never silently replaced: an invalid sequence is reported with its byte offset and its
// 1-based line and column (columns count characters, i.e. Unicode code points, of the decoded text).
// Line breaks are LF, CRLF or a lone CR. Messages name the problem and the position, never the data.
//
// ICU converters are not thread-safe, so every call (or every StreamDecoder) opens its own converter;
// no global state is mutated.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace renkei::text {

enum class Encoding { Auto, Utf8, Cp932 };

std::string_view to_string(Encoding e);

struct TextError {
  std::string message;     // e.g. "invalid UTF-8: overlong encoding"
  size_t byte_offset = 0;  // offset of the first offending byte in the input
  uint32_t line = 0;       // 1-based
  uint32_t column = 0;     // 1-based, in characters
};

struct DecodeResult {
  std::string utf8;                // decoded text without BOM (empty on error)
  Encoding encoding = Encoding::Utf8;  // the encoding actually used
  bool had_bom = false;
  std::optional<TextError> error;
  bool ok() const { return !error.has_value(); }
};

struct EncodeResult {
  std::string bytes;  // empty on error
  std::optional<TextError> error;
  bool ok() const { return !error.has_value(); }
};

// BOM → UTF-8; structurally valid UTF-8 → UTF-8; otherwise CP932. A NUL byte does not affect detection
// (it is rejected later by the decoder in either encoding).
Encoding detect_encoding(std::string_view bytes);

// Strict UTF-8 check: rejects overlong forms, surrogates, code points above U+10FFFF, truncated
// sequences and NUL bytes. Returns the first problem.
std::optional<TextError> validate_utf8(std::string_view bytes);

// Decodes a whole buffer to UTF-8. CP932 user-defined characters (外字, mapped by ICU to the Private Use
// Area) are errors, as the specifications forbid them. NUL bytes are errors in both encodings.
DecodeResult decode_to_utf8(std::string_view bytes, Encoding encoding = Encoding::Auto);

// Encodes UTF-8 text to CP932 (no best-fit fallbacks: a character without an exact MS932 mapping, such
// as U+301C WAVE DASH or U+00A5 YEN SIGN, is an error naming its position).
EncodeResult encode_utf8_to_cp932(std::string_view utf8);

// Incremental decoder for input read in chunks (files larger than memory). With Encoding::Auto the
// decision is postponed until the first non-ASCII byte (ASCII is identical in both encodings) and then
// made on the next 4 KiB (or what is left of the input): a leading BOM or valid UTF-8 (a sequence cut at the
// window end counts as valid) → UTF-8, otherwise CP932. Bytes are held back until the window is filled.
class StreamDecoder {
 public:
  explicit StreamDecoder(Encoding encoding = Encoding::Auto);
  ~StreamDecoder();
  StreamDecoder(StreamDecoder&&) noexcept;
  StreamDecoder& operator=(StreamDecoder&&) noexcept;
  StreamDecoder(const StreamDecoder&) = delete;
  StreamDecoder& operator=(const StreamDecoder&) = delete;

  // Decodes `chunk`, appending UTF-8 to `out`. `last` = no more input follows (a truncated sequence at
  // the end is then an error). After an error the decoder stays failed and returns the same error.
  std::optional<TextError> feed(std::string_view chunk, bool last, std::string& out);

  // The encoding in use; Auto while only ASCII has been seen.
  Encoding encoding() const;
  bool had_bom() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace renkei::text
