#include "common/utf8.hpp"
#include "io/xerces_support.hpp"

#include <xercesc/util/PlatformUtils.hpp>
#include <xercesc/util/XMLException.hpp>
#include <xercesc/util/XMLString.hpp>

#include <mutex>

namespace renkei::io {

std::optional<std::string> ensure_xerces_initialized() {
  static std::once_flag once;
  try {
    // call_once leaves the flag unset when the callable throws, so a failure is retried.
    std::call_once(once, [] { xercesc::XMLPlatformUtils::Initialize(); });
  } catch (const xercesc::XMLException& e) {
    return "cannot initialise the XML parser: " + to_utf8(e.getMessage());
  } catch (const std::exception& e) {
    return std::string("cannot initialise the XML parser: ") + e.what();
  }
  return std::nullopt;
}

void append_utf8(std::string& out, const XMLCh* text, size_t length) {
  for (size_t i = 0; i < length; ++i) {
    uint32_t c = text[i];
    if (c < 0x80) {
      out += static_cast<char>(c);
      continue;
    }
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < length && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF) {
      uint32_t low = text[++i];
      ::renkei::append_utf8(out, 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00));
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      ::renkei::append_utf8(out, 0xFFFD);
    } else {
      ::renkei::append_utf8(out, c);
    }
  }
}

std::string to_utf8(const XMLCh* text) {
  std::string out;
  if (text) append_utf8(out, text, xercesc::XMLString::stringLen(text));
  return out;
}

bool equals_ascii(const XMLCh* text, std::string_view ascii) {
  if (!text) return ascii.empty();
  size_t i = 0;
  for (; text[i]; ++i)
    if (i >= ascii.size() || text[i] != static_cast<XMLCh>(static_cast<unsigned char>(ascii[i]))) return false;
  return i == ascii.size();
}

}  // namespace renkei::io
