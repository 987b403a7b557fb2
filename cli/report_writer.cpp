#include "report_writer.hpp"

namespace renkei::cli {

bool is_report_format(const std::string& f) { return f == "text" || f == "json" || f == "junit" || f == "sarif"; }

std::unique_ptr<ReportWriter> make_report_writer(const std::string& format, std::ostream& out,
                                                 const ReportOptions& options) {
  if (format == "json") return make_json_report(out, options);
  if (format == "junit") return make_junit_report(out, options);
  if (format == "sarif") return make_sarif_report(out, options);
  return make_text_report(options);
}

uint32_t file_line(const ReportItem& item, const Issue& issue) {
  if (item.ndjson_line == 0) return issue.line;
  // A record is one line of its file: the issue's line inside it is 1 (or 0 when unknown).
  return item.ndjson_line + (issue.line > 1 ? issue.line - 1 : 0);
}

std::string display_path(const ReportItem& item) { return item.path == "-" ? "<stdin>" : item.path; }

bool item_fails(const IssueList& issues, bool fail_on_warning) {
  return issues.has_errors() || (fail_on_warning && issues.count(Severity::Warning) > 0);
}

bool shown(const Issue& issue, bool verbose) { return verbose || issue.severity != Severity::Information; }

}  // namespace renkei::cli
