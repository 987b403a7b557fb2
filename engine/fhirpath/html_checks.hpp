#pragma once
// FHIR narrative rules (R4 §2.4 Narrative, constraint txt-1/txt-2): the XHTML div may use only
// the basic HTML elements and attributes, no scripts, forms or event handlers, no javascript:
// links, and must contain some text or an image.
#include <string_view>

namespace renkei::fhirpath {

bool narrative_is_safe(std::string_view xhtml);

}  // namespace renkei::fhirpath
