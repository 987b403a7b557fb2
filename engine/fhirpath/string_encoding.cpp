#include "fhirpath/string_encoding.hpp"

#include <cstdio>

namespace renkei::fhirpath {
namespace {

constexpr std::string_view kBase64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kBase64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64_encode(std::string_view s, std::string_view alphabet) {
  std::string out;
  size_t i = 0;
  for (; i + 2 < s.size(); i += 3) {
    uint32_t v = (static_cast<uint8_t>(s[i]) << 16) | (static_cast<uint8_t>(s[i + 1]) << 8) | static_cast<uint8_t>(s[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out += alphabet[(v >> k) & 63];
  }
  if (i < s.size()) {
    uint32_t v = static_cast<uint8_t>(s[i]) << 16;
    if (i + 1 < s.size()) v |= static_cast<uint8_t>(s[i + 1]) << 8;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += i + 1 < s.size() ? alphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view s, std::string_view alphabet) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : s) {
    if (c == '=') break;
    size_t v = alphabet.find(c);
    if (v == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> encode_string(std::string_view s, std::string_view format) {
  if (format == "base64") return base64_encode(s, kBase64);
  if (format == "urlbase64") return base64_encode(s, kBase64Url);
  if (format == "hex") {
    std::string out;
    char buf[3];
    for (char c : s) {
      std::snprintf(buf, sizeof buf, "%02x", static_cast<uint8_t>(c));
      out += buf;
    }
    return out;
  }
  return std::nullopt;
}

std::optional<std::string> decode_string(std::string_view s, std::string_view format) {
  if (format == "base64") return base64_decode(s, kBase64);
  if (format == "urlbase64") return base64_decode(s, kBase64Url);
  if (format == "hex") {
    if (s.size() % 2) return std::nullopt;
    std::string out;
    for (size_t i = 0; i < s.size(); i += 2) {
      auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
      };
      int hi = nibble(s[i]), lo = nibble(s[i + 1]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
    }
    return out;
  }
  return std::nullopt;
}

std::optional<std::string> escape_string(std::string_view s, std::string_view format) {
  std::string out;
  if (format == "html") {
    for (char c : s) {
      switch (c) {
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '&': out += "&amp;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
      }
    }
    return out;
  }
  if (format == "json") {
    for (char c : s) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default: out += c;
      }
    }
    return out;
  }
  return std::nullopt;
}

std::optional<std::string> unescape_string(std::string_view s, std::string_view format) {
  std::string out;
  if (format == "html") {
    static const std::pair<std::string_view, char> entities[] = {
        {"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&apos;", '\''}};
    for (size_t i = 0; i < s.size();) {
      bool matched = false;
      for (auto& [entity, c] : entities) {
        if (s.substr(i, entity.size()) == entity) {
          out += c;
          i += entity.size();
          matched = true;
          break;
        }
      }
      if (!matched) out += s[i++];
    }
    return out;
  }
  if (format == "json") {
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] != '\\' || i + 1 >= s.size()) {
        out += s[i];
        continue;
      }
      char e = s[++i];
      out += e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : e;
    }
    return out;
  }
  return std::nullopt;
}

}  // namespace renkei::fhirpath
