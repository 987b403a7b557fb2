#pragma once
// Escaping for the hand-written report formats (SARIF JSON, JUnit XML).
#include "common/json_escape.hpp"
#include <string>
#include <string_view>

namespace renkei::cli {

using ::renkei::append_json_string;  // common/json_escape.hpp
void append_xml_escaped(std::string& out, std::string_view text);  // attribute- and text-safe

}  // namespace renkei::cli
