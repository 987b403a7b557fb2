#pragma once
// encode()/decode() (base64, urlbase64, hex) and escape()/unescape() (html, json).
#include <optional>
#include <string>
#include <string_view>

namespace renkei::fhirpath {

std::optional<std::string> encode_string(std::string_view s, std::string_view format);
std::optional<std::string> decode_string(std::string_view s, std::string_view format);
std::optional<std::string> escape_string(std::string_view s, std::string_view format);
std::optional<std::string> unescape_string(std::string_view s, std::string_view format);

}  // namespace renkei::fhirpath
