// FHIR XML → element tree, with Xerces-C SAX2.
//
// XML alone does not say which elements repeat or which are primitives, so the reader
// walks the definitions (TypeModel) alongside the SAX events: a primitive is built from its
// `value` attribute, Element.id / Extension.url attributes become child primitives, and
// `<resource><Patient>…</Patient></resource>` becomes one node "resource" whose
// resource_type is Patient (the JSON shape). The narrative div is kept as XHTML markup.
//
// Untrusted input: DOCTYPE declarations and every entity resolution are refused, so no
// entity expansion (billion laughs), no file or network access; nesting and size are
// bounded by the Limits.
#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/sax/Locator.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/Attributes.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/sax2/XMLReaderFactory.hpp>
#include <xercesc/util/OutOfMemoryException.hpp>
#include <xercesc/util/XMLException.hpp>
#include <xercesc/util/XMLString.hpp>
#include <xercesc/util/XMLUni.hpp>

#include <memory>
#include <new>
#include <string>
#include <vector>

#include "definitions/type_model.hpp"
#include "io/bundle_entry_limit.hpp"
#include "io/fhir_reader.hpp"
#include "io/line_index.hpp"
#include "io/tree_annotator.hpp"
#include "io/xerces_support.hpp"
#include "io/xml_escape.hpp"
#include "io/xml_input.hpp"

namespace renkei::io {
namespace {

using definitions::ElementInfo;
using definitions::TypeInfo;
using definitions::TypeKind;

constexpr std::string_view kFhirNamespace = "http://hl7.org/fhir";
constexpr std::string_view kXhtmlNamespace = "http://www.w3.org/1999/xhtml";
constexpr std::string_view kSchemaInstanceNamespace = "http://www.w3.org/2001/XMLSchema-instance";
constexpr const char* kSyntaxRule = "xml-syntax";
constexpr const char* kShapeRule = "xml-shape";
constexpr const char* kOrderRule = "xml-order";

// Thrown from a SAX callback to stop the parse; the reason is already in the issue list.
struct ParseAborted {};

struct TagPosition {
  uint32_t line = 0;
  uint32_t column = 0;
  size_t start = std::string_view::npos;  // byte offset of '<', when known
  size_t end = std::string_view::npos;    // byte offset just after the tag's '>', when known
};

bool is_xml_space(XMLCh c) { return c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D; }

class XmlTreeBuilder : public xercesc::DefaultHandler {
 public:
  XmlTreeBuilder(model::Document& doc, std::string_view xml, XmlInputEncoding encoding,
                 const definitions::TypeModel& types, const ReadOptions& options, IssueList& issues,
                 const xercesc::SAX2XMLReader& reader)
      : doc_(doc),
        xml_(xml),
        encoding_(encoding),
        lines_(xml.substr(encoding.bom_size)),
        types_(types),
        element_type_(types.type("Element")),
        options_(options),
        issues_(issues),
        reader_(reader) {}

  bool failed() const { return failed_; }

  void setDocumentLocator(const xercesc::Locator* locator) override { locator_ = locator; }

  void startElement(const XMLCh* uri, const XMLCh* local_name, const XMLCh* qname,
                    const xercesc::Attributes& attributes) override {
    if (++depth_ > options_.limits.max_depth) {
      fatal("too-costly",
            "nesting deeper than the limit " + std::to_string(options_.limits.max_depth) + " (raise it with --max-depth)",
            locator_line(), locator_column(), kSyntaxRule);
    }
    if (skip_depth_) {
      ++skip_depth_;
      return;
    }
    TagPosition pos = tag_position();
    if (div_) {
      div_start_element(uri, local_name, qname, attributes, pos);
      return;
    }
    std::string name = to_utf8(local_name);
    if (stack_.empty()) {
      root(uri, qname, name, attributes, pos);
      return;
    }
    if (stack_.back().role == Role::ResourceHolder) {
      nested_resource(uri, qname, name, attributes, pos);
      return;
    }
    if (equals_ascii(uri, kXhtmlNamespace) && name == "div") {
      begin_div(attributes, pos);
      return;
    }
    if (!equals_ascii(uri, kFhirNamespace)) {
      error_at(pos, "element '" + to_utf8(qname) + "' is not in the FHIR namespace (" + std::string(kFhirNamespace) +
                        "); it is ignored");
      skip_depth_ = 1;
      return;
    }
    element(name, attributes, pos);
  }

  void endElement(const XMLCh*, const XMLCh* local_name, const XMLCh*) override {
    --depth_;
    if (skip_depth_) {
      --skip_depth_;
      return;
    }
    if (div_) {
      div_end_element(local_name);
      return;
    }
    Frame frame = stack_.back();
    stack_.pop_back();
    if (frame.role == Role::Primitive && !frame.node->has_value() && !frame.node->child("extension"))
      node_issue(Severity::Error, "required",
                 "'" + std::string(frame.node->name) + "' has neither a value attribute nor extensions", frame.node);
  }

  void characters(const XMLCh* chars, const XMLSize_t length) override {
    if (skip_depth_ || stack_.empty()) return;
    if (div_) {
      close_pending_div_tag();
      std::string text;
      append_utf8(text, chars, length);
      append_xml_text(div_markup_, text);
      return;
    }
    Frame& frame = stack_.back();
    if (frame.text_reported) return;
    for (XMLSize_t i = 0; i < length; ++i) {
      if (is_xml_space(chars[i])) continue;
      frame.text_reported = true;
      issues_.add(Severity::Error, "structure",
                  "text content is not allowed in FHIR element '" + std::string(frame.node->name) +
                      "' (values go in the value attribute)",
                  model::Document::path_of(frame.node), locator_line(), locator_column(), kShapeRule);
      return;
    }
  }

  void ignorableWhitespace(const XMLCh*, const XMLSize_t) override {}
  void processingInstruction(const XMLCh*, const XMLCh*) override {}

  void comment(const XMLCh* chars, const XMLSize_t length) override {
    if (!div_ || skip_depth_) return;  // comments outside the narrative carry no data
    close_pending_div_tag();
    div_markup_ += "<!--";
    append_utf8(div_markup_, chars, length);
    div_markup_ += "-->";
  }

  // Called for a DOCTYPE with an internal or external subset, before the subset is read:
  // stopping here means no entity is ever declared, so none can be expanded or fetched. (A
  // bare <!DOCTYPE x> is not reported to SAX; read_xml's prolog scan refuses it first.)
  void startDTD(const XMLCh*, const XMLCh*, const XMLCh*) override {
    fatal("security", "DOCTYPE declarations are not allowed in FHIR XML", locator_line(), locator_column(),
          "xml-security");
  }

  xercesc::InputSource* resolveEntity(const XMLCh* const, const XMLCh* const) override {
    fatal("security", "external entities and schemas are never loaded: the reference is refused", locator_line(),
          locator_column(), "xml-security");
  }

  void warning(const xercesc::SAXParseException&) override {}

  void error(const xercesc::SAXParseException& e) override {
    issues_.add(Severity::Error, "structure", "XML: " + to_utf8(e.getMessage()), {},
                static_cast<uint32_t>(e.getLineNumber()), static_cast<uint32_t>(e.getColumnNumber()), kSyntaxRule);
  }

  void fatalError(const xercesc::SAXParseException& e) override {
    fatal("structure", "malformed XML: " + to_utf8(e.getMessage()), static_cast<uint32_t>(e.getLineNumber()),
          static_cast<uint32_t>(e.getColumnNumber()), kSyntaxRule);
  }

 private:
  enum class Role : uint8_t {
    Resource,        // a resource element: the root, or the child of a holder
    Complex,         // complex datatype or backbone element (or an element the definitions lack)
    Primitive,       // value attribute; children are extensions
    ResourceHolder,  // contained, Bundle.entry.resource, ...: wraps exactly one resource element
  };

  struct Frame {
    model::Node* node;
    const TypeInfo* type;  // of the children's parent; null when unknown
    Role role;
    bool holder_filled = false;
    bool text_reported = false;
    uint32_t last_order = 0;  // definition order of the previous child, to report misordering
  };

  [[noreturn]] void fatal(const char* code, std::string message, uint32_t line, uint32_t column, const char* rule) {
    issues_.add(Severity::Fatal, code, std::move(message), {}, line, column, rule);
    failed_ = true;
    throw ParseAborted{};
  }

  void error_at(const TagPosition& pos, std::string message, const char* rule = kShapeRule) {
    std::string path = stack_.empty() ? std::string() : model::Document::path_of(stack_.back().node);
    issues_.add(Severity::Error, "structure", std::move(message), std::move(path), pos.line, pos.column, rule);
  }

  void node_issue(Severity severity, const char* code, std::string message, const model::Node* node) {
    issues_.add(severity, code, std::move(message), model::Document::path_of(node), node->line, node->column,
                kShapeRule);
  }

  uint32_t locator_line() const { return locator_ ? static_cast<uint32_t>(locator_->getLineNumber()) : 0; }
  uint32_t locator_column() const { return locator_ ? static_cast<uint32_t>(locator_->getColumnNumber()) : 0; }

  // Where the start tag just reported begins. Xerces knows the byte offset just after the
  // tag; for UTF-8 input the '<' is the nearest one before it (a start tag holds no '<').
  // Otherwise Xerces' own line:column (the end of the tag) is the best there is.
  TagPosition tag_position() {
    TagPosition pos{locator_line(), locator_column()};
    if (!encoding_.utf8) return pos;
    size_t end = source_offset();
    if (end <= encoding_.bom_size || end > xml_.size() || xml_[end - 1] != '>') return pos;
    size_t start = xml_.rfind('<', end - 1);
    if (start == std::string_view::npos || start < encoding_.bom_size) return pos;
    LineColumn lc = lines_.locate(start - encoding_.bom_size);
    return {lc.line, lc.column, start, end};
  }

  // Byte offset in the input just after the construct being reported (Xerces counts from
  // after the byte order mark).
  size_t source_offset() const { return static_cast<size_t>(reader_.getSrcOffset()) + encoding_.bom_size; }

  void place(model::Node* node, const TagPosition& pos) {
    node->line = pos.line;
    node->column = pos.column;
  }

  void root(const XMLCh* uri, const XMLCh* qname, const std::string& name, const xercesc::Attributes& attributes,
            const TagPosition& pos) {
    if (!equals_ascii(uri, kFhirNamespace))
      fatal("structure",
            "the root element '" + to_utf8(qname) + "' is not in the FHIR namespace (" + std::string(kFhirNamespace) + ")",
            pos.line, pos.column, kShapeRule);
    const TypeInfo* type = types_.type(name);
    if (!type || type->kind != TypeKind::Resource)
      fatal("structure", "the root element '" + name + "' is not a FHIR resource type", pos.line, pos.column,
            kShapeRule);
    model::Node* node = doc_.make_object(name);
    node->resource_type = node->name;
    place(node, pos);
    doc_.set_root(node);
    stack_.push_back({node, type, Role::Resource});
    read_attributes(node, Role::Resource, nullptr, attributes, pos);
  }

  void nested_resource(const XMLCh* uri, const XMLCh* qname, const std::string& name,
                       const xercesc::Attributes& attributes, const TagPosition& pos) {
    Frame& holder = stack_.back();
    if (!equals_ascii(uri, kFhirNamespace) || holder.holder_filled) {
      error_at(pos, holder.holder_filled ? "'" + std::string(holder.node->name) + "' holds more than one resource"
                                         : "element '" + to_utf8(qname) + "' is not in the FHIR namespace (" +
                                               std::string(kFhirNamespace) + ")");
      skip_depth_ = 1;
      return;
    }
    holder.holder_filled = true;
    model::Node* node = holder.node;
    node->resource_type = doc_.arena().copy(name);
    // An unknown type is reported by the annotator; its content is still read (untyped).
    const TypeInfo* type = types_.type(name);
    if (type && type->kind != TypeKind::Resource) type = nullptr;
    stack_.push_back({node, type, Role::Resource});
    read_attributes(node, Role::Resource, nullptr, attributes, pos);
  }

  void element(const std::string& name, const xercesc::Attributes& attributes, const TagPosition& pos) {
    Frame& parent = stack_.back();
    const ElementInfo* info = nullptr;
    std::string_view choice;
    if (parent.type) info = parent.type->find(name, &choice);
    Role role = Role::Complex;
    const TypeInfo* type = nullptr;
    if (info) {
      if (info->type_codes.size() == 1 && info->type_codes[0] == "Resource") {
        role = Role::ResourceHolder;
      } else {
        type = types_.type_of(*info, choice);
        if (type && type->kind == TypeKind::Primitive) role = Role::Primitive;
      }
      if (type && type->name == "xhtml") {
        error_at(pos, "the narrative '" + name + "' must be in the XHTML namespace (" + std::string(kXhtmlNamespace) +
                          ")");
        skip_depth_ = 1;
        return;
      }
      if (info->order < parent.last_order)
        error_at(pos, "element '" + name + "' is out of order: FHIR XML lists elements in definition order", kOrderRule);
      parent.last_order = info->order;
    } else if (attributes.getIndex(u"value") >= 0) {
      role = Role::Primitive;  // not in the definitions (the annotator reports it): shape from the markup
    }
    model::Node* node = role == Role::Primitive ? doc_.make_primitive(name, {}, model::ValueKind::None)
                                                : doc_.make_object(name);
    place(node, pos);
    model::Document::append(parent.node, node);
    const TypeInfo* child_type = role == Role::Primitive ? (info ? element_type_ : nullptr) : type;
    stack_.push_back({node, child_type, role});
    read_attributes(node, role, role == Role::Primitive ? element_type_ : type, attributes, pos);
  }

  // `value` on primitives; the definition's XML attributes (Element.id, Extension.url) become
  // child primitives as in JSON; schema hints (xsi:*) are ignored, never followed.
  void read_attributes(model::Node* node, Role role, const TypeInfo* type, const xercesc::Attributes& attributes,
                       const TagPosition& pos) {
    for (XMLSize_t i = 0; i < attributes.getLength(); ++i) {
      const XMLCh* uri = attributes.getURI(i);
      if (uri && *uri) {
        if (equals_ascii(uri, kSchemaInstanceNamespace)) continue;
        error_at(pos, "attribute '" + to_utf8(attributes.getQName(i)) + "' is not allowed on '" +
                          std::string(node->name) + "'");
        continue;
      }
      std::string name = to_utf8(attributes.getLocalName(i));
      std::string value = to_utf8(attributes.getValue(i));
      if (name == "value" && role == Role::Primitive) {
        node->text = doc_.arena().copy(value);
        node->value_kind = model::ValueKind::String;
        if (value.empty()) node_issue(Severity::Error, "value", "value attribute of '" + std::string(node->name) + "' is empty", node);
        continue;
      }
      if (role != Role::Resource && role != Role::ResourceHolder && is_xml_attribute(type, name)) {
        model::Node* child = doc_.make_primitive(name, value, model::ValueKind::String);
        place(child, pos);
        model::Document::append(node, child);
        if (value.empty()) node_issue(Severity::Error, "value", "attribute '" + name + "' is empty", child);
        continue;
      }
      error_at(pos, "attribute '" + name + "' is not allowed on '" + std::string(node->name) + "'");
    }
  }

  static bool is_xml_attribute(const TypeInfo* type, const std::string& name) {
    if (!type) return name == "id" || name == "url";  // element unknown to the definitions
    const ElementInfo* info = type->find(name);
    return info && info->xml_attribute;
  }

  // ---- narrative XHTML ----------------------------------------------------------------
  // The div's markup is taken verbatim from the input when it is UTF-8 and the div declares
  // the XHTML namespace itself (what FHIR writers do, and what JSON holds), so XML and JSON
  // carry the same string. Otherwise (other encodings, a namespace prefix or a declaration
  // on an ancestor) it is re-serialised from the parse events.

  void begin_div(const xercesc::Attributes& attributes, const TagPosition& pos) {
    Frame& parent = stack_.back();
    if (parent.type) {
      const ElementInfo* info = parent.type->find("div");
      if (info && info->order < parent.last_order)
        error_at(pos, "element 'div' is out of order: FHIR XML lists elements in definition order", kOrderRule);
      if (info) parent.last_order = info->order;
    }
    model::Node* node = doc_.make_primitive("div", {}, model::ValueKind::Xhtml);
    place(node, pos);
    model::Document::append(parent.node, node);
    div_ = node;
    div_depth_ = 1;
    div_start_ = pos.start;
    div_start_tag_end_ = pos.end;
    div_markup_ = "<div xmlns=\"";
    div_markup_ += kXhtmlNamespace;
    div_markup_ += '"';
    append_div_attributes(attributes);
    div_tag_open_ = true;
  }

  void div_start_element(const XMLCh* uri, const XMLCh* local_name, const XMLCh* qname,
                         const xercesc::Attributes& attributes, const TagPosition& pos) {
    if (!equals_ascii(uri, kXhtmlNamespace))
      error_at(pos, "element '" + to_utf8(qname) + "' in the narrative is not XHTML (" + std::string(kXhtmlNamespace) +
                        ")");
    close_pending_div_tag();
    ++div_depth_;
    div_markup_ += '<';
    div_markup_ += to_utf8(local_name);
    append_div_attributes(attributes);
    div_tag_open_ = true;
  }

  void div_end_element(const XMLCh* local_name) {
    if (div_tag_open_) {
      div_markup_ += "/>";
      div_tag_open_ = false;
    } else {
      div_markup_ += "</";
      div_markup_ += to_utf8(local_name);
      div_markup_ += '>';
    }
    if (--div_depth_ > 0) return;
    std::string_view markup = div_markup_;
    if (std::string_view raw = raw_div_markup(); !raw.empty()) markup = raw;
    div_->text = doc_.arena().copy(markup);
    div_ = nullptr;
  }

  std::string_view raw_div_markup() const {
    if (div_start_ == std::string_view::npos || div_start_tag_end_ == std::string_view::npos) return {};
    size_t end = source_offset();
    if (end < div_start_tag_end_ || end > xml_.size() || xml_[end - 1] != '>') return {};
    std::string_view start_tag = xml_.substr(div_start_, div_start_tag_end_ - div_start_);
    if (start_tag.substr(0, 4) != "<div") return {};
    std::string_view after = start_tag.substr(4);
    if (after.empty() || !(after[0] == ' ' || after[0] == '\t' || after[0] == '\r' || after[0] == '\n')) return {};
    std::string dq = "xmlns=\"" + std::string(kXhtmlNamespace) + "\"";
    std::string sq = "xmlns='" + std::string(kXhtmlNamespace) + "'";
    if (start_tag.find(dq) == std::string_view::npos && start_tag.find(sq) == std::string_view::npos) return {};
    return xml_.substr(div_start_, end - div_start_);
  }

  void append_div_attributes(const xercesc::Attributes& attributes) {
    for (XMLSize_t i = 0; i < attributes.getLength(); ++i) {
      const XMLCh* uri = attributes.getURI(i);
      div_markup_ += ' ';
      div_markup_ += to_utf8(uri && *uri ? attributes.getQName(i) : attributes.getLocalName(i));
      div_markup_ += "=\"";
      append_xml_attribute(div_markup_, to_utf8(attributes.getValue(i)));
      div_markup_ += '"';
    }
  }

  void close_pending_div_tag() {
    if (!div_tag_open_) return;
    div_markup_ += '>';
    div_tag_open_ = false;
  }

  model::Document& doc_;
  std::string_view xml_;
  XmlInputEncoding encoding_;
  LineIndex lines_;
  const definitions::TypeModel& types_;
  const TypeInfo* element_type_;  // a primitive's children (id, extension) are Element's
  const ReadOptions& options_;
  IssueList& issues_;
  const xercesc::SAX2XMLReader& reader_;
  const xercesc::Locator* locator_ = nullptr;
  std::vector<Frame> stack_;
  uint32_t depth_ = 0;
  uint32_t skip_depth_ = 0;  // > 0 inside an element already reported and ignored
  bool failed_ = false;
  // Narrative capture
  model::Node* div_ = nullptr;
  uint32_t div_depth_ = 0;
  size_t div_start_ = std::string_view::npos;
  size_t div_start_tag_end_ = std::string_view::npos;
  std::string div_markup_;
  bool div_tag_open_ = false;
};

std::unique_ptr<xercesc::SAX2XMLReader> make_reader() {
  using xercesc::XMLUni;
  std::unique_ptr<xercesc::SAX2XMLReader> reader(xercesc::XMLReaderFactory::createXMLReader());
  reader->setFeature(XMLUni::fgSAX2CoreNameSpaces, true);
  reader->setFeature(XMLUni::fgSAX2CoreNameSpacePrefixes, false);
  reader->setFeature(XMLUni::fgSAX2CoreValidation, false);
  reader->setFeature(XMLUni::fgXercesSchema, false);
  reader->setFeature(XMLUni::fgXercesLoadSchema, false);
  reader->setFeature(XMLUni::fgXercesLoadExternalDTD, false);
  reader->setFeature(XMLUni::fgXercesSkipDTDValidation, true);
  reader->setFeature(XMLUni::fgXercesDisableDefaultEntityResolution, true);
  reader->setFeature(XMLUni::fgXercesCalculateSrcOfs, true);
  // Xerces-C 3.2 has no SAX2 "disallow-doctype-decl" feature (only the DOM LS parser has
  // one); where a Xerces knows it, it is set. Either way startDTD() refuses the DOCTYPE.
  try {
    static const XMLCh kDisallowDoctype[] = u"http://apache.org/xml/features/disallow-doctype-decl";
    reader->setFeature(kDisallowDoctype, true);
  } catch (const xercesc::SAXException&) {
  }
  return reader;
}

// One reader per thread: creating one builds a scanner and grammar pools. It is dropped
// after a parse that was aborted from a callback, so no half-reset state is ever reused.
std::unique_ptr<xercesc::SAX2XMLReader>& thread_reader() {
  thread_local std::unique_ptr<xercesc::SAX2XMLReader> reader;
  return reader;
}

}  // namespace

std::optional<model::Document> read_xml(std::string_view xml, const ReadOptions& options, IssueList& issues) {
  auto fail = [&](const char* code, std::string message, uint32_t line = 0, uint32_t column = 0,
                  const char* rule = kSyntaxRule) -> std::optional<model::Document> {
    issues.add(Severity::Fatal, code, std::move(message), {}, line, column, rule);
    return std::nullopt;
  };
  if (!options.types)
    return fail("not-supported",
                "reading FHIR XML needs the FHIR definitions: XML does not show which elements repeat or are "
                "primitives");
  if (xml.size() > options.limits.max_input_bytes)
    return fail("too-costly", "input is " + std::to_string(xml.size()) + " bytes, over the limit of " +
                                  std::to_string(options.limits.max_input_bytes) + " (raise it with --max-input-size)");
  if (auto problem = ensure_xerces_initialized()) return fail("exception", *problem);

  XmlInputEncoding encoding = detect_xml_encoding(xml);
  if (encoding.utf8) {
    if (auto bad = find_invalid_utf8(xml)) {
      LineIndex lines(xml.substr(encoding.bom_size));
      LineColumn lc = lines.locate(*bad >= encoding.bom_size ? *bad - encoding.bom_size : 0);
      return fail("structure", "invalid UTF-8 byte sequence", lc.line, lc.column);
    }
    // XML allows no U+0000 at all; Xerces stops there with a misleading "unexpected end of input".
    if (size_t nul = xml.find('\0'); nul != std::string_view::npos) {
      LineIndex lines(xml.substr(encoding.bom_size));
      LineColumn lc = lines.locate(nul >= encoding.bom_size ? nul - encoding.bom_size : 0);
      return fail("structure", "NUL byte (U+0000) is not allowed in XML", lc.line, lc.column);
    }
  }

  if (encoding.utf8) {
    if (auto doctype = find_doctype(xml)) {
      LineIndex lines(xml.substr(encoding.bom_size));
      LineColumn lc = lines.locate(*doctype - encoding.bom_size);
      return fail("security", "DOCTYPE declarations are not allowed in FHIR XML", lc.line, lc.column, "xml-security");
    }
  }

  std::unique_ptr<xercesc::SAX2XMLReader>& reader = thread_reader();
  model::Document doc;
  bool aborted = false;
  try {
    if (!reader) reader = make_reader();
    XmlTreeBuilder builder(doc, xml, encoding, *options.types, options, issues, *reader);
    reader->setContentHandler(&builder);
    reader->setErrorHandler(&builder);
    reader->setLexicalHandler(&builder);
    reader->setEntityResolver(&builder);
    reader->setDTDHandler(&builder);
    reader->setDeclarationHandler(&builder);
    const std::string& name = options.source_name.empty() ? std::string("input") : options.source_name;
    xercesc::MemBufInputSource source(reinterpret_cast<const XMLByte*>(xml.data()), xml.size(), name.c_str(), false);
    try {
      reader->parse(source);
    } catch (const ParseAborted&) {
      aborted = true;
    }
    if (!aborted) {
      reader->setContentHandler(nullptr);
      reader->setErrorHandler(nullptr);
      reader->setLexicalHandler(nullptr);
      reader->setEntityResolver(nullptr);
      reader->setDTDHandler(nullptr);
      reader->setDeclarationHandler(nullptr);
    }
  } catch (const xercesc::SAXParseException& e) {
    aborted = true;
    fail("structure", "malformed XML: " + to_utf8(e.getMessage()), static_cast<uint32_t>(e.getLineNumber()),
         static_cast<uint32_t>(e.getColumnNumber()));
  } catch (const xercesc::OutOfMemoryException&) {
    aborted = true;
    fail("too-costly", "out of memory while parsing XML");
  } catch (const xercesc::XMLException& e) {
    aborted = true;
    fail("structure", "malformed XML: " + to_utf8(e.getMessage()));
  } catch (const xercesc::SAXException& e) {
    aborted = true;
    fail("structure", "malformed XML: " + to_utf8(e.getMessage()));
  } catch (const std::bad_alloc&) {
    aborted = true;
    fail("too-costly", "out of memory while parsing XML");
  }
  if (aborted) {
    reader.reset();
    return std::nullopt;
  }
  if (!doc.root()) return fail("structure", "no FHIR resource in the XML document");
  if (const model::Node* bundle = find_bundle_over_entry_limit(*doc.root(), options.limits.max_bundle_entries)) {
    issues.add(Severity::Fatal, "too-costly", bundle_entry_limit_message(options.limits.max_bundle_entries),
               model::Document::path_of(bundle), bundle->line, bundle->column, "max-entries");
    return std::nullopt;
  }
  annotate_tree(doc, *options.types, Format::Xml, issues);
  return doc;
}

}  // namespace renkei::io
