#pragma once
// What the fuzz targets share: the FHIR R4 definitions, TypeModel and Validator, loaded once per
// process (libFuzzer calls the target millions of times), and the project's form mappings.
#include <memory>
#include <string>

#include "definitions/definition_store.hpp"
#include "definitions/type_model.hpp"
#include "mapping/mapping_catalog.hpp"
#include "validation/validator.hpp"

namespace renkei::fuzz {

struct FuzzDefinitions {
  definitions::DefinitionStore store;
  std::shared_ptr<const definitions::TypeModel> types;
  std::unique_ptr<validation::Validator> validator;
};

// R4 core plus the project profiles. Aborts the process when they cannot be loaded: a fuzz run
// without definitions would test nothing.
const FuzzDefinitions& fuzz_definitions();

// The form mappings of the source tree (mappings/).
const mapping::MappingCatalog& fuzz_mapping_catalog();

}  // namespace renkei::fuzz
