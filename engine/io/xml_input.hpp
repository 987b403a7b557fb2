#pragma once
// What the XML reader needs to know about the raw bytes before Xerces sees them: whether
// they are UTF-8 (so that byte offsets are positions in the text, and invalid sequences can
// be pin-pointed) and where a byte order mark ends.
#include <cstddef>
#include <optional>
#include <string_view>

namespace renkei::io {

struct XmlInputEncoding {
  bool utf8 = true;     // UTF-8 or ASCII per BOM / XML declaration (the default)
  size_t bom_size = 0;  // bytes of a leading UTF-8 byte order mark
};

XmlInputEncoding detect_xml_encoding(std::string_view xml);

// Offset of a DOCTYPE declaration in the prolog (after the XML declaration, comments and
// processing instructions), or nullopt. For ASCII-compatible encodings: the prolog's markup is
// ASCII there. Xerces reports a DOCTYPE to SAX only when it has a subset, so a bare one is
// found here.
std::optional<size_t> find_doctype(std::string_view xml);

// Offset of the first byte that does not start a valid UTF-8 sequence (overlong forms,
// surrogates and code points above U+10FFFF are invalid), or nullopt when all is valid.
std::optional<size_t> find_invalid_utf8(std::string_view text);

}  // namespace renkei::io
