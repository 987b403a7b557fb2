#pragma once
// R4 core + JP-CLINS 1.5.2 + JP Core 1.1.2-url from ../shared, loaded once per test binary, and
// the same with Renkei's JP-CLINS errata applied (an overlay over it).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "definitions/definition_store.hpp"
#include "definitions/errata.hpp"
#include "definitions/type_model.hpp"
#include "io/fhir_reader.hpp"
#include "validation/validator.hpp"

namespace renkei::validation::testing {

inline std::string jp_shared(const std::string& rel) {
  return std::string(RENKEI_SHARED_DIR) + "/reference/" + rel;
}
inline const std::string kClinsPackage = jp_shared("jp-clins-1.5.2/jp-clins.r4-1.5.2-snap.tgz");
inline const std::string kJpCorePackage = jp_shared("jp-core-1.1.2-url/jp-core.r4-1.1.2-url.tgz");
inline const std::string kR4CorePackage = jp_shared("fhir/hl7.fhir.r4.core-4.0.1.tgz");
inline const std::string kClinsExamples = jp_shared("jp-clins-1.5.2/examples");

struct JpFixture {
  definitions::DefinitionStore store;
  std::shared_ptr<const definitions::TypeModel> types;
  std::unique_ptr<Validator> validator;
  IssueList load_issues;  // package loading, dependencies, TypeModel
  std::unique_ptr<definitions::ErrataOverlay> errata;
  std::unique_ptr<Validator> errata_validator;
  IssueList errata_issues;
};

// Restores an environment variable on scope exit.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() { old_ ? (void)::setenv(name_, old_->c_str(), 1) : (void)::unsetenv(name_); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

inline JpFixture* jp() {
  static JpFixture* fixture = []() -> JpFixture* {
    for (const std::string& path : {kR4CorePackage, kClinsPackage, kJpCorePackage}) {
      if (!std::filesystem::exists(path)) return nullptr;
    }
    auto* f = new JpFixture;
    // Only the packages named here may satisfy dependencies, whatever the machine's cache holds.
    const std::filesystem::path empty_cache = std::filesystem::temp_directory_path() / "renkei-jp-test-empty-cache";
    std::filesystem::create_directories(empty_cache);
    ScopedEnv cache("FHIR_PACKAGE_CACHE", empty_cache.string());
    bool ok = f->store.load_package(kR4CorePackage, f->load_issues) &&
              f->store.load_package(kClinsPackage, f->load_issues);
    if (!ok) return nullptr;
    f->store.resolve_dependencies({kClinsPackage, kJpCorePackage}, f->load_issues);
    f->types = definitions::TypeModel::build(f->store, f->load_issues);
    if (!f->types) return nullptr;
    f->validator = std::make_unique<Validator>(f->store, *f->types);
    f->errata = definitions::apply_errata(std::string(RENKEI_SOURCE_DIR) + "/errata/jp-clins-1.5.2", f->store,
                                          f->errata_issues);
    if (f->errata) f->errata_validator = std::make_unique<Validator>(f->errata->store, *f->types);
    return f;
  }();
  return fixture;
}

#define RENKEI_REQUIRE_JP()                                                                              \
  auto* jpx = ::renkei::validation::testing::jp();                                                       \
  if (!jpx) GTEST_SKIP() << "../shared/reference (R4 core, JP-CLINS 1.5.2, JP Core 1.1.2-url) absent"

inline IssueList jp_validate(const JpFixture& fx, std::string_view json, bool with_errata,
                             const ValidatorOptions& options = {}) {
  IssueList issues;
  io::ReadOptions ro;
  ro.types = fx.types.get();
  auto doc = io::read_json(json, ro, issues);
  const Validator& validator = with_errata ? *fx.errata_validator : *fx.validator;
  if (doc) issues.append(validator.validate(*doc, options));
  return issues;
}

}  // namespace renkei::validation::testing
