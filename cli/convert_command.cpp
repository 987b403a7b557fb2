// renkei convert: legacy care forms (CSV / XML) → validated FHIR document Bundles.
#include <fmt/core.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "common/file_util.hpp"
#include "definitions_context.hpp"
#include "documents/form_converter.hpp"
#include "inputs.hpp"
#include "limit_options.hpp"
#include "io/fhir_writer.hpp"
#include "mapping/mapping_catalog.hpp"
#include "validation/validator.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace renkei::cli {
namespace {

std::string json_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        else out += c;
    }
  }
  return out;
}

// `file:line:column: message` for input problems; validation findings cite the record and the FHIRPath.
std::string format_issue(const documents::ConvertedRecord& r, const Issue& i) {
  bool about_input = i.expression.empty() || i.expression == r.source || i.rule.rfind("mapping", 0) == 0 ||
                     i.rule.rfind("csv", 0) == 0 || i.rule == "encoding";
  std::string where = about_input && !i.expression.empty() ? i.expression : r.source;
  uint32_t line = about_input ? i.line : r.line;
  if (line) where += fmt::format(":{}", line);
  if (about_input && i.line && i.column) where += fmt::format(":{}", i.column);
  std::string severity = i.severity == Severity::Warning ? "warning: " : "";
  std::string location = about_input || i.expression.empty() ? "" : " [" + i.expression + "]";
  return fmt::format("{}: {}{}{}", where, severity, i.message, location);
}

}  // namespace

int run_convert(const std::vector<std::string>& args) {
  po::options_description opts("renkei convert [options] INPUT...");
  std::vector<std::string> inputs, packages;
  std::string form, mapping_file, encoding = "auto", to = "json", output = "-", summary_file, mappings_dir,
                                  profiles_dir;
  opts.add_options()("help,h", "show this help")("form", po::value(&form),
                                                   "form id (e.g. houmon-kango-keikakusho); default: recognised")(
      "mapping", po::value(&mapping_file), "layout mapping file to use (no recognition)")(
      "encoding", po::value(&encoding), "cp932 | utf-8 | auto (default auto) for CSV input")(
      "to", po::value(&to), "json | xml | ndjson (default json)")(
      "output,o", po::value(&output), "output folder, or - for stdout (default -)")(
      "no-validate", "do not validate the documents")("pretty", "indent JSON output")(
      "summary", po::value(&summary_file), "also write a JSON summary to FILE")(
      "mappings", po::value(&mappings_dir), "mappings folder (default: the installation's mappings/)")(
      "profiles", po::value(&profiles_dir), "project profiles folder (default: next to mappings/)")(
      "package", po::value(&packages), "extra FHIR package for validation; repeatable")(
      "verbose,v", "also print warnings of valid documents");
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
    fmt::print(stderr, "renkei convert: {}\n", e.what());
    return kExitUsage;
  }
  documents::ConvertOptions options;
  options.form = form;
  options.validate = vm.count("no-validate") == 0;
  options.limits = limits;
  if (encoding == "cp932" || encoding == "sjis" || encoding == "shift_jis") options.encoding = text::Encoding::Cp932;
  else if (encoding == "utf-8" || encoding == "utf8") options.encoding = text::Encoding::Utf8;
  else if (encoding != "auto") {
    fmt::print(stderr, "renkei convert: --encoding must be cp932, utf-8 or auto\n");
    return kExitUsage;
  }
  if (to != "json" && to != "xml" && to != "ndjson") {
    fmt::print(stderr, "renkei convert: --to must be json, xml or ndjson\n");
    return kExitUsage;
  }
  if (inputs.empty()) {
    fmt::print(stderr, "renkei convert: no input (give files, directories, or - for stdin)\n");
    return kExitUsage;
  }
  bool verbose = vm.count("verbose") > 0;
  bool pretty = vm.count("pretty") > 0;

  if (mappings_dir.empty()) mappings_dir = mapping::default_mappings_dir();
  if (profiles_dir.empty()) profiles_dir = (fs::path(mappings_dir).parent_path() / "profiles").string();
  IssueList load_issues;
  auto catalog = mapping::MappingCatalog::load(mappings_dir, load_issues);
  if (catalog && !mapping_file.empty() && !catalog->add_layout_file(mapping_file, load_issues)) catalog.reset();
  if (!catalog) {
    print_issues("renkei", load_issues);
    return kExitUsage;
  }
  if (!mapping_file.empty()) options.layout = &catalog->layouts().front();
  if (!form.empty()) {
    auto forms = catalog->forms();
    if (std::find(forms.begin(), forms.end(), form) == forms.end()) {
      std::string known;
      for (const auto& f : forms) known += " " + f;
      fmt::print(stderr, "renkei convert: unknown form '{}'; known forms:{}\n", form, known);
      return kExitUsage;
    }
  }
  auto ctx = load_definitions(packages, verbose);
  if (!ctx) return kExitUsage;
  {
    IssueList profile_issues;
    if (!ctx->store.load_folder(profiles_dir, profile_issues)) {
      print_issues("renkei", profile_issues);
      return kExitUsage;
    }
  }
  validation::Validator validator(ctx->store, *ctx->types);
  documents::FormConverter converter(*catalog, *ctx->types, options.validate ? &validator : nullptr);

  bool to_stdout = output == "-";
  if (!to_stdout) {
    std::error_code ec;
    fs::create_directories(output, ec);
    if (ec) {
      fmt::print(stderr, "renkei convert: cannot create output folder {}: {}\n", output, ec.message());
      return kExitUsage;
    }
  }
  io::WriteOptions wo{ctx->types.get(), pretty && to != "ndjson"};
  std::string extension = to == "xml" ? ".xml" : ".json";
  size_t read = 0, written = 0, rejected = 0;
  int exit_code = kExitOk;
  std::string summary_docs, summary_rejects;
  std::string ndjson;
  auto on_record = [&](documents::ConvertedRecord&& r) {
    ++read;
    if (r.rejected()) {
      ++rejected;
      for (const Issue& i : r.issues.items())
        if (i.severity != Severity::Information && (i.severity != Severity::Warning || verbose))
          fmt::print(stderr, "{}\n", format_issue(r, i));
      std::string messages;
      for (const Issue& i : r.issues.items())
        if (i.severity == Severity::Error || i.severity == Severity::Fatal)
          messages += (messages.empty() ? "\"" : ",\"") + json_escape(format_issue(r, i)) + "\"";
      summary_rejects += fmt::format("{}{{\"source\":\"{}\",\"line\":{},\"layout\":\"{}\",\"errors\":[{}]}}",
                                     summary_rejects.empty() ? "" : ",", json_escape(r.source), r.line,
                                     json_escape(r.layout), messages);
      return;
    }
    if (verbose)
      for (const Issue& i : r.issues.items()) fmt::print(stderr, "{}\n", format_issue(r, i));
    std::string content = to == "xml" ? io::write_xml(*r.document->root(), wo) : io::write_json(*r.document->root(), wo);
    std::string name = r.file_stem + extension;
    try {
      if (to == "ndjson") {
        if (to_stdout) std::cout << content << '\n';
        else ndjson += content + "\n";
      } else if (to_stdout) {
        std::cout << content << (content.empty() || content.back() == '\n' ? "" : "\n");
      } else {
        write_file_atomic((fs::path(output) / name).string(), content);
      }
    } catch (const std::exception& e) {
      fmt::print(stderr, "renkei convert: {}\n", e.what());
      exit_code = kExitUsage;
      ++rejected;
      return;
    }
    ++written;
    summary_docs += fmt::format("{}{{\"source\":\"{}\",\"line\":{},\"layout\":\"{}\",\"output\":\"{}\"}}",
                                summary_docs.empty() ? "" : ",", json_escape(r.source), r.line, json_escape(r.layout),
                                json_escape(to == "ndjson" ? "" : name));
  };
  std::vector<std::string> files = expand_inputs(inputs, {".csv", ".CSV", ".xml", ".XML", ".txt"});
  for (const std::string& file : files) {
    std::string name = file == "-" ? "<stdin>" : file;
    std::string bytes;
    try {
      bytes = read_input(file, limits.max_input_bytes);
    } catch (const InputTooLarge& e) {
      fmt::print(stderr, "{}\n", e.what());
      ++read;
      ++rejected;
      continue;
    } catch (const std::exception& e) {
      fmt::print(stderr, "{}\n", e.what());
      exit_code = kExitUsage;
      continue;
    }
    converter.convert(bytes, name, options, on_record);
  }
  if (to == "ndjson" && !to_stdout) {
    try {
      write_file_atomic((fs::path(output) / "documents.ndjson").string(), ndjson);
    } catch (const std::exception& e) {
      fmt::print(stderr, "renkei convert: {}\n", e.what());
      return kExitUsage;
    }
  }
  fmt::print(stderr, "convert: {} record(s) read, {} written, {} rejected\n", read, written, rejected);
  if (!summary_file.empty()) {
    std::string summary = fmt::format("{{\"read\":{},\"written\":{},\"rejected\":{},\"documents\":[{}],\"rejections\":[{}]}}\n",
                                      read, written, rejected, summary_docs, summary_rejects);
    try {
      write_file_atomic(summary_file, summary);
    } catch (const std::exception& e) {
      fmt::print(stderr, "renkei convert: {}\n", e.what());
      return kExitUsage;
    }
  }
  if (exit_code == kExitOk && rejected > 0) exit_code = kExitInvalid;
  return exit_code;
}

}  // namespace renkei::cli
