// Fuzz target: the FHIR JSON reader, with the TypeModel (so the tree annotator runs too).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "io/fhir_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& defs = renkei::fuzz::fuzz_definitions();
  renkei::io::ReadOptions options;
  options.types = defs.types.get();
  options.source_name = "fuzz.json";
  renkei::IssueList issues;
  (void)renkei::io::read_json(std::string_view(reinterpret_cast<const char*>(data), size), options, issues);
  return 0;
}
