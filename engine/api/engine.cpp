#include <exception>

#include "definitions/definition_store.hpp"
#include "definitions/type_model.hpp"
#include "pipeline/item_validation.hpp"
#include "renkei/renkei.hpp"
#include "validation/operation_outcome.hpp"
#include "validation/validator.hpp"

namespace renkei {

struct Engine::Impl {
  definitions::DefinitionStore store;
  std::shared_ptr<const definitions::TypeModel> types;
  std::unique_ptr<validation::Validator> validator;
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
    if (ok && impl->types) {
      impl->validator = std::make_unique<validation::Validator>(impl->store, *impl->types);
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
