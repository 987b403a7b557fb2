// Fuzz target: a full validation (read JSON or XML by sniffing, then Validator::validate against
// R4 core and the profiles the instance claims) with a small FHIRPath step budget.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "io/fhir_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& defs = renkei::fuzz::fuzz_definitions();
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto format = renkei::io::sniff_format(bytes);
  if (!format) return 0;
  renkei::io::ReadOptions options;
  options.types = defs.types.get();
  options.limits.max_bundle_entries = 1000;
  renkei::IssueList issues;
  auto doc = renkei::io::read_fhir(bytes, *format, options, issues);
  if (!doc) return 0;
  renkei::validation::ValidatorOptions validator_options;
  validator_options.max_fhirpath_steps = 100'000;
  (void)defs.validator->validate(*doc, validator_options);
  return 0;
}
