// renkei validate: FHIR instances against R4 core, packages and profiles.
#include <fmt/core.h>

#include <boost/program_options.hpp>
#include <iostream>

#include "commands.hpp"
#include "definitions_context.hpp"
#include "inputs.hpp"
#include "limit_options.hpp"
#include "io/fhir_reader.hpp"
#include "validation/operation_outcome.hpp"
#include "validation/validator.hpp"

namespace po = boost::program_options;

namespace renkei::cli {

int run_validate(const std::vector<std::string>& args) {
  po::options_description opts("renkei validate [options] INPUT...");
  std::vector<std::string> inputs, packages, profiles;
  std::string format = "text", unknown_ext = "warning";
  opts.add_options()("help,h", "show this help")(
      "package", po::value(&packages), "FHIR package (folder or .tgz) or conformance resource file; repeatable")(
      "profile", po::value(&profiles), "canonical URL the inputs must conform to; repeatable")(
      "format", po::value(&format), "text | json (OperationOutcome, or a Bundle of them for several inputs)")(
      "unknown-extensions", po::value(&unknown_ext), "error | warning | ignore (default warning)")(
      "show-values", "let messages quote instance values (may be patient data)")("pretty", "indent JSON output")(
      "verbose,v", "also print information messages");
  Limits limits;
  add_limit_options(opts, limits);
  po::options_description hidden;
  hidden.add_options()("input", po::value(&inputs));
  po::options_description all;
  all.add(opts).add(hidden);
  po::positional_options_description pos;
  pos.add("input", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    if (vm.count("help")) {
      std::cout << opts;
      return kExitOk;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    fmt::print(stderr, "renkei validate: {}\n", e.what());
    return kExitUsage;
  }
  if (format != "text" && format != "json") {
    fmt::print(stderr, "renkei validate: --format must be text or json\n");
    return kExitUsage;
  }
  validation::ValidatorOptions vo;
  vo.profiles = profiles;
  vo.show_values = vm.count("show-values") > 0;
  if (unknown_ext == "error") vo.unknown_extensions = validation::UnknownExtensionPolicy::Error;
  else if (unknown_ext == "ignore") vo.unknown_extensions = validation::UnknownExtensionPolicy::Ignore;
  else if (unknown_ext != "warning") {
    fmt::print(stderr, "renkei validate: --unknown-extensions must be error, warning or ignore\n");
    return kExitUsage;
  }
  if (inputs.empty()) {
    fmt::print(stderr, "renkei validate: no input (give files, directories, or - for stdin)\n");
    return kExitUsage;
  }
  bool verbose = vm.count("verbose") > 0;
  auto ctx = load_definitions(packages, verbose);
  if (!ctx) return kExitUsage;
  validation::Validator validator(ctx->store, *ctx->types);

  std::vector<std::string> files = expand_inputs(inputs, {".json", ".xml"});
  std::vector<std::pair<std::string, IssueList>> outcomes;
  int exit_code = kExitOk;
  size_t valid = 0, invalid = 0, errors = 0, warnings = 0;
  for (const std::string& file : files) {
    std::string name = file == "-" ? "<stdin>" : file;
    IssueList issues;
    std::string bytes;
    try {
      bytes = read_input(file);
    } catch (const std::exception& e) {
      fmt::print(stderr, "{}\n", e.what());
      exit_code = kExitUsage;
      continue;
    }
    io::ReadOptions ro;
    ro.types = ctx->types.get();
    ro.limits = limits;
    ro.source_name = name;
    auto fmt_kind = io::sniff_format(bytes);
    if (!fmt_kind) {
      issues.add(Severity::Fatal, "structure", "not FHIR: neither JSON nor XML (expected '{' or '<')", {}, 1, 1,
                 "not-fhir");
    } else if (auto doc = io::read_fhir(bytes, *fmt_kind, ro, issues)) {
      issues.append(validator.validate(*doc, vo));
    }
    if (issues.has_errors()) {
      ++invalid;
      exit_code = std::max(exit_code, kExitInvalid);
    } else {
      ++valid;
    }
    errors += issues.count(Severity::Error) + issues.count(Severity::Fatal);
    warnings += issues.count(Severity::Warning);
    if (format == "text") {
      IssueList shown;
      for (const Issue& i : issues.items())
        if (verbose || i.severity != Severity::Information) shown.add(i);
      print_issues(name, shown);
    }
    outcomes.emplace_back(name, std::move(issues));
  }
  if (format == "json") {
    bool pretty = vm.count("pretty") > 0;
    if (outcomes.size() == 1)
      std::cout << validation::operation_outcome_json(outcomes[0].second, outcomes[0].first, pretty);
    else
      std::cout << validation::outcomes_bundle_json(outcomes, pretty);
    if (!pretty) std::cout << '\n';
  } else {
    fmt::print(stderr, "{} input(s): {} valid, {} invalid; {} error(s), {} warning(s)\n", valid + invalid, valid,
               invalid, errors, warnings);
  }
  return exit_code;
}

}  // namespace renkei::cli
