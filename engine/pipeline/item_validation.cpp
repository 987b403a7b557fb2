#include "pipeline/item_validation.hpp"

#include <exception>

namespace renkei::pipeline {

IssueList validate_bytes(std::string_view bytes, std::optional<io::Format> format, const std::string& source_name,
                         const ItemValidation& context) {
  IssueList issues;
  try {
    if (!format) format = io::sniff_format(bytes);
    if (!format) {
      issues.add(Severity::Fatal, "structure", "not FHIR: neither JSON nor XML (expected '{' or '<')", {}, 1, 1,
                 "not-fhir");
      return issues;
    }
    io::ReadOptions ro;
    ro.types = context.types;
    ro.limits = context.limits;
    ro.source_name = source_name;
    ro.allow_json_comments = context.allow_json_comments;
    if (auto doc = io::read_fhir(bytes, *format, ro, issues)) issues.append(context.validator->validate(*doc, context.options));
  } catch (const std::exception& e) {
    // Failure isolation: one item's internal error never stops a batch or crosses the API.
    issues.add(Severity::Fatal, "exception", std::string("internal error while validating: ") + e.what(), {}, 0, 0,
               "internal");
  }
  return issues;
}

IssueList validate_item(const InputItem& item, const ItemValidation& context) {
  if (item.read_error) {
    IssueList issues;
    issues.add(*item.read_error);
    return issues;
  }
  std::optional<io::Format> format;
  if (item.is_ndjson_line()) format = io::Format::Json;
  return validate_bytes(item.bytes, format, item.name, context);
}

}  // namespace renkei::pipeline
