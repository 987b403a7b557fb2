#include "common/utf8.hpp"
#include "text/encoding.hpp"

#include <unicode/ucnv.h>
#include <unicode/utf16.h>

#include <array>
#include <string>
#include <vector>

namespace renkei::text {
namespace {

// The ICU name that resolves to ibm-943_P15A-2003, whose table is Microsoft's CP932: 0x8160 → U+FF5E,
// 0x817C → U+FF0D, 0x815F → U+FF3C, 0x5C → U+005C, NEC row 13 (①, ㈱) and the IBM extensions (髙, ⅰ).
// "Shift_JIS" is an ambiguous alias in ICU and ibm-943_P130-1999 maps 0x8160 to U+301C instead.
constexpr const char* kCp932ConverterName = "windows-31j";

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

ConverterPtr open_cp932_converter(UErrorCode& status) {
  ConverterPtr cnv(ucnv_open(kCp932ConverterName, &status));
  if (U_FAILURE(status)) return nullptr;
  // STOP callbacks: invalid or unmappable input ends the conversion instead of being substituted.
  ucnv_setToUCallBack(cnv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  ucnv_setFromUCallBack(cnv.get(), UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  ucnv_setFallback(cnv.get(), false);
  if (U_FAILURE(status)) return nullptr;
  return cnv;
}

// Where the next character of the text starts: byte offset in the input plus line and column.
struct Cursor {
  size_t byte_offset = 0;
  uint32_t line = 1;
  uint32_t column = 1;
  bool last_was_cr = false;

  void advance(char32_t cp) {
    if (cp == U'\n') {
      if (!last_was_cr) {
        ++line;
        column = 1;
      }
      last_was_cr = false;
    } else if (cp == U'\r') {
      ++line;
      column = 1;
      last_was_cr = true;
    } else {
      ++column;
      last_was_cr = false;
    }
  }

  TextError error(std::string message, size_t at_byte) const {
    return TextError{std::move(message), at_byte, line, column};
  }
};

enum class Utf8Status { Ok, Truncated, Invalid };

struct Utf8Char {
  Utf8Status status = Utf8Status::Ok;
  int length = 1;  // bytes consumed when Ok
  char32_t code_point = 0;
  const char* problem = "";
};

// Decodes one UTF-8 character strictly (RFC 3629): no overlongs, no surrogates, nothing above U+10FFFF.
Utf8Char decode_utf8_char(const unsigned char* p, size_t available) {
  Utf8Char r;
  const unsigned char b0 = p[0];
  if (b0 < 0x80) {
    r.code_point = b0;
    return r;
  }
  int length = 0;
  char32_t min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2, min = 0x80, r.code_point = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3, min = 0x800, r.code_point = b0 & 0x0F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4, min = 0x10000, r.code_point = b0 & 0x07;
  } else {
    r.status = Utf8Status::Invalid;
    r.problem = (b0 == 0xC0 || b0 == 0xC1) ? "overlong encoding" : "invalid lead byte";
    return r;
  }
  for (int i = 1; i < length; ++i) {
    if (static_cast<size_t>(i) >= available) {
      r.status = Utf8Status::Truncated;
      r.problem = "truncated multi-byte sequence";
      return r;
    }
    if ((p[i] & 0xC0) != 0x80) {
      r.status = Utf8Status::Invalid;
      r.problem = "missing continuation byte";
      return r;
    }
    r.code_point = (r.code_point << 6) | (p[i] & 0x3F);
  }
  r.length = length;
  if (r.code_point < min) {
    r.status = Utf8Status::Invalid;
    r.problem = "overlong encoding";
  } else if (r.code_point >= 0xD800 && r.code_point <= 0xDFFF) {
    r.status = Utf8Status::Invalid;
    r.problem = "encoded surrogate code point";
  } else if (r.code_point > 0x10FFFF) {
    r.status = Utf8Status::Invalid;
    r.problem = "code point above U+10FFFF";
  }
  return r;
}


struct Utf8ScanResult {
  size_t consumed = 0;  // bytes fully processed
  std::optional<TextError> error;
};

// Validates (and, when `out` is given, copies) UTF-8. When `last` is false a sequence cut by the end of
// `bytes` is left unconsumed for the next chunk.
Utf8ScanResult scan_utf8(std::string_view bytes, bool last, Cursor& cursor, std::string* out) {
  Utf8ScanResult result;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  size_t i = 0;
  while (i < n) {
    if (p[i] == 0) {
      result.error = cursor.error("NUL byte in text", cursor.byte_offset);
      break;
    }
    Utf8Char c = decode_utf8_char(p + i, n - i);
    if (c.status == Utf8Status::Truncated && !last) break;
    if (c.status != Utf8Status::Ok) {
      result.error = cursor.error(std::string("invalid UTF-8: ") + c.problem, cursor.byte_offset);
      break;
    }
    // A leading BOM is stripped before scanning; one further on is almost always two files
    // concatenated, and would otherwise end up invisibly inside a field value.
    if (c.code_point == 0xFEFF) {
      result.error = cursor.error("byte order mark (U+FEFF) in the middle of the text (concatenated files?)",
                                  cursor.byte_offset);
      break;
    }
    if (out) out->append(bytes.data() + i, static_cast<size_t>(c.length));
    i += static_cast<size_t>(c.length);
    cursor.byte_offset += static_cast<size_t>(c.length);
    cursor.advance(c.code_point);
  }
  result.consumed = i;
  return result;
}

// Structural UTF-8 validity for detection: NUL is allowed, a cut sequence at the end is allowed when
// `allow_truncated_end`.
bool looks_like_utf8(std::string_view bytes, bool allow_truncated_end) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t i = 0;
  while (i < bytes.size()) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    Utf8Char c = decode_utf8_char(p + i, bytes.size() - i);
    if (c.status == Utf8Status::Truncated) return allow_truncated_end;
    if (c.status != Utf8Status::Ok) return false;
    i += static_cast<size_t>(c.length);
  }
  return true;
}

bool starts_with_bom(std::string_view bytes) { return bytes.substr(0, 3) == "\xEF\xBB\xBF"; }

// Bytes looked at, at least, before choosing between UTF-8 and CP932 in streaming mode.
constexpr size_t kDecisionWindow = 4096;

bool is_private_use(char32_t cp) { return cp >= 0xE000 && cp <= 0xF8FF; }

}  // namespace

std::string_view to_string(Encoding e) {
  switch (e) {
    case Encoding::Auto: return "auto";
    case Encoding::Utf8: return "UTF-8";
    case Encoding::Cp932: return "CP932";
  }
  return "auto";
}

Encoding detect_encoding(std::string_view bytes) {
  if (starts_with_bom(bytes)) return Encoding::Utf8;
  return looks_like_utf8(bytes, false) ? Encoding::Utf8 : Encoding::Cp932;
}

std::optional<TextError> validate_utf8(std::string_view bytes) {
  Cursor cursor;
  return scan_utf8(bytes, true, cursor, nullptr).error;
}

struct StreamDecoder::State {
  Encoding requested = Encoding::Auto;
  Encoding active = Encoding::Auto;  // Auto until decided
  bool bom_checked = false;
  bool had_bom = false;
  std::string head;     // first bytes held back until a BOM can be ruled out
  std::string pending;  // UTF-8 sequence cut by the previous chunk end
  std::string undecided;  // non-ASCII bytes held back until there are enough to choose the encoding
  Cursor cursor;
  ConverterPtr cp932;
  std::optional<TextError> failure;

  std::optional<TextError> decode_utf8(std::string_view chunk, bool last, std::string& out) {
    std::string joined;
    if (!pending.empty()) {
      joined = pending;
      joined.append(chunk);
      chunk = joined;
    }
    Utf8ScanResult r = scan_utf8(chunk, last, cursor, &out);
    if (r.error) return r.error;
    pending.assign(chunk.substr(r.consumed));
    return std::nullopt;
  }

  std::optional<TextError> decode_cp932(std::string_view chunk, bool last, std::string& out) {
    if (!cp932) {
      UErrorCode status = U_ZERO_ERROR;
      cp932 = open_cp932_converter(status);
      if (!cp932) return cursor.error(std::string("cannot open CP932 converter: ") + u_errorName(status), cursor.byte_offset);
    }
    // ICU reports, per output unit, the offset of its first byte relative to the source pointer of the
    // call, or -1 when the character began in an earlier chunk (its bytes were buffered inside ICU).
    const size_t chunk_offset = chunk_start_offset;
    chunk_start_offset += chunk.size();
    const char* src = chunk.data();
    const char* const src_limit = chunk.data() + chunk.size();
    std::array<UChar, 4096> target{};
    std::array<int32_t, 4096> offsets{};
    for (;;) {
      UErrorCode status = U_ZERO_ERROR;
      UChar* t = target.data();
      const size_t call_offset = chunk_offset + static_cast<size_t>(src - chunk.data());
      ucnv_toUnicode(cp932.get(), &t, target.data() + target.size(), &src, src_limit, offsets.data(), last, &status);
      const size_t produced = static_cast<size_t>(t - target.data());
      UErrorCode pending_status = U_ZERO_ERROR;
      const int32_t pending_bytes = ucnv_toUCountPending(cp932.get(), &pending_status);
      const size_t after_call = chunk_offset + static_cast<size_t>(src - chunk.data()) -
                                (U_SUCCESS(pending_status) && pending_bytes > 0 ? static_cast<size_t>(pending_bytes) : 0);
      for (size_t i = 0; i < produced;) {
        char32_t cp = target[i];
        size_t units = 1;
        if (U16_IS_LEAD(target[i]) && i + 1 < produced && U16_IS_TRAIL(target[i + 1])) {
          cp = U16_GET_SUPPLEMENTARY(target[i], target[i + 1]);
          units = 2;
        }
        if (offsets[i] >= 0) cursor.byte_offset = call_offset + static_cast<size_t>(offsets[i]);
        if (cp == 0) return cursor.error("NUL byte in text", cursor.byte_offset);
        if (is_private_use(cp))
          return cursor.error("CP932 user-defined character (外字) is not allowed", cursor.byte_offset);
        append_utf8(out, cp);
        cursor.advance(cp);
        i += units;
        cursor.byte_offset = i < produced && offsets[i] >= 0 ? call_offset + static_cast<size_t>(offsets[i]) : after_call;
      }
      if (status == U_BUFFER_OVERFLOW_ERROR) continue;
      if (U_FAILURE(status)) {
        char invalid[32];
        int8_t invalid_length = sizeof invalid;
        UErrorCode ignored = U_ZERO_ERROR;
        ucnv_getInvalidChars(cp932.get(), invalid, &invalid_length, &ignored);
        const size_t end = chunk_offset + static_cast<size_t>(src - chunk.data());
        const size_t at = end >= static_cast<size_t>(invalid_length) ? end - static_cast<size_t>(invalid_length) : 0;
        const char* what = status == U_TRUNCATED_CHAR_FOUND ? "invalid CP932: truncated double-byte character"
                                                             : "invalid CP932 byte sequence";
        return cursor.error(what, at);
      }
      return std::nullopt;
    }
  }

  size_t chunk_start_offset = 0;  // input offset of the next chunk handed to ICU

  // Before the first non-ASCII byte the encoding is undecided; ASCII reads the same in both.
  std::optional<TextError> decode_undecided(std::string_view chunk, bool last, std::string& out) {
    size_t i = 0;
    while (i < chunk.size() && static_cast<unsigned char>(chunk[i]) < 0x80) ++i;
    Utf8ScanResult ascii = scan_utf8(chunk.substr(0, i), true, cursor, &out);
    if (ascii.error) return ascii.error;
    if (i == chunk.size()) return std::nullopt;
    std::string_view rest = chunk.substr(i);
    if (!last && rest.size() < kDecisionWindow) {  // too little to judge: wait for more bytes
      undecided.assign(rest);
      return std::nullopt;
    }
    undecided.clear();
    active = looks_like_utf8(rest, !last) ? Encoding::Utf8 : Encoding::Cp932;
    return decode_active(rest, last, out);
  }

  std::optional<TextError> decode_active(std::string_view chunk, bool last, std::string& out) {
    switch (active) {
      case Encoding::Utf8: return decode_utf8(chunk, last, out);
      case Encoding::Cp932:
        if (!cp932) chunk_start_offset = cursor.byte_offset;  // ICU starts here (after BOM/ASCII prefix)
        return decode_cp932(chunk, last, out);
      case Encoding::Auto: return decode_undecided(chunk, last, out);
    }
    return std::nullopt;
  }
};

StreamDecoder::StreamDecoder(Encoding encoding) : state_(std::make_unique<State>()) {
  state_->requested = encoding;
  state_->active = encoding;
  state_->bom_checked = encoding == Encoding::Cp932;
}
StreamDecoder::~StreamDecoder() = default;
StreamDecoder::StreamDecoder(StreamDecoder&&) noexcept = default;
StreamDecoder& StreamDecoder::operator=(StreamDecoder&&) noexcept = default;

Encoding StreamDecoder::encoding() const { return state_->active; }
bool StreamDecoder::had_bom() const { return state_->had_bom; }

std::optional<TextError> StreamDecoder::feed(std::string_view chunk, bool last, std::string& out) {
  State& s = *state_;
  if (s.failure) return s.failure;
  std::string held;
  if (!s.bom_checked) {
    s.head.append(chunk);
    if (s.head.size() < 3 && !last && std::string_view("\xEF\xBB\xBF").starts_with(s.head)) return std::nullopt;
    s.bom_checked = true;
    held = std::move(s.head);
    chunk = held;
    if (starts_with_bom(chunk)) {
      s.had_bom = true;
      s.active = Encoding::Utf8;
      s.cursor.byte_offset = 3;  // the BOM is not a character: column stays 1
      chunk.remove_prefix(3);
    }
  }
  std::string joined;
  if (s.active == Encoding::Auto && !s.undecided.empty()) {
    joined = std::move(s.undecided);
    joined.append(chunk);
    s.undecided.clear();
    chunk = joined;
  }
  s.failure = s.decode_active(chunk, last, out);
  if (!s.failure && last && !s.pending.empty())
    s.failure = s.cursor.error("invalid UTF-8: truncated multi-byte sequence", s.cursor.byte_offset);
  return s.failure;
}

DecodeResult decode_to_utf8(std::string_view bytes, Encoding encoding) {
  DecodeResult result;
  const Encoding chosen = encoding == Encoding::Auto ? detect_encoding(bytes) : encoding;
  StreamDecoder decoder(chosen);
  result.utf8.reserve(chosen == Encoding::Cp932 ? bytes.size() + bytes.size() / 2 : bytes.size());
  result.error = decoder.feed(bytes, true, result.utf8);
  result.encoding = chosen;
  result.had_bom = decoder.had_bom();
  if (result.error && encoding == Encoding::Auto && chosen == Encoding::Cp932) {
    // Neither encoding fits: say where UTF-8 failed as well, the file may be damaged UTF-8.
    if (auto utf8_error = validate_utf8(bytes)) {
      result.error->message = "input is neither valid UTF-8 (" + utf8_error->message + " at line " +
                              std::to_string(utf8_error->line) + ", column " + std::to_string(utf8_error->column) +
                              ") nor valid CP932 (" + result.error->message + ")";
    }
  }
  if (result.error) result.utf8.clear();
  return result;
}

EncodeResult encode_utf8_to_cp932(std::string_view utf8) {
  EncodeResult result;
  if (auto error = validate_utf8(utf8)) {
    result.error = std::move(error);
    return result;
  }
  UErrorCode status = U_ZERO_ERROR;
  ConverterPtr cnv = open_cp932_converter(status);
  if (!cnv) {
    result.error = TextError{std::string("cannot open CP932 converter: ") + u_errorName(status), 0, 0, 0};
    return result;
  }
  result.bytes.reserve(utf8.size());
  const auto* p = reinterpret_cast<const unsigned char*>(utf8.data());
  Cursor cursor;
  std::vector<UChar> units;
  std::vector<Cursor> starts;  // cursor at each code point of the current block, for error positions
  std::array<char, 8192> target{};
  size_t i = 0;
  while (i < utf8.size()) {
    // Convert in blocks of about 4096 code points.
    units.clear();
    starts.clear();
    while (i < utf8.size() && units.size() < 4096) {
      Utf8Char c = decode_utf8_char(p + i, utf8.size() - i);  // already validated
      starts.push_back(cursor);
      if (c.code_point >= 0x10000) {
        units.push_back(U16_LEAD(c.code_point));
        units.push_back(U16_TRAIL(c.code_point));
        starts.push_back(cursor);
      } else {
        units.push_back(static_cast<UChar>(c.code_point));
      }
      i += static_cast<size_t>(c.length);
      cursor.byte_offset += static_cast<size_t>(c.length);
      cursor.advance(c.code_point);
    }
    const UChar* src = units.data();
    const UChar* const src_limit = units.data() + units.size();
    const bool flush = i >= utf8.size();
    for (;;) {
      status = U_ZERO_ERROR;
      char* t = target.data();
      ucnv_fromUnicode(cnv.get(), &t, target.data() + target.size(), &src, src_limit, nullptr, flush, &status);
      result.bytes.append(target.data(), static_cast<size_t>(t - target.data()));
      if (status == U_BUFFER_OVERFLOW_ERROR) continue;
      if (U_FAILURE(status)) {
        UChar invalid[8];
        int8_t invalid_length = 8;
        UErrorCode ignored = U_ZERO_ERROR;
        ucnv_getInvalidUChars(cnv.get(), invalid, &invalid_length, &ignored);
        const size_t index = static_cast<size_t>(src - units.data()) - static_cast<size_t>(invalid_length);
        const Cursor& at = starts[index < starts.size() ? index : starts.size() - 1];
        result.error = at.error("character has no CP932 (MS932) mapping", at.byte_offset);
        result.bytes.clear();
        return result;
      }
      break;
    }
  }
  return result;
}

}  // namespace renkei::text
