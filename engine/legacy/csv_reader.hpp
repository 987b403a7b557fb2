#pragma once
// CsvReader: RFC 4180 plus the conventions of the MHLW care-data CSV specifications
// (research/legacy-forms.md §1): comma delimiter; free text in double quotes with embedded commas,
// line breaks and "" for a quote; CRLF, LF or lone CR line endings, also mixed; UTF-8 with or without BOM,
// or CP932 (MS932).
//
// Streaming: the input is read and decoded in chunks (CsvOptions::chunk_bytes) and rows are pulled one at a
// time with next(), so memory is bounded by the longest record, not the file. Decoding happens before
// splitting: CP932 trail bytes are 0x40–0x7E/0x80–0xFC, which never include CR (0x0D), LF (0x0A), '"' (0x22)
// or ',' (0x2C), so the rows and line numbers of the decoded text are those of the original bytes; columns
// are counted in characters of the decoded text, 1-based.
//
// Two addressing modes:
//  (a) headerless (default): field names are the column numbers "1", "2", …; column 1 is the CSV version
//      YYYYMM. A row whose column 1 is not six digits with month 01–12, or differs from the first row's
//      version (the specs forbid mixing versions in a file), is returned with an error issue naming line and
//      column; the caller decides whether to skip it (row_ok() == false).
//  (b) has_header: the first row names the fields (whitespace and any BOM trimmed). Duplicate names are a
//      fatal error; an empty name becomes the column number with a warning.
//
// Errors carry the file name (Issue::expression), line and column. Fatal errors (undecodable bytes, NUL
// bytes, an unterminated quoted field at end of input — reported at the line of its opening quote — a
// record above max_record_bytes, input above max_input_bytes, unreadable file) end the reading: next()
// returns false. A quote inside an unquoted field is an error on that row, or kept as data when
// lenient_quotes is set. Lines that are completely empty are skipped. Line breaks inside quoted values are
// kept as written.
#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <string_view>

#include "common/issue.hpp"
#include "common/limits.hpp"
#include "legacy/form_record.hpp"
#include "text/encoding.hpp"

namespace renkei::legacy {

struct CsvOptions {
  text::Encoding encoding = text::Encoding::Auto;
  bool has_header = false;             // mode (b)
  bool check_version_column = true;    // mode (a) only: column 1 must be the CSV version YYYYMM
  bool lenient_quotes = false;         // keep a '"' inside an unquoted field as data instead of an error
  size_t chunk_bytes = size_t{64} << 10;
  size_t max_record_bytes = size_t{16} << 20;           // one record (catches a runaway quoted field early)
  size_t max_input_bytes = Limits{}.max_input_bytes;  // whole input; raise it for very large batch files
};

class CsvReader {
 public:
  // Reads from `in`, which must outlive the reader. `source_name` is used in issues and positions.
  CsvReader(std::istream& in, std::string source_name, CsvOptions options = {});
  // Reads an in-memory buffer (copied).
  static CsvReader from_bytes(std::string bytes, std::string source_name, CsvOptions options = {});
  // Opens a file; failure to open is a fatal issue, not an exception.
  static CsvReader from_file(const std::string& path, CsvOptions options = {});

  CsvReader(CsvReader&&) noexcept;
  CsvReader& operator=(CsvReader&&) noexcept;
  ~CsvReader();

  // Next data row (the header row is consumed internally). False at end of input or after a fatal error.
  bool next(FormRow& row);

  // True when the row last returned by next() has no error of its own.
  bool row_ok() const;
  // Everything reported so far (all rows and fatal errors).
  const IssueList& issues() const;
  bool failed() const;  // a fatal error ended the reading
  const std::string& source_name() const;
  // Header names in mode (b), after the first call to next(); empty in mode (a).
  const std::vector<std::string>& header() const;
  // The encoding detected or requested (Auto while only ASCII has been read).
  text::Encoding encoding() const;

 private:
  CsvReader(std::unique_ptr<std::istream> owned, std::string source_name, CsvOptions options);
  struct State;
  std::unique_ptr<State> state_;
};

// Reads every row of a CSV (convenience for tests and small files).
struct CsvReadResult {
  std::vector<FormRow> rows;
  IssueList issues;
};
CsvReadResult read_all_rows(CsvReader& reader);

}  // namespace renkei::legacy
