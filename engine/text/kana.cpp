#include "common/utf8.hpp"
#include "text/kana.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

namespace renkei::text {
namespace {

bool is_halfwidth_kana(UChar32 c) { return c >= 0xFF61 && c <= 0xFF9F; }

// Minimal UTF-8 iteration; the input is valid UTF-8 by contract, so a malformed byte is passed through.
struct Utf8Char {
  char32_t code_point;
  size_t length;
};

Utf8Char next_char(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  auto cont = [&](size_t k) -> char32_t {
    return i + k < s.size() ? static_cast<char32_t>(static_cast<unsigned char>(s[i + k]) & 0x3F) : 0;
  };
  if (b0 < 0x80) return {b0, 1};
  if ((b0 & 0xE0) == 0xC0 && i + 1 < s.size()) return {((b0 & 0x1Fu) << 6) | cont(1), 2};
  if ((b0 & 0xF0) == 0xE0 && i + 2 < s.size()) return {((b0 & 0x0Fu) << 12) | (cont(1) << 6) | cont(2), 3};
  if ((b0 & 0xF8) == 0xF0 && i + 3 < s.size())
    return {((b0 & 0x07u) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3), 4};
  return {0xFFFD, 1};
}


// NFKC of a run of half-width kana: maps each to full width and composes the voiced marks (NFKC maps
// ﾞ/ﾟ to the combining U+3099/U+309A, which then compose with the preceding kana when possible).
void append_fullwidth_run(std::string& out, std::string_view run) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);  // immutable ICU singleton
  icu::UnicodeString normalized;
  if (U_SUCCESS(status))
    normalized = nfkc->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(run.data(), static_cast<int32_t>(run.size()))), status);
  if (U_FAILURE(status)) {  // ICU data missing: leave the text as it was rather than corrupting it
    out.append(run);
    return;
  }
  for (int32_t i = 0; i < normalized.length();) {
    UChar32 c = normalized.char32At(i);
    i += U16_LENGTH(c);
    if (c == 0x3099) c = 0x309B;  // uncombinable voiced mark → spacing ゛
    if (c == 0x309A) c = 0x309C;  // uncombinable semi-voiced mark → spacing ゜
    append_utf8(out, static_cast<char32_t>(c));
  }
}

}  // namespace

std::string halfwidth_kana_to_fullwidth(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  size_t i = 0;
  while (i < utf8.size()) {
    Utf8Char c = next_char(utf8, i);
    if (!is_halfwidth_kana(static_cast<UChar32>(c.code_point))) {
      out.append(utf8.substr(i, c.length));
      i += c.length;
      continue;
    }
    const size_t run_start = i;
    while (i < utf8.size()) {
      Utf8Char k = next_char(utf8, i);
      if (!is_halfwidth_kana(static_cast<UChar32>(k.code_point))) break;
      i += k.length;
    }
    append_fullwidth_run(out, utf8.substr(run_start, i - run_start));
  }
  return out;
}

std::string hiragana_to_katakana(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  size_t i = 0;
  while (i < utf8.size()) {
    Utf8Char c = next_char(utf8, i);
    const char32_t cp = c.code_point;
    if ((cp >= 0x3041 && cp <= 0x3096) || cp == 0x309D || cp == 0x309E)
      append_utf8(out, cp + 0x60);
    else
      out.append(utf8.substr(i, c.length));
    i += c.length;
  }
  return out;
}

bool is_katakana_name(std::string_view utf8) {
  if (utf8.empty()) return false;
  size_t i = 0;
  while (i < utf8.size()) {
    Utf8Char c = next_char(utf8, i);
    const char32_t cp = c.code_point;
    const bool katakana_letter = (cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FD || cp == 0x30FE;
    const bool allowed = katakana_letter || cp == 0x30FC /* ー */ || cp == 0x30FB /* ・ */ || cp == 0x3000 || cp == 0x20;
    if (!allowed) return false;
    i += c.length;
  }
  return true;
}

}  // namespace renkei::text
