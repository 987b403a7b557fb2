#pragma once
// Parsing and checking one legacy value by its field type (form_layout.hpp FieldType). Messages name the
// problem, never the value (it may be patient data).
#include <optional>
#include <string>
#include <string_view>

#include "mapping/concept_map_table.hpp"
#include "mapping/form_layout.hpp"

namespace renkei::mapping {

struct FieldValue {
  std::string text;                     // the value in FHIR lexical form (date "2023-04-01", flag "true" …)
  std::optional<TranslatedCode> coding;  // Code fields
  std::string family, given;            // PersonName fields (text = "family given")

  // The part a destination asks for ("" = the whole value).
  std::optional<std::string> part(std::string_view name) const;
};

struct FieldParse {
  enum class Status { Value, Empty, Error };
  Status status = Status::Empty;
  FieldValue value;
  std::string error;
};

FieldParse parse_field(const FieldSpec& spec, std::string_view raw, const ConceptMapTable& concept_maps);

// Trims ASCII and full-width (U+3000) spaces, tabs and line breaks at both ends.
std::string_view trim_spaces(std::string_view s);

}  // namespace renkei::mapping
