#include <exception>
#include <optional>

#include "definitions/definition_store.hpp"
#include "definitions/type_model.hpp"
#include "documents/form_converter.hpp"
#include "io/fhir_writer.hpp"
#include "mapping/mapping_catalog.hpp"
#include "pipeline/item_validation.hpp"
#include "renkei/renkei.hpp"
#include "validation/operation_outcome.hpp"
#include "validation/validator.hpp"

namespace renkei {

struct Engine::Impl {
  definitions::DefinitionStore store;
  std::shared_ptr<const definitions::TypeModel> types;
  std::unique_ptr<validation::Validator> validator;
  std::optional<mapping::MappingCatalog> catalog;           // with EngineOptions::mappings_dir
  std::unique_ptr<documents::FormConverter> converter;      // validates with `validator`
  std::unique_ptr<documents::FormConverter> converter_raw;  // ConvertOptions::validate = false
};

namespace {

bool is_single_resource_file(const std::string& p) {
  auto ends_with = [&](std::string_view suffix) {
    return p.size() >= suffix.size() && p.compare(p.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends_with(".json") || ends_with(".xml");
}

validation::ValidatorOptions validator_options(const ValidateOptions& o) {
  validation::ValidatorOptions vo;
  vo.profiles = o.profiles;
  vo.invariants = o.invariants;
  vo.show_values = o.show_values;
  vo.best_practice_as_warning = o.best_practice_as_warning;
  switch (o.unknown_extensions) {
    case UnknownExtensions::Error: vo.unknown_extensions = validation::UnknownExtensionPolicy::Error; break;
    case UnknownExtensions::Warning: vo.unknown_extensions = validation::UnknownExtensionPolicy::Warning; break;
    case UnknownExtensions::Ignore: vo.unknown_extensions = validation::UnknownExtensionPolicy::Ignore; break;
  }
  return vo;
}

}  // namespace

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

LoadResult Engine::load(const EngineOptions& options) {
  LoadResult out;
  IssueList issues;
  try {
    auto impl = std::make_unique<Impl>();
    bool ok = options.definitions_dir.empty() ? impl->store.load_r4_core(issues)
                                              : impl->store.load_r4_bundles(options.definitions_dir, issues);
    for (const auto& p : options.packages)
      ok = (is_single_resource_file(p) ? impl->store.load_file(p, issues) : impl->store.load_package(p, issues)) && ok;
    if (ok && !options.profiles_dir.empty()) ok = impl->store.load_folder(options.profiles_dir, issues);
    if (ok) impl->store.resolve_dependencies(options.packages, issues);
    if (ok) impl->types = definitions::TypeModel::build(impl->store, issues);
    if (ok && impl->types && !options.mappings_dir.empty()) {
      impl->catalog = mapping::MappingCatalog::load(options.mappings_dir, issues);
      ok = impl->catalog.has_value();
    }
    if (ok && impl->types) {
      impl->validator = std::make_unique<validation::Validator>(impl->store, *impl->types);
      if (impl->catalog) {
        impl->converter = std::make_unique<documents::FormConverter>(*impl->catalog, *impl->types, impl->validator.get());
        impl->converter_raw = std::make_unique<documents::FormConverter>(*impl->catalog, *impl->types, nullptr);
      }
      out.engine = std::shared_ptr<const Engine>(new Engine(std::move(impl)));
    }
  } catch (const std::exception& e) {
    issues.add(Severity::Fatal, "exception", std::string("loading the definitions failed: ") + e.what(), {}, 0, 0,
               "load");
  }
  if (!out.engine && !issues.has_errors())
    issues.add(Severity::Fatal, "not-found", "FHIR R4 core definitions could not be loaded", {}, 0, 0, "load");
  out.issues = std::move(issues.items());
  return out;
}

Result Engine::validate(std::string_view bytes, Format format, const ValidateOptions& options) const {
  Result result;
  result.source_name = options.source_name;
  try {
    pipeline::ItemValidation context;
    context.types = impl_->types.get();
    context.validator = impl_->validator.get();
    context.options = validator_options(options);
    if (options.max_input_bytes) context.limits.max_input_bytes = options.max_input_bytes;
    if (options.max_depth) context.limits.max_depth = options.max_depth;
    if (options.max_entries) context.limits.max_bundle_entries = options.max_entries;
    if (options.max_fhirpath_steps) context.limits.max_fhirpath_steps = options.max_fhirpath_steps;
    context.options.max_fhirpath_steps = context.limits.max_fhirpath_steps;
    std::optional<io::Format> f;
    if (format == Format::Json) f = io::Format::Json;
    if (format == Format::Xml) f = io::Format::Xml;
    IssueList issues = pipeline::validate_bytes(bytes, f, options.source_name, context);
    result.valid = !issues.has_errors();
    result.issues = std::move(issues.items());
  } catch (const std::exception& e) {  // e.g. out of memory while copying the issues
    result.valid = false;
    result.issues.push_back(Issue{Severity::Fatal, "exception", std::string("internal error: ") + e.what(), {}, 0, 0,
                                  "internal"});
  }
  return result;
}

ConvertResult Engine::convert(std::string_view bytes, const ConvertOptions& options) const {
  ConvertResult result;
  auto reject = [&](std::string message, const char* code) {
    ConvertedDocument d;
    d.rejected = true;
    d.issues.push_back(Issue{Severity::Fatal, code, std::move(message), options.source_name, 0, 0, "convert"});
    result.documents.push_back(std::move(d));
  };
  if (!impl_->converter) {
    reject("no mappings loaded: give EngineOptions::mappings_dir to convert legacy forms", "not-supported");
    return result;
  }
  try {
    documents::ConvertOptions co;
    co.form = options.form;
    co.validate = options.validate;
    if (options.max_input_bytes) co.limits.max_input_bytes = options.max_input_bytes;
    if (options.max_depth) co.limits.max_depth = options.max_depth;
    switch (options.encoding) {
      case TextEncoding::Auto: co.encoding = text::Encoding::Auto; break;
      case TextEncoding::Utf8: co.encoding = text::Encoding::Utf8; break;
      case TextEncoding::Cp932: co.encoding = text::Encoding::Cp932; break;
    }
    if (bytes.size() > co.limits.max_input_bytes) {
      reject("input is larger than the limit of " + std::to_string(co.limits.max_input_bytes) + " bytes", "too-costly");
      return result;
    }
    io::WriteOptions wo{impl_->types.get(), options.pretty};
    const documents::FormConverter& converter = options.validate ? *impl_->converter : *impl_->converter_raw;
    converter.convert(bytes, options.source_name, co, [&](documents::ConvertedRecord&& r) {
      ConvertedDocument d;
      d.rejected = r.rejected();
      d.form = std::move(r.form);
      d.line = r.line;
      d.name = std::move(r.file_stem);
      if (!d.rejected)
        d.content = options.output == Format::Xml ? io::write_xml(*r.document->root(), wo)
                                                  : io::write_json(*r.document->root(), wo);
      d.issues = std::move(r.issues.items());
      result.documents.push_back(std::move(d));
    });
  } catch (const std::exception& e) {  // e.g. out of memory
    reject(std::string("internal error: ") + e.what(), "exception");
  }
  return result;
}

size_t ConvertResult::rejected() const {
  size_t n = 0;
  for (const ConvertedDocument& d : documents) n += d.rejected;
  return n;
}

std::vector<std::pair<std::string, size_t>> Engine::loaded_resources() const {
  auto counts = impl_->store.counts_by_type();
  return {counts.begin(), counts.end()};
}

size_t Result::count(Severity severity) const {
  size_t n = 0;
  for (const Issue& i : issues) n += i.severity == severity;
  return n;
}

std::string Result::operation_outcome_json(bool pretty) const {
  IssueList list;
  for (const Issue& i : issues) list.add(i);
  return validation::operation_outcome_json(list, source_name, pretty);
}

}  // namespace renkei
