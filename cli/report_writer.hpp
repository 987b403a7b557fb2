#pragma once
// Report writers of `renkei validate`: one per --format. Each gets the items in input order,
// one at a time (the batch streams, so writers keep at most one item and the counts), then
// the summary at the end.
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>

#include "common/issue.hpp"
#include "pipeline/batch_summary.hpp"

namespace renkei::cli {

struct ReportItem {
  const std::string& name;  // "a.json", "<stdin>", "bulk.ndjson:17"
  const std::string& path;  // the file ("-" for stdin)
  uint32_t ndjson_line;     // 0 for a whole file
  const IssueList& issues;
  bool unreadable;
};

struct ReportOptions {
  bool pretty = false;
  bool verbose = false;          // include information issues (text, SARIF, JUnit)
  bool fail_on_warning = false;  // warnings fail an item (JUnit failures)
  bool ndjson_output = false;    // json: one OperationOutcome per line (NDJSON in, NDJSON out)
  bool stdin_input = false;      // json NDJSON: items from stdin are identified by position only
};

class ReportWriter {
 public:
  virtual ~ReportWriter() = default;
  virtual void item(const ReportItem& item) = 0;
  virtual void finish(const pipeline::BatchSummary& summary) = 0;
};

bool is_report_format(const std::string& format);  // text | json | junit | sarif
// `out` is where the report goes (stdout); text reports go to stderr like compiler messages.
std::unique_ptr<ReportWriter> make_report_writer(const std::string& format, std::ostream& out,
                                                 const ReportOptions& options);

// Shared helpers: where an issue is in its file ("bulk.ndjson", line of the record + issue
// line - 1), and whether an item fails under the --fail-on policy.
uint32_t file_line(const ReportItem& item, const Issue& issue);
std::string display_path(const ReportItem& item);
bool item_fails(const IssueList& issues, bool fail_on_warning);
bool shown(const Issue& issue, bool verbose);

std::unique_ptr<ReportWriter> make_text_report(const ReportOptions& options);
std::unique_ptr<ReportWriter> make_json_report(std::ostream& out, const ReportOptions& options);
std::unique_ptr<ReportWriter> make_junit_report(std::ostream& out, const ReportOptions& options);
std::unique_ptr<ReportWriter> make_sarif_report(std::ostream& out, const ReportOptions& options);

}  // namespace renkei::cli
