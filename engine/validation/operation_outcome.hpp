#pragma once
// Issues as a FHIR OperationOutcome (with the line/column extensions), and several
// outcomes as a collection Bundle naming each input file.
#include <string>
#include <vector>

#include "common/issue.hpp"
#include "model/document.hpp"

namespace renkei::validation {

// Builds the OperationOutcome tree in `doc` and returns its root. `file` (optional) is
// recorded with the operationoutcome-file extension.
model::Node* build_operation_outcome(model::Document& doc, const IssueList& issues, const std::string& file);

std::string operation_outcome_json(const IssueList& issues, const std::string& file, bool pretty);
std::string outcomes_bundle_json(const std::vector<std::pair<std::string, IssueList>>& outcomes, bool pretty);

}  // namespace renkei::validation
