#pragma once
// Shared by the XML tests: the R4 TypeModel (loaded once per test binary), an independent
// canonical form of JSON text (keys sorted, numbers as written) and tgz member reading.
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "definitions/type_model.hpp"

namespace renkei::xml_test {

std::string shared_dir();  // RENKEI_SHARED_DIR, empty when the folder is absent

// The R4 core TypeModel, or nullptr when the reference package is absent or failed to load
// (then *why says what happened).
const definitions::TypeModel* r4_types(std::string* why = nullptr);

// JSON value → canonical text: object keys sorted, numbers kept as their lexical text,
// strings re-escaped one way. Two JSON texts are equal as FHIR values iff their canonical
// forms are equal. Throws std::runtime_error on malformed JSON.
std::string canonical_json(std::string_view json);

// "offset N: …expected… vs …actual…" around the first differing byte, or empty if equal.
std::string first_difference(std::string_view expected, std::string_view actual);

// Members of a .tgz whose names end with `suffix`, as (name, bytes), in archive order.
std::vector<std::pair<std::string, std::string>> read_tgz_members(const std::string& path, std::string_view suffix);

}  // namespace renkei::xml_test
