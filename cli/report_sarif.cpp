// --format sarif: SARIF 2.1.0 (GitHub code scanning, GitLab, Azure DevOps), one result per
// issue with the file, line and column of the offending text and ruleId = the constraint key
// or check name, so the platform annotates the line. JSON key order is free, so the run's
// results stream out and the rules seen are listed after them.
#include <fmt/core.h>

#include <ostream>
#include <set>

#include "report_escape.hpp"
#include "report_writer.hpp"

namespace renkei::cli {

namespace {

std::string_view level(Severity s) {
  switch (s) {
    case Severity::Fatal:
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Information: return "note";
  }
  return "none";
}

// artifactLocation.uri: relative paths as given (code-hosting platforms resolve them against the
// repository root), absolute ones as file:// URIs; characters a URI cannot hold are escaped.
std::string artifact_uri(const std::string& path) {
  if (path == "-") return "stdin";
  std::string uri = path.rfind('/', 0) == 0 ? "file://" : "";
  for (unsigned char c : path) {
    if (c <= 0x20 || c == '%' || c == '#' || c == '?' || c >= 0x7f) uri += fmt::format("%{:02X}", c);
    else uri += static_cast<char>(c);
  }
  return uri;
}

class SarifReport : public ReportWriter {
 public:
  SarifReport(std::ostream& out, const ReportOptions& options) : out_(out), options_(options) {
    out_ << "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\","
            "\"runs\":[{\"results\":[";
  }

  void item(const ReportItem& item) override {
    for (const Issue& i : item.issues.items()) {
      if (!shown(i, options_.verbose)) continue;
      std::string rule = i.rule.empty() ? (i.code.empty() ? "processing" : i.code) : i.rule;
      rules_.insert(rule);
      std::string r = results_++ ? ",\n" : "\n";
      r += "{\"ruleId\":";
      append_json_string(r, rule);
      r += fmt::format(",\"level\":\"{}\",\"message\":{{\"text\":", level(i.severity));
      append_json_string(r, i.message);
      r += "},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":";
      append_json_string(r, artifact_uri(item.path));
      r += "}";
      if (uint32_t line = file_line(item, i)) {
        r += fmt::format(",\"region\":{{\"startLine\":{}", line);
        if (i.column) r += fmt::format(",\"startColumn\":{}", i.column);
        r += "}";
      }
      r += "}";
      if (!i.expression.empty()) {
        r += ",\"logicalLocations\":[{\"fullyQualifiedName\":";
        append_json_string(r, i.expression);
        r += "}]";
      }
      r += "}]";
      if (item.ndjson_line) {
        r += ",\"properties\":{\"record\":";
        append_json_string(r, item.name);
        r += "}";
      }
      r += "}";
      out_ << r;
    }
  }

  void finish(const pipeline::BatchSummary&) override {
    std::string tail = "\n],\"tool\":{\"driver\":{\"name\":\"renkei\",\"version\":\"" RENKEI_VERSION
                       "\",\"rules\":[";
    bool first = true;
    for (const std::string& rule : rules_) {
      if (!first) tail += ",";
      first = false;
      tail += "{\"id\":";
      append_json_string(tail, rule);
      tail += "}";
    }
    tail += "]}}}]}\n";
    out_ << tail;
    out_.flush();
  }

 private:
  std::ostream& out_;
  ReportOptions options_;
  uint64_t results_ = 0;
  std::set<std::string> rules_;  // distinct rule ids: bounded by the definitions, not the batch
};

}  // namespace

std::unique_ptr<ReportWriter> make_sarif_report(std::ostream& out, const ReportOptions& options) {
  return std::make_unique<SarifReport>(out, options);
}

}  // namespace renkei::cli
