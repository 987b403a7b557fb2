// renkei: a thin command line over the engine. Verbs live in their own files.
#include <fmt/core.h>

#include <cstring>
#include <string>
#include <vector>

#include "commands.hpp"

namespace {

constexpr const char* kUsage = R"(renkei — legacy care forms to FHIR R4 documents, and a fast FHIR validator

Usage:
  renkei format --to json|xml [--pretty] [--output FILE] INPUT...
                                      convert FHIR JSON <-> XML ('-' = stdin)
  renkei validate [--package PKG]... [--profile URL]... [--format text|json|junit|sarif]
                  [--jobs N] [--fail-on error|warning] [--summary FILE] INPUT...
                                      validate FHIR instances (files, directories, '-')
  renkei fhirpath [--package PKG]... EXPRESSION INPUT
                                      evaluate FHIRPath on a resource; prints `type: value` lines
  renkei convert [--form NAME] [--mapping FILE] [--encoding cp932|utf-8] [--to json|xml|ndjson]
                 [--output DIR|-] [--no-validate] [--pretty] [--summary FILE] INPUT...
                                      legacy care forms (CSV / XML) to validated FHIR documents
  renkei profiles list                list the forms Renkei converts and the project's profiles
  renkei --help | --version

Exit codes: 0 success, 1 the inputs have errors, 2 usage or I/O failure.
Run 'renkei VERB --help' for the options of a verb.
)";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "{}", kUsage);
    return renkei::cli::kExitUsage;
  }
  std::string verb = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (verb == "--help" || verb == "-h" || verb == "help") {
    fmt::print("{}", kUsage);
    return renkei::cli::kExitOk;
  }
  if (verb == "--version") {
    fmt::print("renkei {}\n", RENKEI_VERSION);
    return renkei::cli::kExitOk;
  }
  if (verb == "format") return renkei::cli::run_format(args);
  if (verb == "validate") return renkei::cli::run_validate(args);
  if (verb == "profiles") return renkei::cli::run_profiles(args);
  if (verb == "convert") return renkei::cli::run_convert(args);
  if (verb == "fhirpath") return renkei::cli::run_fhirpath(args);
  fmt::print(stderr, "renkei: unknown command '{}'\n\n{}", verb, kUsage);
  return renkei::cli::kExitUsage;
}
