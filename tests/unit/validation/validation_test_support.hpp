#pragma once
// One R4 core store, TypeModel and Validator per test binary: loading them is the slow part.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "definitions/definition_store.hpp"
#include "definitions/type_model.hpp"
#include "io/fhir_reader.hpp"
#include "validation/validator.hpp"

namespace renkei::validation::testing {

inline std::string shared(const std::string& rel) { return std::string(RENKEI_SHARED_DIR) + "/reference/" + rel; }

struct CoreFixture {
  definitions::DefinitionStore store;
  std::shared_ptr<const definitions::TypeModel> types;
  std::unique_ptr<Validator> validator;
  IssueList load_issues;
};

// R4 core from the shared pristine package when present, else what load_r4_core finds.
inline CoreFixture* core() {
  static CoreFixture* fixture = [] {
    auto* f = new CoreFixture;
    bool ok = std::filesystem::exists(shared("fhir/hl7.fhir.r4.core-4.0.1.tgz"))
                  ? f->store.load_package(shared("fhir/hl7.fhir.r4.core-4.0.1.tgz"), f->load_issues)
                  : f->store.load_r4_core(f->load_issues);
    if (!ok) return static_cast<CoreFixture*>(nullptr);
    f->types = definitions::TypeModel::build(f->store, f->load_issues);
    f->validator = std::make_unique<Validator>(f->store, *f->types);
    return f;
  }();
  return fixture;
}

#define RENKEI_REQUIRE_CORE()                                                            \
  auto* fx = ::renkei::validation::testing::core();                                      \
  if (!fx) GTEST_SKIP() << "no FHIR R4 core definitions (run make setup or provide ../shared)"

inline IssueList validate_json(CoreFixture* fx, std::string_view json, const ValidatorOptions& vo = {}) {
  IssueList issues;
  io::ReadOptions ro;
  ro.types = fx->types.get();
  auto doc = io::read_json(json, ro, issues);
  if (doc) issues.append(fx->validator->validate(*doc, vo));
  return issues;
}

}  // namespace renkei::validation::testing
