#pragma once
// Xerces-C glue shared by the XML readers: one-time platform initialisation and UTF-16
// (XMLCh) to UTF-8 conversion that does not depend on the process locale.
#include <xercesc/util/XercesDefs.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace renkei::io {

// Initialises Xerces once per process, thread-safely. Returns an error message when the
// platform cannot be initialised (then every later call retries). Xerces is never
// terminated: Terminate() is process-global and would pull the platform from under any
// other thread (or a later read) still parsing, so the few static allocations are left to
// process exit.
std::optional<std::string> ensure_xerces_initialized();

// Appends UTF-16 text as UTF-8. Unpaired surrogates become U+FFFD.
void append_utf8(std::string& out, const XMLCh* text, size_t length);
std::string to_utf8(const XMLCh* text);

// True when the XMLCh string equals the ASCII string exactly (null counts as empty).
bool equals_ascii(const XMLCh* text, std::string_view ascii);

}  // namespace renkei::io
