#pragma once
// Section narrative generated from the structured data only (JP-CLINS: section.text is generated, adds no
// information, text.status = additional): a two-column XHTML table of label → values, driven by the
// template's narrative rules.
#include <string>
#include <utility>
#include <vector>

#include "mapping/form_template.hpp"
#include "mapping/resource_set.hpp"

namespace renkei::documents {

using NarrativeRows = std::vector<std::pair<std::string, std::vector<std::string>>>;

// Evaluates the rules of a section: rows with at least one value, in rule order.
NarrativeRows narrative_rows(const mapping::SectionSpec& section, const mapping::ResourceSet& resources);

// The XHTML div (with the XHTML namespace); line breaks in values become <br/>.
std::string narrative_div(const NarrativeRows& rows);

// The display texts of a node: a primitive's value; a CodeableConcept's coding displays or text; a
// Coding's display; a HumanName's / Address's / Annotation's text.
std::vector<std::string> display_texts(const model::Node& node);

}  // namespace renkei::documents
