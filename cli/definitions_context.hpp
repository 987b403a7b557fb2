#pragma once
// Loads what a verb needs from the definitions: R4 core (pristine from the FHIR package
// cache, else the pinned npm bundles), extra --package arguments, and the TypeModel.
#include <memory>
#include <string>
#include <vector>

#include "common/issue.hpp"
#include "definitions/definition_store.hpp"
#include "definitions/type_model.hpp"

namespace renkei::cli {

struct DefinitionsContext {
  definitions::DefinitionStore store;
  std::shared_ptr<const definitions::TypeModel> types;
};

// Returns nullptr (after printing why) when R4 core cannot be loaded.
std::unique_ptr<DefinitionsContext> load_definitions(const std::vector<std::string>& packages, bool verbose);

// Prints issues as `file:line:col: severity: message [location]` to stderr.
void print_issues(const std::string& file, const IssueList& issues);

}  // namespace renkei::cli
