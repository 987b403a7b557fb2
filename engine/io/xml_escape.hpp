#pragma once
// Escaping of text written into XML: attribute values (FHIR primitive values) and
// character data (re-serialised XHTML).
#include <string>
#include <string_view>

namespace renkei::io {

// Escapes &, <, >, " and every control character (as &#xN;) so that attribute-value
// normalisation cannot turn tabs and line breaks into spaces on the way back in.
void append_xml_attribute(std::string& out, std::string_view value);
// Escapes &, < and > in character data; carriage returns as &#xD; (a parser would
// otherwise fold CR LF into LF), other control characters as &#xN;.
void append_xml_text(std::string& out, std::string_view text);

}  // namespace renkei::io
