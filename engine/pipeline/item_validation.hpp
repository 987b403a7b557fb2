#pragma once
// One input's bytes → its issues: read (JSON or XML, sniffed unless given) and validate.
// Shared by the CLI batches and the library API so both give the same verdicts. Never throws:
// unreadable input and internal errors come back as fatal issues.
#include <optional>
#include <string>
#include <string_view>

#include "common/issue.hpp"
#include "common/limits.hpp"
#include "io/fhir_reader.hpp"
#include "pipeline/input_item.hpp"
#include "validation/validator.hpp"

namespace renkei::pipeline {

struct ItemValidation {
  const definitions::TypeModel* types = nullptr;
  const validation::Validator* validator = nullptr;
  validation::ValidatorOptions options;
  Limits limits;
  bool allow_json_comments = false;  // io::ReadOptions::allow_json_comments
};

// `format` empty = sniff from the first byte. `source_name` is used in reader messages.
IssueList validate_bytes(std::string_view bytes, std::optional<io::Format> format, const std::string& source_name,
                         const ItemValidation& context);

// An InputItem: its read error, or its bytes validated (an NDJSON line is always JSON).
IssueList validate_item(const InputItem& item, const ItemValidation& context);

}  // namespace renkei::pipeline
