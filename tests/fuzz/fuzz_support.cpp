#include "fuzz_support.hpp"

#include <cstdio>
#include <cstdlib>

namespace renkei::fuzz {
namespace {

[[noreturn]] void give_up(const char* what, const IssueList& issues) {
  std::fprintf(stderr, "fuzz: cannot load %s\n", what);
  for (const Issue& i : issues.items()) std::fprintf(stderr, "  %s\n", i.message.c_str());
  std::abort();
}

}  // namespace

const FuzzDefinitions& fuzz_definitions() {
  static const FuzzDefinitions* loaded = [] {
    auto* d = new FuzzDefinitions();  // never freed: targets use it until the process ends
    IssueList issues;
    if (!d->store.load_r4_core(issues)) give_up("the FHIR R4 core definitions (run make setup)", issues);
    if (!d->store.load_folder(RENKEI_SOURCE_DIR "/profiles", issues)) give_up("profiles/", issues);
    d->types = definitions::TypeModel::build(d->store, issues);
    if (!d->types) give_up("the TypeModel", issues);
    d->validator = std::make_unique<validation::Validator>(d->store, *d->types);
    return d;
  }();
  return *loaded;
}

const mapping::MappingCatalog& fuzz_mapping_catalog() {
  static const mapping::MappingCatalog* loaded = [] {
    IssueList issues;
    auto catalog = mapping::MappingCatalog::load(RENKEI_SOURCE_DIR "/mappings", issues);
    if (!catalog) give_up("mappings/", issues);
    return new mapping::MappingCatalog(std::move(*catalog));
  }();
  return *loaded;
}

}  // namespace renkei::fuzz
