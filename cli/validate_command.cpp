// renkei validate: FHIR instances against R4 core, packages and profiles, as a streaming
// batch (engine/pipeline): a reader, --jobs workers, and the report writer in input order.
#include <fmt/core.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <algorithm>
#include <chrono>
#include <iostream>

#include "command_line.hpp"
#include "commands.hpp"
#include "common/file_util.hpp"
#include "definitions_context.hpp"
#include "definitions/errata.hpp"
#include "limit_options.hpp"
#include "pipeline/batch_summary.hpp"
#include "pipeline/input_reader.hpp"
#include "pipeline/item_validation.hpp"
#include "pipeline/ordered_pipeline.hpp"
#include "report_progress.hpp"
#include "report_writer.hpp"

namespace po = boost::program_options;

namespace renkei::cli {

namespace {

// What a worker hands the writer: the item's identity (not its bytes) and its issues.
struct ValidatedItem {
  std::string name, path;
  uint32_t ndjson_line = 0;
  uint64_t bytes = 0;
  bool unreadable = false;
  IssueList issues;
};

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_resource_type(const definitions::TypeModel& types, std::string_view name) {
  const definitions::TypeInfo* t = types.type(name);
  return t && t->kind == definitions::TypeKind::Resource;
}

}  // namespace

int run_validate(const std::vector<std::string>& args) {
  po::options_description opts("renkei validate [options] INPUT...");
  std::vector<std::string> inputs, packages, profiles, bundle_profiles;
  std::string format = "text", unknown_ext = "warning", fail_on = "error", summary_file;
  unsigned jobs = 0;
  opts.add_options()("help,h", "show this help")(
      "package", po::value(&packages), "FHIR package (folder or .tgz) or conformance resource file; repeatable")(
      "profile", po::value(&profiles), "canonical URL the inputs must conform to; repeatable")(
      "bundle-profile", po::value(&bundle_profiles),
      "RULE=URL: entries of an input Bundle must also conform to URL; RULE is Type, Type:n or n (from 0), "
      "as the HL7 validator's -bundle; repeatable")(
      "format", po::value(&format),
      "text | json (OperationOutcome; a Bundle of them for several inputs; NDJSON for NDJSON input) | junit | sarif")(
      "fail-on", po::value(&fail_on), "error | warning: what makes the exit code 1 (default error)")(
      "jobs,j", po::value(&jobs), "worker threads (default: the hardware threads)")(
      "ndjson", "every input is NDJSON (one resource per line); *.ndjson files always are")(
      "summary", po::value(&summary_file), "write the batch counts as JSON to FILE (read, written, rejected, ...)")(
      "unknown-extensions", po::value(&unknown_ext), "error | warning | ignore (default warning)")(
      "show-values", "let messages quote instance values (may be patient data)")(
      "check-reference-types", "an unresolved reference whose URL implies a disallowed type is an error, not a warning")("pretty", "indent JSON output")(
      "security-checks", "strings holding HTML tags are errors (information otherwise)")(
      "no-html-in-markdown", "markdown holding raw HTML tags is an error (a warning otherwise)")(
      "allow-json-comments", "accept // and /* */ comments in JSON input")(
      "jp-clins-errata", "apply Renkei's corrections of known JP-CLINS 1.5.2 defects (docs/jp-clins.md)")(
      "verbose,v", "also print information messages");
  Limits limits;
  add_limit_options(opts, limits);
  po::variables_map vm;
  if (auto stop = parse_command_line("validate", args, opts, inputs, vm)) return *stop;
  if (!is_report_format(format)) {
    fmt::print(stderr, "renkei validate: --format must be text, json, junit or sarif\n");
    return kExitUsage;
  }
  if (fail_on != "error" && fail_on != "warning") {
    fmt::print(stderr, "renkei validate: --fail-on must be error or warning\n");
    return kExitUsage;
  }
  pipeline::ItemValidation context;
  validation::ValidatorOptions& vo = context.options;
  vo.profiles = profiles;
  vo.show_values = vm.count("show-values") > 0;
  vo.check_reference_types = vm.count("check-reference-types") > 0;
  vo.security_checks = vm.count("security-checks") > 0;
  vo.no_html_in_markdown = vm.count("no-html-in-markdown") > 0;
  context.allow_json_comments = vm.count("allow-json-comments") > 0;
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
  bool ndjson = vm.count("ndjson") > 0;
  auto ctx = load_definitions(packages, verbose);
  if (!ctx) return kExitUsage;
  std::unique_ptr<definitions::ErrataOverlay> errata;  // corrected copies found before the packages' own
  if (vm.count("jp-clins-errata")) {
    IssueList errata_issues;
    errata = definitions::apply_errata(definitions::default_errata_dir("jp-clins-1.5.2"), ctx->store, errata_issues);
    print_issues("renkei", errata_issues);
    if (!errata) return kExitUsage;
  }
  for (const std::string& spec : bundle_profiles) {
    size_t eq = spec.find('=');
    auto rule = eq == std::string::npos ? std::nullopt
                                        : validation::parse_bundle_profile_rule(std::string_view(spec).substr(0, eq),
                                                                                std::string_view(spec).substr(eq + 1));
    if (!rule || (!rule->resource_type.empty() && !is_resource_type(*ctx->types, rule->resource_type))) {
      fmt::print(stderr, "renkei validate: --bundle-profile {}: expected RULE=URL with RULE Type, Type:n or n\n", spec);
      return kExitUsage;
    }
    if (!ctx->store.find("StructureDefinition", rule->profile)) {
      fmt::print(stderr, "renkei validate: --bundle-profile {}: profile not found in the loaded definitions\n", spec);
      return kExitUsage;
    }
    vo.bundle_profiles.push_back(std::move(*rule));
  }
  validation::Validator validator(errata ? errata->store : ctx->store, *ctx->types);
  context.types = ctx->types.get();
  context.validator = &validator;
  context.limits = limits;
  vo.max_fhirpath_steps = limits.max_fhirpath_steps;

  ReportOptions ro;
  ro.pretty = vm.count("pretty") > 0;
  ro.verbose = verbose;
  ro.fail_on_warning = fail_on == "warning";
  ro.ndjson_output = ndjson || std::all_of(inputs.begin(), inputs.end(), [](const std::string& i) {
                       return ends_with(i, ".ndjson") || ends_with(i, ".NDJSON");
                     });
  ro.stdin_input = std::find(inputs.begin(), inputs.end(), "-") != inputs.end();
  std::unique_ptr<ReportWriter> report;
  try {
    report = make_report_writer(format, std::cout, ro);
  } catch (const std::exception& e) {
    fmt::print(stderr, "renkei validate: {}\n", e.what());
    return kExitUsage;
  }

  pipeline::InputOptions input_options;
  input_options.ndjson = ndjson;
  input_options.max_input_bytes = limits.max_input_bytes;  // NDJSON lines are checked one by one
  input_options.measure_total = ::isatty(STDERR_FILENO) == 1;  // only the progress bar needs the total
  pipeline::InputReader reader(inputs, input_options);
  ProgressDisplay progress(reader);
  pipeline::PipelineOptions pipeline_options;
  pipeline_options.jobs = jobs;
  pipeline::BatchSummary summary;
  bool any_failed = false;
  auto start = std::chrono::steady_clock::now();

  try {
    pipeline::run_ordered<ValidatedItem>(
        reader, pipeline_options,
        [&](pipeline::InputItem&& item) {
          ValidatedItem v;
          v.issues = pipeline::validate_item(item, context);
          v.name = std::move(item.name);
          v.path = std::move(item.path);
          v.ndjson_line = item.line;
          v.bytes = item.bytes.size();
          // An input over --max-input-size is an invalid input (exit 1), not an unreadable one (exit 2).
          v.unreadable = item.read_error.has_value() && item.read_error->code != "too-costly";
          return v;
        },
        [&](ValidatedItem&& v) {
          ++summary.read;
          summary.bytes += v.bytes;
          if (v.unreadable) ++summary.unreadable;
          if (v.issues.has_errors()) ++summary.rejected;
          else ++summary.written;
          summary.errors += v.issues.count(Severity::Error) + v.issues.count(Severity::Fatal);
          summary.warnings += v.issues.count(Severity::Warning);
          any_failed |= item_fails(v.issues, ro.fail_on_warning);
          if (format == "text") progress.clear();
          report->item(ReportItem{v.name, v.path, v.ndjson_line, v.issues, v.unreadable});
          if (!std::cout) throw std::runtime_error("cannot write the report to standard output");
          progress.update(summary.read);
        });
  } catch (const std::exception& e) {
    progress.clear();
    fmt::print(stderr, "renkei validate: {} (stopped after {} input(s))\n", e.what(), summary.read);
    return kExitUsage;
  }
  progress.clear();
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  report->finish(summary);
  if (!std::cout) {
    fmt::print(stderr, "renkei validate: cannot write the report to standard output\n");
    return kExitUsage;
  }
  if (!summary_file.empty()) {
    try {
      write_file_atomic(summary_file, pipeline::summary_json(summary, "validate"));
    } catch (const std::exception& e) {
      fmt::print(stderr, "renkei validate: {}\n", e.what());
      return kExitUsage;
    }
  }
  if (summary.unreadable) return kExitUsage;
  return any_failed ? kExitInvalid : kExitOk;
}

}  // namespace renkei::cli
