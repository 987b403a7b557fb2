// renkei format: FHIR JSON <-> XML through the element tree (lossless).
#include <fmt/core.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>

#include "command_line.hpp"
#include "commands.hpp"
#include "common/file_util.hpp"
#include "definitions_context.hpp"
#include "inputs.hpp"
#include "limit_options.hpp"
#include "io/fhir_reader.hpp"
#include "io/fhir_writer.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace renkei::cli {

int run_format(const std::vector<std::string>& args) {
  po::options_description opts("renkei format [options] INPUT...");
  std::string to;
  std::string output;
  std::vector<std::string> inputs, packages;
  opts.add_options()("help,h", "show this help")("to", po::value(&to)->required(), "output format: json or xml")(
      "pretty", "indent the output")("output,o", po::value(&output),
                                     "output file (one input) or directory (several); default stdout")(
      "package", po::value(&packages), "extra FHIR package (folder or .tgz) for the definitions")(
      "verbose,v", "also print information messages");
  Limits limits;
  add_limit_options(opts, limits);
  po::variables_map vm;
  if (auto stop = parse_command_line("format", args, opts, inputs, vm)) return *stop;
  if (to != "json" && to != "xml") {
    fmt::print(stderr, "renkei format: --to must be json or xml\n");
    return kExitUsage;
  }
  if (inputs.empty()) {
    fmt::print(stderr, "renkei format: no input (give files, or - for stdin)\n");
    return kExitUsage;
  }
  bool to_dir = inputs.size() > 1 && !output.empty();
  if (inputs.size() > 1 && !output.empty() && !fs::is_directory(output)) {
    fmt::print(stderr, "renkei format: with several inputs --output must be an existing directory\n");
    return kExitUsage;
  }

  auto ctx = load_definitions(packages, vm.count("verbose") > 0);
  if (!ctx) return kExitUsage;

  int exit_code = kExitOk;
  for (const std::string& input : inputs) {
    std::string bytes;
    try {
      bytes = read_input(input, limits.max_input_bytes);
    } catch (const InputTooLarge& e) {
      fmt::print(stderr, "{}\n", e.what());
      if (exit_code == kExitOk) exit_code = kExitInvalid;
      continue;
    } catch (const std::exception& e) {
      fmt::print(stderr, "{}\n", e.what());
      exit_code = kExitUsage;
      continue;
    }
    IssueList issues;
    io::ReadOptions ro;
    ro.types = ctx->types.get();
    ro.limits = limits;
    ro.source_name = input;
    auto format = io::sniff_format(bytes);
    std::optional<model::Document> doc;
    if (!format) {
      issues.add(Severity::Fatal, "structure", "neither FHIR JSON nor FHIR XML (expected '{' or '<')", {}, 1, 1);
    } else {
      doc = io::read_fhir(bytes, *format, ro, issues);
    }
    print_issues(input == "-" ? "<stdin>" : input, issues);
    if (!doc || issues.has_errors()) {
      exit_code = std::max(exit_code, kExitInvalid);
      continue;  // no partial output for an input with errors
    }
    io::WriteOptions wo;
    wo.types = ctx->types.get();
    wo.pretty = vm.count("pretty") > 0;
    std::string out = to == "json" ? io::write_json(*doc->root(), wo) : io::write_xml(*doc->root(), wo);
    try {
      if (to_dir) {
        fs::path target = fs::path(output) / fs::path(input).filename().replace_extension(to == "json" ? ".json" : ".xml");
        write_file_atomic(target.string(), out);
      } else if (!output.empty()) {
        write_file_atomic(output, out);
      } else {
        std::cout << out;
        if (!wo.pretty && to == "json") std::cout << '\n';
      }
    } catch (const std::exception& e) {
      fmt::print(stderr, "{}\n", e.what());
      exit_code = kExitUsage;
    }
  }
  std::cout.flush();
  return exit_code;
}

}  // namespace renkei::cli
