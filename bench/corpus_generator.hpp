#pragma once
// A deterministic synthetic corpus: document Bundles shaped like
// samples/fhir/discharge-summary-document.json with varied names, dates, identifiers and
// urn:uuids (consistent inside each document, so every reference still resolves). Document i
// is always the same bytes.
#include <cstdint>
#include <string>

namespace renkei::bench {

class CorpusGenerator {
 public:
  // `template_json`: the sample document (any formatting; it is minified).
  explicit CorpusGenerator(const std::string& template_json);
  std::string document(uint64_t index) const;  // one line of NDJSON (no newline)

 private:
  std::string template_;
};

}  // namespace renkei::bench
