// renkei fhirpath: evaluates one FHIRPath expression against one FHIR resource and prints the
// result collection, one item per line as `type: value`.
#include <fmt/core.h>

#include <boost/program_options.hpp>
#include <iostream>

#include "commands.hpp"
#include "definitions_context.hpp"
#include "fhirpath/fhir_types.hpp"
#include "fhirpath/fhirpath.hpp"
#include "inputs.hpp"
#include "io/fhir_reader.hpp"
#include "io/fhir_writer.hpp"
#include "limit_options.hpp"

namespace po = boost::program_options;

namespace renkei::cli {

namespace {

// compile() says "FHIRPath syntax error at line L, column C: why"; the command prints the
// position its own way, so keep only the why.
std::string syntax_reason(const Issue& issue) {
  std::string_view m = issue.message;
  constexpr std::string_view kPrefix = "FHIRPath syntax error at line ";
  if (m.starts_with(kPrefix)) {
    size_t colon = m.find(": ");
    if (colon != std::string_view::npos) return std::string(m.substr(colon + 2));
  }
  return std::string(m);
}

// `Type: value` for one result item: System values by their FHIRPath string form, FHIR
// primitives by their lexical value, other FHIR elements as compact JSON.
std::string describe(const fhirpath::Item& item, const definitions::TypeModel& types) {
  if (!item.is_node()) {
    std::string_view type = fhirpath::system_type_name(item.system_type());
    auto text = fhirpath::to_string_value(item.value);
    return fmt::format("{}: {}", type.empty() ? "?" : type, text ? *text : "");
  }
  auto [ns, name] = fhirpath::item_type_name(item);
  const model::Node& n = *item.node;
  if (name.empty()) name = n.is_resource() ? std::string(n.resource_type) : "Element";
  io::WriteOptions wo;
  wo.types = &types;
  if (n.is_primitive()) {
    // The value, then the primitive's id/extensions (if any) as JSON.
    std::string out = fmt::format("{}: {}", name, n.has_value() ? n.text : std::string_view());
    if (n.first_child) out += " " + io::write_json(n, wo);
    return out;
  }
  return fmt::format("{}: {}", name, io::write_json(n, wo));
}

}  // namespace

int run_fhirpath(const std::vector<std::string>& args) {
  po::options_description opts("renkei fhirpath [options] EXPRESSION INPUT");
  std::vector<std::string> packages, positional;
  opts.add_options()("help,h", "show this help")(
      "package", po::value(&packages), "FHIR package (folder or .tgz) or conformance resource file; repeatable")(
      "verbose,v", "also print information messages while loading definitions");
  Limits limits;
  add_limit_options(opts, limits);
  po::options_description hidden;
  hidden.add_options()("positional", po::value(&positional));
  po::options_description all;
  all.add(opts).add(hidden);
  po::positional_options_description pos;
  pos.add("positional", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    if (vm.count("help")) {
      std::cout << opts << "\nEvaluates EXPRESSION with INPUT (a FHIR resource, JSON or XML; '-' = stdin) as\n"
                           "%resource and %context, and prints each item of the result as `type: value`.\n";
      return kExitOk;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    fmt::print(stderr, "renkei fhirpath: {}\n", e.what());
    return kExitUsage;
  }
  if (positional.size() != 2) {
    fmt::print(stderr, "renkei fhirpath: expected EXPRESSION and INPUT (see --help)\n");
    return kExitUsage;
  }
  const std::string& expression = positional[0];
  const std::string& input = positional[1];

  // Parse first: a syntax error needs no definitions and no input.
  IssueList compile_issues;
  auto compiled = fhirpath::compile(expression, compile_issues);
  if (!compiled) {
    for (const Issue& i : compile_issues.items()) {
      if (i.line > 1)
        fmt::print(stderr, "error: line {}, column {}: {}\n", i.line, i.column, syntax_reason(i));
      else
        fmt::print(stderr, "error: column {}: {}\n", i.column, syntax_reason(i));
    }
    return kExitInvalid;
  }

  std::string bytes;
  try {
    bytes = read_input(input, limits.max_input_bytes);
  } catch (const InputTooLarge& e) {
    fmt::print(stderr, "{}\n", e.what());
    return kExitInvalid;
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}\n", e.what());
    return kExitUsage;
  }
  auto ctx = load_definitions(packages, vm.count("verbose") > 0);
  if (!ctx) return kExitUsage;
  std::string name = input == "-" ? "<stdin>" : input;
  IssueList read_issues;
  io::ReadOptions ro;
  ro.types = ctx->types.get();
  ro.limits = limits;
  ro.source_name = name;
  std::optional<model::Document> doc;
  if (auto format = io::sniff_format(bytes))
    doc = io::read_fhir(bytes, *format, ro, read_issues);
  else
    read_issues.add(Severity::Fatal, "structure", "not FHIR: neither JSON nor XML (expected '{' or '<')", {}, 1, 1);
  if (!doc || !doc->root()) {
    print_issues(name, read_issues);
    return kExitInvalid;
  }

  fhirpath::EvalContext ec;
  ec.resource = doc->root();
  ec.root_resource = doc->root();
  ec.types = ctx->types.get();
  ec.max_steps = limits.max_fhirpath_steps;
  fhirpath::EvalResult result = fhirpath::evaluate(*compiled, ec);
  if (!result.ok()) {
    fmt::print(stderr, "error: {}\n", result.error);
    return kExitInvalid;
  }
  for (const fhirpath::Item& item : result.items) fmt::print("{}\n", describe(item, *ctx->types));
  return kExitOk;
}

}  // namespace renkei::cli
