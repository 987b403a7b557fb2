#include "report_escape.hpp"


namespace renkei::cli {


void append_xml_escaped(std::string& out, std::string_view text) {
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\n': out += "&#10;"; break;
      case '\t': out += "&#9;"; break;
      default:
        // XML 1.0 cannot carry other control characters even as references.
        if (c < 0x20) out += "\xEF\xBF\xBD";  // U+FFFD
        else out += ch;
    }
  }
}

}  // namespace renkei::cli
