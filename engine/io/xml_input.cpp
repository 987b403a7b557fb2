#include "io/xml_input.hpp"

#include <simdjson.h>

#include <cctype>
#include <string>

namespace renkei::io {

static bool is_utf8_name(std::string_view name) {
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "utf-8" || lower == "utf8" || lower == "us-ascii" || lower == "ascii";
}

XmlInputEncoding detect_xml_encoding(std::string_view xml) {
  XmlInputEncoding enc;
  if (xml.size() >= 3 && xml.substr(0, 3) == "\xEF\xBB\xBF") {
    enc.bom_size = 3;
    xml.remove_prefix(3);
  } else if (xml.size() >= 2 && (xml[0] == '\0' || xml[1] == '\0' || static_cast<unsigned char>(xml[0]) >= 0xFE)) {
    enc.utf8 = false;  // UTF-16 / UTF-32 (with or without a byte order mark)
    return enc;
  } else if (!xml.empty() && static_cast<unsigned char>(xml[0]) == 0x4C) {
    enc.utf8 = false;  // EBCDIC "<"
    return enc;
  }
  if (xml.substr(0, 5) != "<?xml") return enc;
  size_t end = xml.find("?>");
  if (end == std::string_view::npos) return enc;  // malformed: Xerces will say so
  std::string_view decl = xml.substr(0, end);
  size_t at = decl.find("encoding");
  if (at == std::string_view::npos) return enc;
  size_t p = at + 8;
  while (p < decl.size() && (decl[p] == ' ' || decl[p] == '\t' || decl[p] == '\r' || decl[p] == '\n' || decl[p] == '='))
    ++p;
  if (p >= decl.size() || (decl[p] != '"' && decl[p] != '\'')) return enc;
  size_t close = decl.find(decl[p], p + 1);
  if (close == std::string_view::npos) return enc;
  enc.utf8 = is_utf8_name(decl.substr(p + 1, close - p - 1));
  return enc;
}

std::optional<size_t> find_doctype(std::string_view xml) {
  size_t i = xml.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  while (i < xml.size()) {
    char c = xml[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
    } else if (xml.compare(i, 4, "<!--") == 0) {
      size_t end = xml.find("-->", i + 4);
      if (end == std::string_view::npos) return std::nullopt;  // malformed: the parser reports it
      i = end + 3;
    } else if (xml.compare(i, 2, "<?") == 0) {
      size_t end = xml.find("?>", i + 2);
      if (end == std::string_view::npos) return std::nullopt;
      i = end + 2;
    } else if (xml.compare(i, 9, "<!DOCTYPE") == 0) {
      return i;
    } else {
      return std::nullopt;  // the root element (or something the parser will reject)
    }
  }
  return std::nullopt;
}

std::optional<size_t> find_invalid_utf8(std::string_view text) {
  if (simdjson::validate_utf8(text.data(), text.size())) return std::nullopt;
  // Rare path: walk the sequences to say where.
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size();
  for (size_t i = 0; i < n;) {
    unsigned char c = s[i];
    size_t len;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    static const uint32_t min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_for_len[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::nullopt;  // not reached: both checks follow RFC 3629
}

}  // namespace renkei::io
