#pragma once
// Lexical checks of FHIR R4 primitive values (https://hl7.org/fhir/R4/datatypes.html): the
// regexes of the R4 core StructureDefinitions plus the rules they cannot express (integer
// ranges, real calendar dates, the 1 MiB string limit). Hand-written scanners, no std::regex:
// this runs on every primitive of every document. Messages never echo the value; the caller
// decides whether to show it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/issue.hpp"

namespace renkei::validation {

enum class PrimitiveKind : uint8_t {
  Unknown,  // not an R4 primitive name: nothing is checked
  Boolean,
  Integer,
  UnsignedInt,
  PositiveInt,
  Decimal,
  String,
  Uri,
  Url,
  Canonical,
  Uuid,
  Oid,
  Id,
  Code,
  Markdown,
  Base64Binary,
  Date,
  DateTime,
  Instant,
  Time,
  Xhtml,  // narrative XHTML has its own checks elsewhere; never checked here
};

// The kind for an R4 type name ("dateTime", "positiveInt", ...); Unknown for anything else.
// Resolve once (e.g. when compiling a profile) and call the PrimitiveKind overload per value.
PrimitiveKind primitive_kind(std::string_view fhir_type);
std::string_view to_string(PrimitiveKind kind);

// Severity is Error when the value breaks the type's definition, Warning for SHOULD rules
// (leading/trailing whitespace in string and markdown).
struct FormatProblem {
  Severity severity = Severity::Error;
  std::string message;
};

// nullopt when the text is a valid lexical value of the type (or the type is not checked).
std::optional<FormatProblem> check_primitive_format(PrimitiveKind kind, std::string_view text);
std::optional<FormatProblem> check_primitive_format(std::string_view fhir_type, std::string_view text);

// R4 limits a string to 1 MiB characters (Unicode code points, not bytes).
inline constexpr size_t kMaxStringCharacters = size_t{1} << 20;

}  // namespace renkei::validation
