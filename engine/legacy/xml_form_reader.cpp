#include "common/utf8.hpp"
#include "legacy/xml_form_reader.hpp"

#include <xercesc/framework/LocalFileInputSource.hpp>
#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/sax/Locator.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/Attributes.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/sax2/XMLReaderFactory.hpp>
#include <xercesc/util/OutOfMemoryException.hpp>
#include <xercesc/util/PlatformUtils.hpp>
#include <xercesc/util/SecurityManager.hpp>
#include <xercesc/util/TransService.hpp>
#include <xercesc/util/XMLString.hpp>
#include <xercesc/util/XMLUni.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace renkei::legacy {
namespace {

namespace xc = XERCES_CPP_NAMESPACE;

// Initialised once per process and never terminated (see the header).
std::optional<std::string> ensure_xerces_initialized() {
  static std::once_flag once;
  static std::optional<std::string> failure;
  std::call_once(once, [] {
    try {
      xc::XMLPlatformUtils::Initialize();
    } catch (const xc::XMLException&) {
      failure = "Xerces-C initialisation failed";
    }
  });
  return failure;
}

void append_utf8(std::string& out, const XMLCh* s, size_t length) {
  for (size_t i = 0; i < length; ++i) {
    char32_t cp = s[i];
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < length && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<char32_t>(s[i + 1]) - 0xDC00);
      ++i;
    }
    ::renkei::append_utf8(out, static_cast<char32_t>(cp));
  }
}

std::string to_utf8(const XMLCh* s) {
  std::string out;
  if (s) append_utf8(out, s, xc::XMLString::stringLen(s));
  return out;
}

// Thrown from the handler to stop the parse; Xerces lets application exceptions propagate.
struct ParseStop {
  std::string code;
  std::string message;
  uint32_t line;
  uint32_t column;
  std::string rule;
};

bool is_whitespace(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

// Xerces' SAX2 reader reports a DOCTYPE to the LexicalHandler only when it has an internal or external
// subset, so a bare <!DOCTYPE name> is found here, in the prolog, before parsing. Works on the raw bytes of
// any ASCII-compatible encoding (UTF-8, Shift_JIS, EUC-JP) and of UTF-16 (NUL bytes dropped).
// Returns the line and column of the declaration (columns exact for UTF-8).
std::optional<std::pair<uint32_t, uint32_t>> find_doctype_in_prolog(std::string_view head) {
  std::string ascii;
  ascii.reserve(head.size());
  for (char c : head)
    if (c != '\0') ascii.push_back(c);
  std::string_view s = ascii;
  size_t i = 0;
  for (;;) {
    i = s.find('<', i);
    if (i == std::string_view::npos) return std::nullopt;
    std::string_view rest = s.substr(i);
    if (rest.starts_with("<?")) {
      i = s.find("?>", i);
    } else if (rest.starts_with("<!--")) {
      i = s.find("-->", i);
    } else if (rest.starts_with("<!DOCTYPE")) {
      uint32_t line = 1, column = 1;
      for (char c : s.substr(0, i)) {
        if (c == '\n') {
          ++line, column = 1;
        } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
          ++column;
        }
      }
      return std::make_pair(line, column);
    } else {
      return std::nullopt;  // the root element starts: the prolog had no DOCTYPE
    }
    if (i == std::string_view::npos) return std::nullopt;
  }
}

constexpr size_t kPrologScanBytes = size_t{64} << 10;

class FormHandler final : public xc::DefaultHandler {
 public:
  FormHandler(const XmlReadOptions& options, const std::string& source, const XmlFormReader::RecordCallback& on_record)
      : options_(options), source_(source), on_record_(on_record) {}

  size_t records_delivered() const { return records_delivered_; }

  void setDocumentLocator(const xc::Locator* const locator) override { locator_ = locator; }

  // Any DOCTYPE is refused before its internal subset is read: no entity is ever declared.
  void startDTD(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
    stop("security", "DOCTYPE declarations are not allowed (DTDs and entities are disabled for security)",
         "xml-doctype");
  }

  xc::InputSource* resolveEntity(const XMLCh* const, const XMLCh* const) override {
    stop("security", "external entity or DTD reference refused", "xml-external-entity");
  }

  void startElement(const XMLCh* const, const XMLCh* const localname, const XMLCh* const,
                    const xc::Attributes& attributes) override {
    if (++depth_ > options_.max_depth)
      stop("too-costly",
           "element nesting exceeds the maximum depth of " + std::to_string(options_.max_depth) + " (--max-depth)",
           "max-depth");
    std::string name = to_utf8(localname);
    if (frames_.empty()) {
      const bool is_record = options_.record_element.empty() ? depth_ == 1 : name == options_.record_element;
      if (!is_record) return;
      record_ = FormRecord{};
      record_.source = source_;
      record_.rows.emplace_back();
      record_.rows.back().line = line();
      frames_.push_back(Frame{name, {}, {}, false});
    } else {
      Frame& parent = frames_.back();
      parent.has_children = true;
      const size_t index = ++parent.child_counts[name];
      std::string path = parent.path;
      path.push_back('/');
      path.append(name);
      if (index > 1) path.append("[" + std::to_string(index) + "]");
      frames_.push_back(Frame{std::move(path), {}, {}, false});
    }
    for (XMLSize_t a = 0; a < attributes.getLength(); ++a) {
      std::string attribute = to_utf8(attributes.getLocalName(a));
      if (attribute.empty()) attribute = to_utf8(attributes.getQName(a));
      add_field(frames_.back().path + "/@" + attribute, to_utf8(attributes.getValue(a)));
    }
    frames_.back().line = line();
    frames_.back().column = column();
  }

  void characters(const XMLCh* const chars, const XMLSize_t length) override {
    if (!frames_.empty()) append_utf8(frames_.back().text, chars, length);
  }

  void endElement(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
    --depth_;
    if (frames_.empty()) return;
    Frame frame = std::move(frames_.back());
    frames_.pop_back();
    if (!frame.has_children || !is_whitespace(frame.text)) {
      FormField field{frame.path, std::move(frame.text), frame.line, frame.column, false};
      record_.rows.back().fields.push_back(std::move(field));
    }
    if (frames_.empty()) {
      ++records_delivered_;
      on_record_(std::move(record_));
      record_ = FormRecord{};
    }
  }

  void endDocument() override {
    if (records_delivered_ == 0 && !options_.record_element.empty())
      warnings_.add(Severity::Warning, "not-found", "no <" + options_.record_element + "> record element found",
                    source_, 0, 0, "xml-record");
  }

  void warning(const xc::SAXParseException& e) override {
    warnings_.add(Severity::Warning, "structure", to_utf8(e.getMessage()), source_,
                  static_cast<uint32_t>(e.getLineNumber()), static_cast<uint32_t>(e.getColumnNumber()), "xml");
  }
  void error(const xc::SAXParseException& e) override { fatalError(e); }
  void fatalError(const xc::SAXParseException& e) override {
    throw ParseStop{"structure", "malformed XML: " + to_utf8(e.getMessage()),
                    static_cast<uint32_t>(e.getLineNumber()), static_cast<uint32_t>(e.getColumnNumber()), "xml"};
  }

  IssueList& warnings() { return warnings_; }

 private:
  struct Frame {
    std::string path;
    std::string text;
    std::unordered_map<std::string, size_t> child_counts;
    bool has_children = false;
    uint32_t line = 0;
    uint32_t column = 0;
  };

  uint32_t line() const { return locator_ ? static_cast<uint32_t>(locator_->getLineNumber()) : 0; }
  uint32_t column() const { return locator_ ? static_cast<uint32_t>(locator_->getColumnNumber()) : 0; }

  [[noreturn]] void stop(std::string code, std::string message, std::string rule) const {
    throw ParseStop{std::move(code), std::move(message), line(), column(), std::move(rule)};
  }

  void add_field(std::string path, std::string value) {
    record_.rows.back().fields.push_back(FormField{std::move(path), std::move(value), line(), column(), false});
  }

  const XmlReadOptions& options_;
  const std::string& source_;
  const XmlFormReader::RecordCallback& on_record_;
  const xc::Locator* locator_ = nullptr;
  uint32_t depth_ = 0;
  std::vector<Frame> frames_;  // open elements of the current record (empty outside records)
  FormRecord record_;
  size_t records_delivered_ = 0;
  IssueList warnings_;
};

IssueList parse(const XmlReadOptions& options, const xc::InputSource& input, std::string_view head,
                const std::string& source, const XmlFormReader::RecordCallback& on_record) {
  IssueList issues;
  if (auto doctype = find_doctype_in_prolog(head)) {
    issues.add(Severity::Fatal, "security",
               "DOCTYPE declarations are not allowed (DTDs and entities are disabled for security)", source,
               doctype->first, doctype->second, "xml-doctype");
    return issues;
  }
  if (auto failure = ensure_xerces_initialized()) {
    issues.add(Severity::Fatal, "exception", *failure, source);
    return issues;
  }
  std::unique_ptr<xc::SAX2XMLReader> parser(xc::XMLReaderFactory::createXMLReader());
  parser->setFeature(xc::XMLUni::fgSAX2CoreNameSpaces, true);
  parser->setFeature(xc::XMLUni::fgSAX2CoreValidation, false);
  parser->setFeature(xc::XMLUni::fgXercesSchema, false);
  parser->setFeature(xc::XMLUni::fgXercesLoadExternalDTD, false);
  parser->setFeature(xc::XMLUni::fgXercesDisableDefaultEntityResolution, true);
  // Defence in depth should a DTD ever get through: cap entity expansion.
  xc::SecurityManager security;
  security.setEntityExpansionLimit(100);
  parser->setProperty(xc::XMLUni::fgXercesSecurityManager, &security);

  FormHandler handler(options, source, on_record);
  parser->setContentHandler(&handler);
  parser->setErrorHandler(&handler);
  parser->setLexicalHandler(&handler);
  parser->setEntityResolver(&handler);
  try {
    parser->parse(input);
  } catch (const ParseStop& stop) {
    issues.add(Severity::Fatal, stop.code, stop.message, source, stop.line, stop.column, stop.rule);
  } catch (const xc::SAXParseException& e) {
    issues.add(Severity::Fatal, "structure", "malformed XML: " + to_utf8(e.getMessage()), source,
               static_cast<uint32_t>(e.getLineNumber()), static_cast<uint32_t>(e.getColumnNumber()), "xml");
  } catch (const xc::XMLException& e) {
    issues.add(Severity::Fatal, "structure", "XML error: " + to_utf8(e.getMessage()), source, 0, 0, "xml");
  } catch (const xc::SAXException& e) {
    issues.add(Severity::Fatal, "structure", "XML error: " + to_utf8(e.getMessage()), source, 0, 0, "xml");
  } catch (const xc::OutOfMemoryException&) {
    issues.add(Severity::Fatal, "too-costly", "out of memory while parsing XML", source, 0, 0, "xml");
  }
  issues.append(handler.warnings());
  return issues;
}

}  // namespace

XmlFormReader::XmlFormReader(XmlReadOptions options) : options_(std::move(options)) {}

IssueList XmlFormReader::read(std::string_view bytes, const std::string& source, const RecordCallback& on_record) const {
  if (bytes.size() > options_.max_input_bytes) {
    IssueList issues;
    issues.add(Severity::Fatal, "too-costly",
               "input exceeds the maximum input size of " + std::to_string(options_.max_input_bytes) +
                   " bytes (--max-input-size)",
               source, 0, 0, "max-input-size");
    return issues;
  }
  if (auto failure = ensure_xerces_initialized()) {
    IssueList issues;
    issues.add(Severity::Fatal, "exception", *failure, source);
    return issues;
  }
  xc::MemBufInputSource input(reinterpret_cast<const XMLByte*>(bytes.data()), bytes.size(), "memory", false);
  return parse(options_, input, bytes.substr(0, kPrologScanBytes), source, on_record);
}

IssueList XmlFormReader::read_file(const std::string& path, const RecordCallback& on_record) const {
  IssueList issues;
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    issues.add(Severity::Fatal, "not-found", "cannot open file", path, 0, 0, "xml-read");
    return issues;
  }
  if (size > options_.max_input_bytes) {
    issues.add(Severity::Fatal, "too-costly",
               "input exceeds the maximum input size of " + std::to_string(options_.max_input_bytes) +
                   " bytes (--max-input-size)",
               path, 0, 0, "max-input-size");
    return issues;
  }
  if (auto failure = ensure_xerces_initialized()) {
    issues.add(Severity::Fatal, "exception", *failure, path);
    return issues;
  }
  try {
    // The path is UTF-8 on Linux; XMLString::transcode would use the process locale instead.
    xc::TranscodeFromStr wide_path(reinterpret_cast<const XMLByte*>(path.data()), path.size(), "UTF-8");
    std::string head(kPrologScanBytes, '\0');
    std::ifstream file(path, std::ios::binary);
    file.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(file.gcount()));
    xc::LocalFileInputSource input(wide_path.str());
    return parse(options_, input, head, path, on_record);
  } catch (const xc::XMLException&) {
    issues.add(Severity::Fatal, "not-found", "cannot open file", path, 0, 0, "xml-read");
  }
  return issues;
}

std::vector<FormRecord> XmlFormReader::read_all(std::string_view bytes, const std::string& source,
                                                IssueList& issues) const {
  std::vector<FormRecord> records;
  issues.append(read(bytes, source, [&](FormRecord&& record) { records.push_back(std::move(record)); }));
  return records;
}

}  // namespace renkei::legacy
