// Fuzz target: FormConverter on legacy bytes (CSV or form XML): layout recognition, reading, and
// mapping of each FormRecord into a document Bundle. Validation is left to fuzz_validate.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "documents/form_converter.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& defs = renkei::fuzz::fuzz_definitions();
  static const renkei::documents::FormConverter converter(renkei::fuzz::fuzz_mapping_catalog(), *defs.types,
                                                          nullptr);
  renkei::documents::ConvertOptions options;
  options.validate = false;
  converter.convert(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.csv", options,
                    [](renkei::documents::ConvertedRecord&&) {});
  return 0;
}
