#pragma once
// FormConverter: one legacy input (bytes + name) → one FHIR document per form instance, each validated
// against R4 core and the project profiles, or a rejection with its reasons. The entry point of the
// conversion for the CLI, the API and the tests; it never throws for bad input and never prints.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/issue.hpp"
#include "common/limits.hpp"
#include "mapping/form_input.hpp"
#include "mapping/mapping_catalog.hpp"
#include "mapping/mapping_engine.hpp"
#include "model/document.hpp"
#include "text/encoding.hpp"

namespace renkei::definitions {
class TypeModel;
}
namespace renkei::validation {
class Validator;
}

namespace renkei::documents {

struct ConvertOptions {
  std::string form;                              // restrict recognition to this form id
  const mapping::FormLayout* layout = nullptr;   // use this layout (no recognition)
  text::Encoding encoding = text::Encoding::Auto;
  bool validate = true;
  Limits limits;  // form XML depth and size; FHIRPath steps of the validation
};

struct ConvertedRecord {
  std::string source;  // input file
  uint32_t line = 0;   // first line of the record
  std::string form, layout;
  std::optional<model::Document> document;  // typed tree (as read back with the TypeModel); absent = rejected
  std::string file_stem;                    // deterministic output name without extension
  IssueList issues;                         // why it was rejected, and validation warnings
  bool rejected() const { return !document.has_value(); }
};

// One form instance of an input, read and ready to convert: the unit a batch hands its workers.
// `decided` is set when the input was rejected as a whole (unknown layout, no record in it).
struct RecordTask {
  const mapping::FormLayout* layout = nullptr;
  mapping::InputRecord input;
  std::optional<ConvertedRecord> decided;
};

class FormConverter {
 public:
  // `validator` may be null when validation is never wanted.
  FormConverter(const mapping::MappingCatalog& catalog, const definitions::TypeModel& types,
                const validation::Validator* validator);

  // Calls `on_record` once per form instance found in the input, in input order. An input whose layout
  // cannot be recognised, or that holds no record, is one rejected record.
  void convert(std::string_view bytes, const std::string& source, const ConvertOptions& options,
               const std::function<void(ConvertedRecord&&)>& on_record) const;

  // The two halves of convert(), for batches that convert records in parallel: split() recognises the
  // layout of one input once and reads its records (in input order); convert() maps, assembles and
  // validates one of them. convert() is const and keeps no state, so workers may call it concurrently.
  void split(std::string_view bytes, const std::string& source, const ConvertOptions& options,
             const std::function<void(RecordTask&&)>& on_task) const;
  ConvertedRecord convert(RecordTask&& task, const ConvertOptions& options) const;

 private:
  ConvertedRecord convert_record(mapping::InputRecord& input, const mapping::FormLayout& layout,
                                 const ConvertOptions& options) const;

  const mapping::MappingCatalog& catalog_;
  const definitions::TypeModel& types_;
  const validation::Validator* validator_;
  mapping::MappingEngine engine_;
};

}  // namespace renkei::documents
