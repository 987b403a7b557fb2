#include "io/xml_escape.hpp"

namespace renkei::io {

static void append_char_reference(std::string& out, unsigned char c) {
  static const char* hex = "0123456789ABCDEF";
  out += "&#x";
  if (c >= 16) out += hex[c >> 4];
  out += hex[c & 15];
  out += ';';
}

void append_xml_attribute(std::string& out, std::string_view value) {
  for (char ch : value) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        if (c < 0x20)
          append_char_reference(out, c);
        else
          out += ch;
    }
  }
}

void append_xml_text(std::string& out, std::string_view text) {
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\n':
      case '\t': out += ch; break;
      default:
        if (c < 0x20)
          append_char_reference(out, c);
        else
          out += ch;
    }
  }
}

}  // namespace renkei::io
