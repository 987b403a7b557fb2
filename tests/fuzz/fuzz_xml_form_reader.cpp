// Fuzz target: XmlFormReader (legacy form XML: any encoding Xerces detects, DTDs refused).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "legacy/xml_form_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  renkei::legacy::XmlReadOptions options;
  options.max_depth = 64;
  static const renkei::legacy::XmlFormReader flat(options);
  options.record_element = "訪問看護計画書";
  static const renkei::legacy::XmlFormReader records(options);
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)flat.read(bytes, "fuzz.xml", [](renkei::legacy::FormRecord&&) {});
  (void)records.read(bytes, "fuzz.xml", [](renkei::legacy::FormRecord&&) {});
  return 0;
}
