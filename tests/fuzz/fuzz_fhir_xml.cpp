// Fuzz target: the FHIR XML reader (Xerces SAX2 with DOCTYPE and entities refused).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "io/fhir_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& defs = renkei::fuzz::fuzz_definitions();
  renkei::io::ReadOptions options;
  options.types = defs.types.get();
  options.source_name = "fuzz.xml";
  renkei::IssueList issues;
  (void)renkei::io::read_xml(std::string_view(reinterpret_cast<const char*>(data), size), options, issues);
  return 0;
}
