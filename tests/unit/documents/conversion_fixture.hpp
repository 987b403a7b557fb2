#pragma once
// Shared set-up of the conversion tests: R4 core, the project's profiles and mappings, loaded once per
// test binary (loading R4 core takes a while), and a helper that converts bytes and collects the records.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "definitions/definition_store.hpp"
#include "definitions/type_model.hpp"
#include "documents/form_converter.hpp"
#include "io/fhir_writer.hpp"
#include "mapping/mapping_catalog.hpp"
#include "validation/validator.hpp"

namespace renkei::testing {

struct ConversionEnvironment {
  definitions::DefinitionStore store;
  std::shared_ptr<const definitions::TypeModel> types;
  std::optional<mapping::MappingCatalog> catalog;
  std::unique_ptr<validation::Validator> validator;
  std::unique_ptr<documents::FormConverter> converter;
  std::string error;  // why the environment is unusable (tests skip)

  static ConversionEnvironment& get() {
    static ConversionEnvironment env = [] {
      ConversionEnvironment e;
      IssueList issues;
      if (!e.store.load_r4_core(issues)) {
        e.error = "FHIR R4 core definitions are not installed (run scripts/setup.sh)";
        return e;
      }
      e.types = definitions::TypeModel::build(e.store, issues);
      e.store.load_folder(std::string(RENKEI_SOURCE_DIR) + "/profiles", issues);
      IssueList mapping_issues;
      e.catalog = mapping::MappingCatalog::load(std::string(RENKEI_SOURCE_DIR) + "/mappings", mapping_issues);
      if (!e.catalog) {
        e.error = "mappings/ did not load: " +
                  (mapping_issues.items().empty() ? std::string("?") : mapping_issues.items()[0].message);
        return e;
      }
      e.validator = std::make_unique<validation::Validator>(e.store, *e.types);
      e.converter = std::make_unique<documents::FormConverter>(*e.catalog, *e.types, e.validator.get());
      return e;
    }();
    return env;
  }
};

inline std::vector<documents::ConvertedRecord> convert_bytes(const std::string& bytes, const std::string& source,
                                                             const documents::ConvertOptions& options = {}) {
  std::vector<documents::ConvertedRecord> out;
  ConversionEnvironment::get().converter->convert(bytes, source, options,
                                                  [&](documents::ConvertedRecord&& r) { out.push_back(std::move(r)); });
  return out;
}

inline std::string document_json(const documents::ConvertedRecord& r, bool pretty = true) {
  return io::write_json(*r.document->root(), io::WriteOptions{ConversionEnvironment::get().types.get(), pretty});
}

#define RENKEI_REQUIRE_CONVERSION_ENV()                                         \
  do {                                                                          \
    auto& env_ = ::renkei::testing::ConversionEnvironment::get();              \
    if (!env_.error.empty()) GTEST_SKIP() << env_.error;                       \
  } while (0)

}  // namespace renkei::testing
