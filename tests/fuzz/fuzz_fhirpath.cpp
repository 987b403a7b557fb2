// Fuzz target: the FHIRPath parser, and the evaluator on a fixed resource with a small step
// budget (an expression that runs away must stop at the budget, not hang or crash).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "fhirpath/fhirpath.hpp"
#include "fuzz_support.hpp"
#include "io/fhir_reader.hpp"

namespace {

constexpr std::string_view kResource = R"({"resourceType":"Patient","id":"p1",
 "meta":{"profile":["http://example.org/p"]},
 "contained":[{"resourceType":"Organization","id":"o1","name":"Org"}],
 "extension":[{"url":"http://example.org/e","valueDecimal":1.50}],
 "identifier":[{"system":"urn:oid:1.2.392","value":"12345"}],
 "active":true,"name":[{"family":"Yamada","given":["Taro","T"]},{"text":"山田 太郎"}],
 "gender":"male","birthDate":"1940-03-02","deceasedDateTime":"2020-01-01T10:00:00+09:00",
 "managingOrganization":{"reference":"#o1"}})";

const renkei::model::Document& resource() {
  static const std::optional<renkei::model::Document> doc = [] {
    renkei::io::ReadOptions options;
    options.types = renkei::fuzz::fuzz_definitions().types.get();
    renkei::IssueList issues;
    return renkei::io::read_json(kResource, options, issues);
  }();
  return *doc;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& defs = renkei::fuzz::fuzz_definitions();
  renkei::IssueList issues;
  auto expression = renkei::fhirpath::compile(std::string_view(reinterpret_cast<const char*>(data), size), issues);
  if (!expression) return 0;
  renkei::fhirpath::EvalContext context;
  context.resource = resource().root();
  context.types = defs.types.get();
  context.max_steps = 20'000;
  auto result = renkei::fhirpath::evaluate(*expression, context);
  (void)renkei::fhirpath::to_boolean(result);
  return 0;
}
