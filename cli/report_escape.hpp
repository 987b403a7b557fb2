#pragma once
// Escaping for the hand-written report formats (SARIF JSON, JUnit XML).
#include <string>
#include <string_view>

namespace renkei::cli {

void append_json_string(std::string& out, std::string_view text);  // with the quotes
void append_xml_escaped(std::string& out, std::string_view text);  // attribute- and text-safe

}  // namespace renkei::cli
