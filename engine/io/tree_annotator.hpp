#pragma once
// Gives a freshly read tree its types from the definitions: each node learns its
// ElementInfo and TypeInfo, XML nodes learn which elements repeat and which primitives
// are numbers or booleans, and elements the type does not define are reported.
#include "common/issue.hpp"
#include "io/fhir_reader.hpp"
#include "model/document.hpp"

namespace renkei::definitions {
class TypeModel;
}

namespace renkei::io {

void annotate_tree(model::Document& doc, const definitions::TypeModel& types, Format source, IssueList& issues);

}  // namespace renkei::io
