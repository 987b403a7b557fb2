// renkei convert: legacy care forms (CSV / XML) → validated FHIR document Bundles.
#include <fmt/core.h>

#include <unistd.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "command_line.hpp"
#include "commands.hpp"
#include "common/file_util.hpp"
#include "definitions_context.hpp"
#include "documents/form_converter.hpp"
#include "inputs.hpp"
#include "limit_options.hpp"
#include "io/fhir_writer.hpp"
#include "mapping/mapping_catalog.hpp"
#include "pipeline/batch_summary.hpp"
#include "pipeline/ordered_pipeline.hpp"
#include "validation/validator.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace renkei::cli {
namespace {

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

// What the reader stage hands a worker: one record of an input, or an input that could not be read.
struct ConvertItem {
  documents::RecordTask task;
  std::string input_error;       // the input could not be read (message names the file, not its content)
  bool input_too_large = false;  // a rejected record rather than a usage error
  uint64_t bytes = 0;            // input bytes, on the first record of each file
};

// What a worker hands the ordered writer: the record's outcome and its serialised document.
struct ConvertResult {
  documents::ConvertedRecord record;  // its document is dropped once serialised
  bool rejected = false;
  std::string content;
  std::string input_error;
  bool input_too_large = false;
  uint64_t bytes = 0;
};

}  // namespace

int run_convert(const std::vector<std::string>& args) {
  po::options_description opts("renkei convert [options] INPUT...");
  std::vector<std::string> inputs, packages;
  unsigned jobs = 0;
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
      "jobs,j", po::value(&jobs), "worker threads (default: the hardware threads); output is the same for any")(
      "verbose,v", "also print warnings of valid documents");
  Limits limits;
  add_limit_options(opts, limits);
  po::variables_map vm;
  if (auto stop = parse_command_line("convert", args, opts, inputs, vm)) return *stop;
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

  // --to ndjson -o DIR streams into a temporary file renamed at the end, so nothing is buffered per
  // document and a killed run leaves no half-written documents.ndjson behind.
  std::string ndjson_path = (fs::path(output) / "documents.ndjson").string();
  std::string ndjson_tmp = ndjson_path + ".tmp." + std::to_string(::getpid());
  std::ofstream ndjson_file;
  if (to == "ndjson" && !to_stdout) {
    ndjson_file.open(ndjson_tmp, std::ios::binary | std::ios::trunc);
    if (!ndjson_file) {
      fmt::print(stderr, "renkei convert: cannot write {}\n", ndjson_tmp);
      return kExitUsage;
    }
  }

  // Reader stage: per input file, recognise the layout once and yield its records one by one.
  std::vector<std::string> files = expand_inputs(inputs, {".csv", ".CSV", ".xml", ".XML", ".txt"});
  size_t next_file = 0;
  std::deque<ConvertItem> pending;  // the read records of the current file
  auto next_item = [&](ConvertItem& item) {
    while (pending.empty() && next_file < files.size()) {
      const std::string& file = files[next_file++];
      std::string name = file == "-" ? "<stdin>" : file;
      std::string bytes;
      try {
        bytes = read_input(file, limits.max_input_bytes);
      } catch (const InputTooLarge& e) {
        pending.push_back(ConvertItem{{}, e.what(), true, 0});
        continue;
      } catch (const std::exception& e) {
        pending.push_back(ConvertItem{{}, e.what(), false, 0});
        continue;
      }
      uint64_t input_bytes = bytes.size();
      converter.split(bytes, name, options, [&](documents::RecordTask&& task) {
        pending.push_back(ConvertItem{std::move(task), {}, false, input_bytes});
        input_bytes = 0;  // counted once per file
      });
    }
    if (pending.empty()) return false;
    item = std::move(pending.front());
    pending.pop_front();
    return true;
  };
  // Workers: convert + validate one record, and serialise it.
  auto convert_item = [&](ConvertItem&& item) {
    ConvertResult out;
    out.input_error = std::move(item.input_error);
    out.input_too_large = item.input_too_large;
    out.bytes = item.bytes;
    if (!out.input_error.empty()) return out;
    out.record = converter.convert(std::move(item.task), options);
    out.rejected = out.record.rejected();
    if (!out.rejected)
      out.content = to == "xml" ? io::write_xml(*out.record.document->root(), wo)
                                : io::write_json(*out.record.document->root(), wo);
    out.record.document.reset();  // the writer needs the text only
    return out;
  };
  // Ordered writer: messages, outputs and counts, in input order.
  pipeline::BatchSummary summary;
  int exit_code = kExitOk;
  auto write_result = [&](ConvertResult&& result) {
    summary.bytes += result.bytes;
    if (!result.input_error.empty()) {
      fmt::print(stderr, "{}\n", result.input_error);
      if (result.input_too_large) {
        ++summary.read;
        ++summary.rejected;
        ++summary.unreadable;
      } else {
        exit_code = kExitUsage;
      }
      return;
    }
    const documents::ConvertedRecord& r = result.record;
    ++summary.read;
    summary.errors += r.issues.count(Severity::Error) + r.issues.count(Severity::Fatal);
    summary.warnings += r.issues.count(Severity::Warning);
    if (result.rejected) {
      ++summary.rejected;
      for (const Issue& i : r.issues.items())
        if (i.severity != Severity::Information && (i.severity != Severity::Warning || verbose))
          fmt::print(stderr, "{}\n", format_issue(r, i));
      return;
    }
    if (verbose)
      for (const Issue& i : r.issues.items()) fmt::print(stderr, "{}\n", format_issue(r, i));
    const std::string& content = result.content;
    try {
      if (to == "ndjson") {
        std::ostream& out = to_stdout ? std::cout : ndjson_file;
        out << content << '\n';
        if (!out) throw std::runtime_error(to_stdout ? "cannot write to standard output" : "cannot write " + ndjson_tmp);
      } else if (to_stdout) {
        std::cout << content << (content.empty() || content.back() == '\n' ? "" : "\n");
      } else {
        write_file_atomic((fs::path(output) / (r.file_stem + extension)).string(), content);
      }
    } catch (const std::exception& e) {
      fmt::print(stderr, "renkei convert: {}\n", e.what());
      exit_code = kExitUsage;
      ++summary.rejected;
      return;
    }
    ++summary.written;
  };

  pipeline::PipelineOptions pipeline_options;
  pipeline_options.jobs = jobs;
  auto start = std::chrono::steady_clock::now();
  try {
    pipeline::run_ordered_items<ConvertItem, ConvertResult>(pipeline_options, next_item, convert_item, write_result);
  } catch (const std::exception& e) {
    fmt::print(stderr, "renkei convert: {} (stopped after {} record(s))\n", e.what(), summary.read);
    if (ndjson_file.is_open()) ::unlink(ndjson_tmp.c_str());
    return kExitUsage;
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (ndjson_file.is_open()) {
    ndjson_file.close();
    std::error_code ec;
    if (!ndjson_file) ec = std::make_error_code(std::errc::io_error);
    else fs::rename(ndjson_tmp, ndjson_path, ec);
    if (ec) {
      ::unlink(ndjson_tmp.c_str());
      fmt::print(stderr, "renkei convert: cannot write {}: {}\n", ndjson_path, ec.message());
      return kExitUsage;
    }
  }
  fmt::print(stderr, "convert: {} record(s) read, {} written, {} rejected\n", summary.read, summary.written,
             summary.rejected);
  if (!summary_file.empty()) {
    try {
      write_file_atomic(summary_file, pipeline::summary_json(summary, "convert"));
    } catch (const std::exception& e) {
      fmt::print(stderr, "renkei convert: {}\n", e.what());
      return kExitUsage;
    }
  }
  if (exit_code == kExitOk && summary.rejected > 0) exit_code = kExitInvalid;
  return exit_code;
}

}  // namespace renkei::cli
