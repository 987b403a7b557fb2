#pragma once
// Reading one legacy input file into form records for a layout, with per-record failure isolation.
//
// CSV: the raw bytes are first split into physical CSV records (quote-aware; safe for CP932 because its trail
// bytes never include CR, LF or '"'), and each record is decoded and parsed on its own. So an undecodable
// byte or a broken quote costs only the record it is in: the row's keys are still read from the raw bytes
// (they are ASCII digits) so that the whole form instance it belongs to is rejected, not converted half.
// Rows sharing the layout's key values form one record; a row whose keys are all blank continues the
// record of the row before it.
// XML: records are the layout's record elements (legacy::XmlFormReader); a fatal XML error ends the file,
// and the unread rest is reported as one rejected record.
#include <string>
#include <string_view>
#include <vector>

#include "common/issue.hpp"
#include "common/limits.hpp"
#include "legacy/form_record.hpp"
#include "mapping/form_layout.hpp"
#include "text/encoding.hpp"

namespace renkei::mapping {

struct InputRecord {
  legacy::FormRecord record;
  IssueList issues;  // reading problems; any error means the record is rejected before mapping
  uint32_t line = 0;
  bool rejected() const { return issues.has_errors(); }
};

struct InputRead {
  std::vector<InputRecord> records;
};

// `limits`: nesting depth and input size for form XML (--max-depth, --max-input-size).
InputRead read_form_input(std::string_view bytes, const std::string& source, const FormLayout& layout,
                          text::Encoding encoding, const Limits& limits = {});

}  // namespace renkei::mapping
