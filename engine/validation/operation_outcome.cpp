#include "validation/operation_outcome.hpp"

#include "io/fhir_writer.hpp"

namespace renkei::validation {

namespace {

constexpr const char* kLineExt = "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-line";
constexpr const char* kColExt = "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-col";
constexpr const char* kFileExt = "http://hl7.org/fhir/StructureDefinition/operationoutcome-file";
constexpr const char* kRuleExt = "http://hl7.org/fhir/StructureDefinition/operationoutcome-message-id";

using model::Document;
using model::Node;
using model::ValueKind;

void add_extension(Document& doc, Node* parent, const char* url, const char* value_name, const std::string& value,
                   ValueKind kind) {
  Node* ext = doc.make_object("extension");
  ext->in_array = true;
  Document::append(parent, ext);
  Document::append(ext, doc.make_primitive("url", url, ValueKind::String));
  Document::append(ext, doc.make_primitive(value_name, value, kind));
}

}  // namespace

Node* build_operation_outcome(Document& doc, const IssueList& issues, const std::string& file) {
  Node* oo = doc.make_object("OperationOutcome");
  oo->resource_type = "OperationOutcome";
  if (!file.empty()) add_extension(doc, oo, kFileExt, "valueString", file, ValueKind::String);
  auto add_issue = [&](const std::string& severity, const std::string& code, const std::string& message,
                       const Issue* src) {
    Node* is = doc.make_object("issue");
    is->in_array = true;
    Document::append(oo, is);
    if (src && src->line) {
      add_extension(doc, is, kLineExt, "valueInteger", std::to_string(src->line), ValueKind::Number);
      add_extension(doc, is, kColExt, "valueInteger", std::to_string(src->column), ValueKind::Number);
    }
    if (src && !src->rule.empty()) add_extension(doc, is, kRuleExt, "valueString", src->rule, ValueKind::String);
    Document::append(is, doc.make_primitive("severity", severity, ValueKind::String));
    Document::append(is, doc.make_primitive("code", code, ValueKind::String));
    Node* details = doc.make_object("details");
    Document::append(is, details);
    Document::append(details, doc.make_primitive("text", message, ValueKind::String));
    if (src && !src->expression.empty()) {
      Node* e = doc.make_primitive("expression", src->expression, ValueKind::String);
      e->in_array = true;
      Document::append(is, e);
    }
  };
  for (const Issue& i : issues.items())
    add_issue(std::string(to_string(i.severity)), i.code.empty() ? "processing" : i.code, i.message, &i);
  // An OperationOutcome needs at least one issue: say that all is well.
  if (issues.empty()) add_issue("information", "informational", "No issues detected during validation", nullptr);
  return oo;
}

std::string operation_outcome_json(const IssueList& issues, const std::string& file, bool pretty) {
  Document doc;
  Node* oo = build_operation_outcome(doc, issues, file);
  doc.set_root(oo);
  io::WriteOptions w;
  w.pretty = pretty;
  return io::write_json(*oo, w);
}

std::string outcomes_bundle_json(const std::vector<std::pair<std::string, IssueList>>& outcomes, bool pretty) {
  Document doc;
  Node* b = doc.make_object("Bundle");
  b->resource_type = "Bundle";
  doc.set_root(b);
  Document::append(b, doc.make_primitive("type", "collection", ValueKind::String));
  for (const auto& [file, issues] : outcomes) {
    Node* entry = doc.make_object("entry");
    entry->in_array = true;
    Document::append(b, entry);
    Node* oo = build_operation_outcome(doc, issues, file);
    oo->name = "resource";
    Document::append(entry, oo);
  }
  io::WriteOptions w;
  w.pretty = pretty;
  return io::write_json(*b, w);
}

}  // namespace renkei::validation
