#pragma once
// Recognises which layout an input file follows, when the user does not say: XML by its root element,
// headerless CSV by CSV version + column count, CSV with a header by its column names, and the file-name
// prefix to tell apart layouts with the same signature. An unknown input gets a message listing the layouts
// Renkei knows.
#include <string>
#include <string_view>

#include "mapping/mapping_catalog.hpp"
#include "text/encoding.hpp"

namespace renkei::mapping {

struct Recognition {
  const FormLayout* layout = nullptr;
  std::string error;  // when layout is null
};

// `form` restricts the candidates to one form id (may be empty).
Recognition recognise_layout(const MappingCatalog& catalog, std::string_view bytes, std::string_view file_name,
                             std::string_view form, text::Encoding encoding);

}  // namespace renkei::mapping
