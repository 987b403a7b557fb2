// The 712 R4 examples validate against the pristine R4 core with no error, except the ones
// listed (with the reason) in r4_examples_known_errors.txt — the same files the HL7 Java
// validator reports errors on. See docs/validation.md.
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "definitions/package_reader.hpp"
#include "validation_test_support.hpp"

using namespace renkei;
using namespace renkei::validation::testing;

namespace {

std::map<std::string, std::string> known_errors() {
  std::map<std::string, std::string> out;
  std::ifstream in(std::string(RENKEI_SOURCE_DIR) + "/tests/unit/validation/r4_examples_known_errors.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto sp = line.find(' ');
    out[line.substr(0, sp)] = sp == std::string::npos ? "" : line.substr(sp + 1);
  }
  return out;
}

}  // namespace

TEST(R4Examples, ValidateAgainstPristineCore) {
  std::string tgz = shared("fhir/hl7.fhir.r4.examples-4.0.1-instances.tgz");
  if (!std::filesystem::exists(tgz)) GTEST_SKIP() << "../shared/reference absent: " << tgz;
  RENKEI_REQUIRE_CORE();
  IssueList pkg_issues;
  auto src = definitions::locate_package(tgz, pkg_issues);
  ASSERT_TRUE(src);
  auto known = known_errors();
  size_t files = 0, with_errors = 0;
  std::set<std::string> seen_known;
  std::ostringstream unexpected;
  auto t0 = std::chrono::steady_clock::now();
  definitions::read_package_members(
      *src,
      [&](definitions::PackageMember&& m) {
        if (m.name == "package/package.json") return;
        ++files;
        std::string base = m.name.substr(m.name.rfind('/') + 1);
        IssueList issues = validate_json(fx, m.bytes);
        if (!issues.has_errors()) return;
        ++with_errors;
        if (known.count(base)) {
          seen_known.insert(base);
          return;
        }
        unexpected << base << ":\n";
        for (const auto& i : issues.items())
          if (i.severity == Severity::Error || i.severity == Severity::Fatal)
            unexpected << "  " << i.line << ":" << i.column << " " << i.message << " [" << i.expression << "]\n";
      },
      pkg_issues);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "R4 examples: " << files << " validated in " << secs << " s; " << with_errors
            << " with errors (known: " << seen_known.size() << ")\n";
  EXPECT_GE(files, 712u);
  EXPECT_TRUE(unexpected.str().empty()) << "examples with unexpected errors:\n" << unexpected.str();
  for (const auto& [file, reason] : known)
    EXPECT_TRUE(seen_known.count(file)) << file << " is listed as a known error but now validates: update the list";
}
