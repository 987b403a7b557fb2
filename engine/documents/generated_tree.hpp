#pragma once
// A document built in memory (untyped, children in creation order) → the typed tree that reading its FHIR
// JSON back would give, without writing and re-reading the text: repeated elements grouped at their first
// appearance (as the JSON writer lists them), primitives with neither value nor extension dropped (the
// writer has nothing to write for them), the reader's shape checks (empty strings and objects, nulls without
// an extension, malformed numbers and booleans, invalid UTF-8, nesting depth), then the same annotation
// (io::annotate_tree) and so the same issues, located by element path (there is no text to point into).
#include "common/issue.hpp"
#include "common/limits.hpp"
#include "model/document.hpp"

namespace renkei::definitions {
class TypeModel;
}

namespace renkei::documents {

// False when a reader would have refused the text (a fatal issue is added); shape and structure problems
// a reader reports but still builds a tree for are errors in `issues`, as with io::read_json.
bool type_generated_tree(model::Document& doc, const definitions::TypeModel& types, const Limits& limits,
                         IssueList& issues);

}  // namespace renkei::documents
