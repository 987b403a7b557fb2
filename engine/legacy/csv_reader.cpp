#include "legacy/csv_reader.hpp"

#include <fstream>
#include <sstream>
#include <unordered_set>
#include <vector>

namespace renkei::legacy {
namespace {

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Header names: ASCII and ideographic spaces and a stray BOM (U+FEFF) are trimmed.
std::string trim_header(std::string_view s) {
  static constexpr std::string_view kBom = "\xEF\xBB\xBF";
  static constexpr std::string_view kIdeographicSpace = "\u3000";
  for (bool changed = true; changed;) {
    changed = false;
    for (std::string_view pad : {kBom, kIdeographicSpace, std::string_view(" "), std::string_view("\t")}) {
      if (s.starts_with(pad)) s.remove_prefix(pad.size()), changed = true;
      if (s.ends_with(pad)) s.remove_suffix(pad.size()), changed = true;
    }
  }
  return std::string(s);
}

bool is_csv_version(std::string_view v) {
  if (v.size() != 6) return false;
  for (char c : v)
    if (c < '0' || c > '9') return false;
  const int month = (v[4] - '0') * 10 + (v[5] - '0');
  return month >= 1 && month <= 12;
}

}  // namespace

struct CsvReader::State {
  std::unique_ptr<std::istream> owned;
  std::istream* in = nullptr;
  std::string source;
  CsvOptions options;
  text::StreamDecoder decoder;

  std::string buffer;  // decoded UTF-8 not yet consumed starts at `pos`
  size_t pos = 0;
  uint32_t line = 1;  // position of buffer[pos]
  uint32_t column = 1;
  bool skip_lf = false;  // the previous record ended with CR: an LF right after belongs to it
  bool input_done = false;  // all bytes read and decoded
  size_t bytes_read = 0;
  std::optional<Issue> decode_failure;  // reported once the complete rows before it are returned

  IssueList issues;
  bool fatal = false;
  size_t row_issue_mark = 0;  // issues.items().size() before the last row
  bool header_read = false;
  std::vector<std::string> header;
  std::string first_version;
  std::vector<std::string> cells;  // scratch for one record
  std::vector<std::pair<uint32_t, uint32_t>> cell_positions;

  State(std::istream* input, std::string name, CsvOptions opts)
      : in(input), source(std::move(name)), options(opts), decoder(opts.encoding) {}

  void report(Severity severity, std::string code, std::string message, uint32_t at_line, uint32_t at_column) {
    issues.add(severity, std::move(code), std::move(message), source, at_line, at_column);
    if (severity == Severity::Fatal) fatal = true;
  }

  // Reads and decodes one more chunk. False when no more text can come.
  bool refill() {
    if (input_done || decode_failure) return false;
    if (pos > 0) {  // drop consumed text so the buffer holds at most one record plus a chunk
      buffer.erase(0, pos);
      pos = 0;
    }
    std::string chunk(options.chunk_bytes, '\0');
    in->read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    chunk.resize(static_cast<size_t>(in->gcount()));
    bytes_read += chunk.size();
    const bool last = chunk.size() < options.chunk_bytes || in->peek() == std::char_traits<char>::eof();
    if (in->bad()) {
      decode_failure = Issue{Severity::Fatal, "exception", "read error", source, line, column, "csv-read"};
      return false;
    }
    if (bytes_read > options.max_input_bytes) {
      decode_failure = Issue{Severity::Fatal, "too-costly",
                             "input exceeds the maximum input size of " + std::to_string(options.max_input_bytes) +
                                 " bytes (--max-input-size)",
                             source, line, column, "max-input-size"};
      return false;
    }
    const size_t size_before = buffer.size();
    if (auto error = decoder.feed(chunk, last, buffer)) {
      decode_failure = Issue{Severity::Fatal, "invalid", error->message, source, error->line, error->column, "encoding"};
      return buffer.size() > size_before;  // the rows decoded before the error are still returned
    }
    input_done = last;
    return true;
  }

  enum class Parse { Complete, NeedMore, Skipped, End, Fatal };

  // Parses one record starting at `pos` from the buffered text. Nothing is consumed unless Complete or
  // Skipped; on NeedMore the caller refills and parses the record again from its start.
  Parse parse_record(std::vector<Issue>& row_issues, uint32_t& record_line) {
    size_t i = pos;
    uint32_t ln = line, col = column;
    const size_t end = buffer.size();
    const bool at_eof = input_done;

    if (skip_lf) {  // finish the CR LF of the previous record (the line was already counted at the CR)
      if (i == end) return at_eof ? Parse::End : Parse::NeedMore;
      if (buffer[i] == '\n') ++i;
      pos = i;
      skip_lf = false;
    }
    if (i == end) return at_eof ? Parse::End : Parse::NeedMore;
    record_line = ln;
    if (buffer[i] == '\n' || buffer[i] == '\r') {  // empty line
      skip_lf = buffer[i] == '\r';
      pos = i + 1, line = ln + 1, column = 1;
      return Parse::Skipped;
    }

    cells.clear();
    cell_positions.clear();
    row_issues.clear();
    auto advance_text = [&](char c) {
      if (!is_continuation_byte(c)) ++col;
    };
    for (;;) {  // one field per iteration
      std::string value;
      const uint32_t field_line = ln, field_col = col;
      if (i < end && buffer[i] == '"') {
        ++i, ++col;
        bool closed = false;
        while (!closed) {
          if (i - pos > options.max_record_bytes) break;
          if (i == end) {
            if (!at_eof) return Parse::NeedMore;
            report(Severity::Fatal, "structure", "unterminated quoted field (the quote opened here is never closed)",
                   field_line, field_col);
            return Parse::Fatal;
          }
          const char c = buffer[i];
          if (c == '"') {
            if (i + 1 == end && !at_eof) return Parse::NeedMore;
            if (i + 1 < end && buffer[i + 1] == '"') {
              value.push_back('"');
              i += 2, col += 2;
              continue;
            }
            ++i, ++col;
            closed = true;
            // After the closing quote only a delimiter or a line end may follow.
            if (i < end && buffer[i] != ',' && buffer[i] != '\r' && buffer[i] != '\n') {
              if (!options.lenient_quotes)
                row_issues.push_back(Issue{Severity::Error, "structure",
                                           "unexpected character after a closing quote", source, ln, col, "csv-quote"});
              while (i < end && buffer[i] != ',' && buffer[i] != '\r' && buffer[i] != '\n') {
                value.push_back(buffer[i]);
                advance_text(buffer[i]);
                ++i;
              }
              if (i == end && !at_eof) return Parse::NeedMore;
            }
          } else if (c == '\r' || c == '\n') {
            value.push_back(c);
            if (c == '\r' && i + 1 == end && !at_eof) return Parse::NeedMore;
            if (c == '\r' && i + 1 < end && buffer[i + 1] == '\n') value.push_back('\n'), ++i;
            ++i, ++ln, col = 1;
          } else {
            value.push_back(c);
            advance_text(c);
            ++i;
          }
        }
      } else {
        while (i < end && buffer[i] != ',' && buffer[i] != '\r' && buffer[i] != '\n') {
          if (buffer[i] == '"' && !options.lenient_quotes)
            row_issues.push_back(Issue{Severity::Error, "structure", "quote character inside an unquoted field", source,
                                       ln, col, "csv-quote"});
          value.push_back(buffer[i]);
          advance_text(buffer[i]);
          ++i;
        }
        if (i == end && !at_eof) return Parse::NeedMore;
      }
      if (i - pos > options.max_record_bytes) break;  // also checked before each refill
      cells.push_back(std::move(value));
      cell_positions.emplace_back(field_line, field_col);
      if (i < end && buffer[i] == ',') {
        ++i, ++col;
        continue;
      }
      // End of record: line break or end of input.
      if (i < end) {
        skip_lf = buffer[i] == '\r';
        ++i, ++ln, col = 1;
      } else {
        skip_lf = false;
      }
      pos = i, line = ln, column = col;
      return Parse::Complete;
    }
    report(Severity::Fatal, "too-costly",
           "record exceeds the maximum record size of " + std::to_string(options.max_record_bytes) + " bytes",
           record_line, 1);
    return Parse::Fatal;
  }

  // Parses the next record, refilling as needed. False at end of input or on a fatal error.
  bool next_record(std::vector<Issue>& row_issues, uint32_t& record_line) {
    if (fatal) return false;
    for (;;) {
      Parse result = parse_record(row_issues, record_line);
      if (result == Parse::Complete) return true;
      if (result == Parse::Fatal || result == Parse::End) return false;
      if (result == Parse::Skipped) continue;
      // NeedMore
      if (buffer.size() - pos > options.max_record_bytes) {
        report(Severity::Fatal, "too-costly",
               "record exceeds the maximum record size of " + std::to_string(options.max_record_bytes) +
                   " bytes (an unclosed quote is the usual cause)",
               line, column);
        return false;
      }
      if (!refill()) {
        if (decode_failure) {
          issues.add(*decode_failure);
          fatal = true;
          return false;
        }
        input_done = true;  // defensive: the stream ended without the decoder being told
      }
    }
  }

  void read_header() {
    header_read = true;
    std::vector<Issue> row_issues;
    uint32_t record_line = 0;
    if (!next_record(row_issues, record_line)) return;
    for (Issue& issue : row_issues) issues.add(std::move(issue));
    std::unordered_set<std::string> seen;
    for (size_t c = 0; c < cells.size(); ++c) {
      std::string name = trim_header(cells[c]);
      const auto [hl, hc] = cell_positions[c];
      if (name.empty()) {
        name = std::to_string(c + 1);
        report(Severity::Warning, "structure", "empty header name; the column is addressed by its number " + name,
               hl, hc);
      }
      if (!seen.insert(name).second) {
        // Header names are structure, not patient data, so naming the duplicate is safe and useful.
        report(Severity::Fatal, "structure", "duplicate header name '" + name + "'", hl, hc);
        return;
      }
      header.push_back(std::move(name));
    }
  }
};

CsvReader::CsvReader(std::istream& in, std::string source_name, CsvOptions options)
    : state_(std::make_unique<State>(&in, std::move(source_name), options)) {}

CsvReader::CsvReader(std::unique_ptr<std::istream> owned, std::string source_name, CsvOptions options)
    : state_(std::make_unique<State>(owned.get(), std::move(source_name), options)) {
  state_->owned = std::move(owned);
}

CsvReader CsvReader::from_bytes(std::string bytes, std::string source_name, CsvOptions options) {
  return CsvReader(std::make_unique<std::istringstream>(std::move(bytes)), std::move(source_name), options);
}

CsvReader CsvReader::from_file(const std::string& path, CsvOptions options) {
  auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
  const bool opened = file->is_open();
  CsvReader reader(std::move(file), path, options);
  if (!opened) reader.state_->report(Severity::Fatal, "not-found", "cannot open file", 0, 0);
  return reader;
}

CsvReader::CsvReader(CsvReader&&) noexcept = default;
CsvReader& CsvReader::operator=(CsvReader&&) noexcept = default;
CsvReader::~CsvReader() = default;

bool CsvReader::next(FormRow& row) {
  State& s = *state_;
  if (s.options.has_header && !s.header_read) s.read_header();
  std::vector<Issue> row_issues;
  uint32_t record_line = 0;
  s.row_issue_mark = s.issues.items().size();
  if (!s.next_record(row_issues, record_line)) return false;

  row.line = record_line;
  row.fields.resize(s.cells.size());
  for (size_t c = 0; c < s.cells.size(); ++c) {
    FormField& field = row.fields[c];
    if (s.options.has_header && c < s.header.size())
      field.name = s.header[c];
    else
      field.name = std::to_string(c + 1);
    field.value = std::move(s.cells[c]);
    field.line = s.cell_positions[c].first;
    field.column = s.cell_positions[c].second;
    field.carried_forward = false;
  }
  for (Issue& issue : row_issues) s.issues.add(std::move(issue));

  if (s.options.has_header) {
    if (row.fields.size() != s.header.size())
      s.report(Severity::Warning, "structure",
               "row has " + std::to_string(row.fields.size()) + " fields but the header has " +
                   std::to_string(s.header.size()),
               record_line, 1);
  } else if (s.options.check_version_column) {
    const FormField& version = row.fields.front();
    if (!is_csv_version(version.value)) {
      s.report(Severity::Error, "invalid", "column 1 is not a CSV version (YYYYMM)", version.line, version.column);
    } else if (s.first_version.empty()) {
      s.first_version = version.value;
    } else if (version.value != s.first_version) {
      s.report(Severity::Error, "invalid",
               "CSV version " + version.value + " differs from the file's first version " + s.first_version +
                   " (a file must not mix versions)",
               version.line, version.column);
    }
  }
  return true;
}

bool CsvReader::row_ok() const {
  const auto& items = state_->issues.items();
  for (size_t i = state_->row_issue_mark; i < items.size(); ++i)
    if (items[i].severity == Severity::Error || items[i].severity == Severity::Fatal) return false;
  return true;
}

const IssueList& CsvReader::issues() const { return state_->issues; }
bool CsvReader::failed() const { return state_->fatal; }
const std::string& CsvReader::source_name() const { return state_->source; }
const std::vector<std::string>& CsvReader::header() const { return state_->header; }
text::Encoding CsvReader::encoding() const { return state_->decoder.encoding(); }

CsvReadResult read_all_rows(CsvReader& reader) {
  CsvReadResult result;
  FormRow row;
  while (reader.next(row)) result.rows.push_back(row);
  result.issues = reader.issues();
  return result;
}

}  // namespace renkei::legacy
