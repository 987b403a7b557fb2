// --format text: compiler-style lines on stderr (`file:line:col: severity: message [path]`)
// and a one-line summary, so editors and terminals can jump to the place.
#include <fmt/core.h>

#include "report_writer.hpp"

namespace renkei::cli {

namespace {

class TextReport : public ReportWriter {
 public:
  explicit TextReport(const ReportOptions& options) : options_(options) {}

  void item(const ReportItem& item) override {
    std::string path = display_path(item);
    for (const Issue& i : item.issues.items()) {
      if (!shown(i, options_.verbose)) continue;
      std::string where = item.unreadable ? item.name : path;
      if (uint32_t line = file_line(item, i)) where += fmt::format(":{}:{}", line, i.column);
      else if (item.ndjson_line) where += fmt::format(":{}", item.ndjson_line);
      fmt::print(stderr, "{}: {}: {}{}\n", where, to_string(i.severity), i.message,
                 i.expression.empty() ? "" : " [" + i.expression + "]");
    }
  }

  void finish(const pipeline::BatchSummary& s) override {
    std::string unreadable = s.unreadable ? fmt::format(" ({} unreadable)", s.unreadable) : "";
    fmt::print(stderr, "{} input(s): {} valid, {} invalid{}; {} error(s), {} warning(s)\n", s.read, s.written,
               s.rejected, unreadable, s.errors, s.warnings);
  }

 private:
  ReportOptions options_;
};

}  // namespace

std::unique_ptr<ReportWriter> make_text_report(const ReportOptions& options) {
  return std::make_unique<TextReport>(options);
}

}  // namespace renkei::cli
