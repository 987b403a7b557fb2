#pragma once
// Readers of FHIR instances into the element tree. JSON via simdjson, XML via Xerces SAX2.
// With a TypeModel the tree is annotated from the definitions (array flags for XML, value
// kinds, unknown elements reported); without one, JSON still parses (shape from the text).
#include <optional>
#include <string>
#include <string_view>

#include "common/issue.hpp"
#include "common/limits.hpp"
#include "model/document.hpp"

namespace renkei::definitions {
class TypeModel;
}

namespace renkei::io {

enum class Format { Json, Xml };

struct ReadOptions {
  const definitions::TypeModel* types = nullptr;  // required for XML
  Limits limits;
  std::string source_name;  // for messages
  // JSON may carry '//' and '/* */' comments (the HL7 validator's allow-comments); they are
  // read as whitespace. Off: a comment is a syntax error, as JSON says.
  bool allow_json_comments = false;
};

// Parses one FHIR resource. On failure returns std::nullopt and adds a fatal/error issue with
// line:column; never throws for bad input.
std::optional<model::Document> read_json(std::string_view json, const ReadOptions& options, IssueList& issues);
std::optional<model::Document> read_xml(std::string_view xml, const ReadOptions& options, IssueList& issues);
std::optional<model::Document> read_fhir(std::string_view bytes, Format format, const ReadOptions& options,
                                         IssueList& issues);
// Guesses the format from the first non-blank byte ('<' XML, '{' JSON); JSON comments before
// the '{' are skipped.
std::optional<Format> sniff_format(std::string_view bytes);

}  // namespace renkei::io
