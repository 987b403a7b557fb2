// --format json: an OperationOutcome for one input, a collection Bundle of them for several
// (the shape validation::outcomes_bundle_json gives), or NDJSON — one OperationOutcome per
// line — when the input is NDJSON. Streams: the Bundle is written entry by entry, so a batch of
// a million inputs never holds more than one outcome.
#include <ostream>

#include "report_writer.hpp"
#include "validation/operation_outcome.hpp"

namespace renkei::cli {

namespace {

// The framing of outcomes_bundle_json (prefix up to the first entry, the separator between
// entries, the suffix), taken from the function itself so the streamed Bundle is byte-identical
// to the one it would build in memory.
struct BundleFraming {
  std::string prefix, separator, suffix;
};

BundleFraming bundle_framing(bool pretty) {
  IssueList none;
  std::string one = validation::outcomes_bundle_json({{"a", none}}, pretty);
  std::string two = validation::outcomes_bundle_json({{"a", none}, {"a", none}}, pretty);
  // one = prefix + E + suffix and two = prefix + E + separator + E + suffix, where E (the
  // entry) is a JSON object starting at the first '{' after "entry".
  size_t start = one.find('{', one.find("\"entry\""));
  size_t end = start;
  int depth = 0;
  bool in_string = false;
  for (size_t i = start; i < one.size(); ++i) {
    char c = one[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}' && --depth == 0) {
      end = i + 1;
      break;
    }
  }
  BundleFraming f;
  size_t entry_length = end - start;
  f.prefix = one.substr(0, start);
  f.suffix = one.substr(end);
  f.separator = two.substr(end, two.size() - f.suffix.size() - end - entry_length);
  return f;
}

class JsonReport : public ReportWriter {
 public:
  JsonReport(std::ostream& out, const ReportOptions& options) : out_(out), options_(options) {}

  void item(const ReportItem& item) override {
    if (options_.ndjson_output) {
      // Named NDJSON files keep the record's name; stdin records are identified by position so
      // that shards of one input concatenate to exactly the output of the whole.
      std::string name = options_.stdin_input && item.path == "-" ? std::string() : item.name;
      out_ << validation::operation_outcome_json(item.issues, name, false) << '\n';
      return;
    }
    if (count_ == 0) {
      first_name_ = item.name;
      first_ = item.issues;
    } else {
      if (count_ == 1) {
        framing_ = bundle_framing(options_.pretty);
        out_ << framing_.prefix << entry_text(first_name_, first_);
        first_ = IssueList();
      }
      out_ << framing_.separator << entry_text(item.name, item.issues);
    }
    ++count_;
  }

  void finish(const pipeline::BatchSummary&) override {
    if (options_.ndjson_output) return out_.flush(), void();
    if (count_ == 1) out_ << validation::operation_outcome_json(first_, first_name_, options_.pretty);
    else if (count_ == 0) out_ << validation::outcomes_bundle_json({}, options_.pretty);
    else out_ << framing_.suffix;
    if (!options_.pretty) out_ << '\n';
    out_.flush();
  }

 private:
  std::string entry_text(const std::string& name, const IssueList& issues) const {
    std::string one = validation::outcomes_bundle_json({{name, issues}}, options_.pretty);
    return one.substr(framing_.prefix.size(), one.size() - framing_.prefix.size() - framing_.suffix.size());
  }

  std::ostream& out_;
  ReportOptions options_;
  size_t count_ = 0;
  std::string first_name_;
  IssueList first_;
  BundleFraming framing_;
};

}  // namespace

std::unique_ptr<ReportWriter> make_json_report(std::ostream& out, const ReportOptions& options) {
  return std::make_unique<JsonReport>(out, options);
}

}  // namespace renkei::cli
