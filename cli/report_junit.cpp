// --format junit: JUnit XML as CI servers read it (GitLab, Jenkins, GitHub test reporters):
// one <testcase> per input; a failing input carries a <failure> listing its issues, an
// unreadable one an <error>. The suite's counts come first in the XML but are known only at
// the end, so the testcases are spooled to a temporary file (memory stays flat) and copied.
#include <fmt/core.h>

#include <cstdio>
#include <memory>
#include <ostream>
#include <stdexcept>

#include "report_escape.hpp"
#include "report_writer.hpp"

namespace renkei::cli {

namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

class JunitReport : public ReportWriter {
 public:
  JunitReport(std::ostream& out, const ReportOptions& options)
      : out_(out), options_(options), spool_(std::tmpfile()) {
    if (!spool_) throw std::runtime_error("cannot create a temporary file for the JUnit report");
  }

  void item(const ReportItem& item) override {
    ++tests_;
    std::string xml = "    <testcase classname=\"renkei.validate\" name=\"";
    append_xml_escaped(xml, item.name);
    xml += "\"";
    bool fails = item_fails(item.issues, options_.fail_on_warning);
    if (!fails && !item.unreadable) {
      xml += "/>\n";
    } else {
      const char* element = item.unreadable ? "error" : "failure";
      item.unreadable ? ++errors_ : ++failures_;
      size_t n_errors = item.issues.count(Severity::Error) + item.issues.count(Severity::Fatal);
      size_t n_warnings = item.issues.count(Severity::Warning);
      xml += fmt::format(">\n      <{} type=\"{}\" message=\"{} error(s), {} warning(s)\">", element,
                         n_errors ? "error" : "warning", n_errors, n_warnings);
      for (const Issue& i : item.issues.items()) {
        if (!shown(i, options_.verbose)) continue;
        std::string where = display_path(item);
        if (uint32_t line = file_line(item, i)) where += fmt::format(":{}:{}", line, i.column);
        // One issue per line; raw newlines are fine in character data.
        append_xml_escaped(xml, fmt::format("{}: {}: {}{}{}", where, to_string(i.severity), i.message,
                                            i.expression.empty() ? "" : " [" + i.expression + "]",
                                            i.rule.empty() ? "" : " (" + i.rule + ")"));
        xml += '\n';
      }
      xml += fmt::format("</{}>\n    </testcase>\n", element);
    }
    if (std::fwrite(xml.data(), 1, xml.size(), spool_.get()) != xml.size())
      throw std::runtime_error("cannot write the JUnit report's temporary file");
  }

  void finish(const pipeline::BatchSummary& s) override {
    std::string counts = fmt::format("tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3f}\"", tests_, failures_,
                                     errors_, s.seconds);
    out_ << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         << "<testsuites name=\"renkei validate\" " << counts << ">\n"
         << "  <testsuite name=\"renkei validate\" " << counts << ">\n";
    std::rewind(spool_.get());
    char buffer[1 << 16];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, spool_.get())) > 0) out_.write(buffer, static_cast<std::streamsize>(n));
    out_ << "  </testsuite>\n</testsuites>\n";
    out_.flush();
  }

 private:
  std::ostream& out_;
  ReportOptions options_;
  std::unique_ptr<std::FILE, FileCloser> spool_;
  uint64_t tests_ = 0, failures_ = 0, errors_ = 0;
};

}  // namespace

std::unique_ptr<ReportWriter> make_junit_report(std::ostream& out, const ReportOptions& options) {
  return std::make_unique<JunitReport>(out, options);
}

}  // namespace renkei::cli
