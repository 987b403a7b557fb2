#include "documents/form_converter.hpp"

#include "documents/document_assembler.hpp"
#include "documents/generated_tree.hpp"
#include "mapping/form_input.hpp"
#include "mapping/layout_recognizer.hpp"
#include "validation/validator.hpp"

namespace renkei::documents {

FormConverter::FormConverter(const mapping::MappingCatalog& catalog, const definitions::TypeModel& types,
                             const validation::Validator* validator)
    : catalog_(catalog), types_(types), validator_(validator), engine_(catalog, types) {}

ConvertedRecord FormConverter::convert_record(mapping::InputRecord& input, const mapping::FormLayout& layout,
                                              const ConvertOptions& options) const {
  ConvertedRecord out;
  out.source = input.record.source;
  out.line = input.line;
  out.form = layout.form;
  out.layout = layout.layout;
  if (input.rejected()) {
    out.issues = std::move(input.issues);
    return out;
  }
  out.issues = std::move(input.issues);  // warnings of the reader
  mapping::MappingOutcome mapped = engine_.map(input.record, layout);
  out.issues.append(mapped.issues);
  if (!mapped.form) return out;
  DocumentAssembler assembler;
  auto assembled = assembler.assemble(std::move(*mapped.form), out.issues);
  if (!assembled) return out;
  // Type the tree in place, exactly as reading its JSON back would (definition order for the writers, types
  // for the validator), without writing and re-parsing ~16 KB per document.
  model::Document& typed = assembled->bundle;
  IssueList read_issues;
  bool readable = type_generated_tree(typed, types_, Limits{}, read_issues);
  if (!readable || read_issues.has_errors()) {
    for (Issue i : read_issues.items()) {
      i.message = "generated document: " + i.message;
      out.issues.add(std::move(i));
    }
    return out;
  }
  if (options.validate && validator_) {
    validation::ValidatorOptions validator_options;
    validator_options.max_fhirpath_steps = options.limits.max_fhirpath_steps;
    validator_options.information = false;  // dropped below anyway
    IssueList v = validator_->validate(typed, validator_options);
    for (Issue i : v.items()) {
      if (i.severity == Severity::Information) continue;
      i.message = "validation: " + i.message;
      out.issues.add(std::move(i));
    }
    if (v.has_errors()) return out;
  }
  out.file_stem = assembled->file_stem;
  out.document = std::move(typed);
  return out;
}

void FormConverter::split(std::string_view bytes, const std::string& source, const ConvertOptions& options,
                          const std::function<void(RecordTask&&)>& on_task) const {
  const mapping::FormLayout* layout = options.layout;
  if (!layout) {
    mapping::Recognition r = mapping::recognise_layout(catalog_, bytes, source, options.form, options.encoding);
    if (!r.layout) {
      RecordTask task;
      ConvertedRecord& rejected = task.decided.emplace();
      rejected.source = source;
      rejected.issues.add(Severity::Error, "not-supported", r.error, source, 0, 0, "layout-unknown");
      on_task(std::move(task));
      return;
    }
    layout = r.layout;
  }
  mapping::InputRead read = mapping::read_form_input(bytes, source, *layout, options.encoding, options.limits);
  if (read.records.empty()) {
    RecordTask task;
    ConvertedRecord& rejected = task.decided.emplace();
    rejected.source = source;
    rejected.layout = layout->layout;
    rejected.form = layout->form;
    rejected.issues.add(Severity::Error, "not-found", "no form record in the input (layout " + layout->layout + ")",
                        source, 0, 0, "no-records");
    on_task(std::move(task));
    return;
  }
  for (mapping::InputRecord& input : read.records) {
    RecordTask task;
    task.layout = layout;
    task.input = std::move(input);
    on_task(std::move(task));
  }
}

ConvertedRecord FormConverter::convert(RecordTask&& task, const ConvertOptions& options) const {
  if (task.decided) return std::move(*task.decided);
  return convert_record(task.input, *task.layout, options);
}

void FormConverter::convert(std::string_view bytes, const std::string& source, const ConvertOptions& options,
                            const std::function<void(ConvertedRecord&&)>& on_record) const {
  split(bytes, source, options, [&](RecordTask&& task) { on_record(convert(std::move(task), options)); });
}

}  // namespace renkei::documents
