#pragma once
// XmlFormReader: streaming (Xerces-C SAX2) reader of form XML into FormRecords (see form_record.hpp for
// the field path scheme). A file may hold several form instances, e.g. root <訪問看護計画書一覧> with repeated
// <訪問看護計画書> children: the caller names the record element and gets one FormRecord per occurrence, as
// soon as its end tag is read. Elements are matched and named by local name (namespace prefixes dropped).
// Text of leaf elements is kept as written (not trimmed); whitespace-only text between child elements is
// ignored.
//
// Security (input is untrusted): any DOCTYPE is rejected, so no internal or external entity, DTD or
// billion-laughs expansion is ever processed. Xerces-C's SAX2 reader does not recognise the SAX features
// external-general-entities / external-parameter-entities nor disallow-doctype-decl (verified: it throws
// SAXNotRecognizedException), so the same effect is built from what it has: the prolog is scanned for
// <!DOCTYPE before parsing, the LexicalHandler's startDTD aborts the parse (it fires for any DOCTYPE with an
// internal or external subset, before the subset is read), load-external-dtd and default entity resolution
// are off, the entity resolver refuses every request (this Xerces build links libcurl and could fetch URLs),
// and a SecurityManager caps entity expansion as a last resort. Element nesting is bounded by max_depth and
// the input size by max_input_bytes.
//
// Xerces needs XMLPlatformUtils::Initialize(): it is called once per process (std::call_once) by the first
// reader and XMLPlatformUtils::Terminate() is deliberately never called, since other threads or static
// objects may still use Xerces at exit. One parser is created per read() call, so readers can be used from
// several threads at once.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/issue.hpp"
#include "common/limits.hpp"
#include "legacy/form_record.hpp"

namespace renkei::legacy {

struct XmlReadOptions {
  std::string record_element;  // local name of the record element; empty = the root element is the record
  uint32_t max_depth = Limits{}.max_depth;
  size_t max_input_bytes = Limits{}.max_input_bytes;
};

class XmlFormReader {
 public:
  using RecordCallback = std::function<void(FormRecord&&)>;

  explicit XmlFormReader(XmlReadOptions options);

  // Parses `bytes` (any encoding Xerces detects from the XML declaration, e.g. UTF-8 or Shift_JIS).
  // Records completed before a fatal error have already been delivered. Issues carry `source` as
  // expression plus line and column from the SAX locator.
  IssueList read(std::string_view bytes, const std::string& source, const RecordCallback& on_record) const;
  // Streams a file from disk (not loaded into memory).
  IssueList read_file(const std::string& path, const RecordCallback& on_record) const;

  // Convenience: collects all records.
  std::vector<FormRecord> read_all(std::string_view bytes, const std::string& source, IssueList& issues) const;

 private:
  XmlReadOptions options_;
};

}  // namespace renkei::legacy
