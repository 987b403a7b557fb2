// Element tree → FHIR XML. Same tree, same bytes: children in definition order (shared with
// the JSON writer through ordered_groups), fixed escaping and indentation.
#include <string>

#include "definitions/type_model.hpp"
#include "io/element_order.hpp"
#include "io/fhir_writer.hpp"
#include "io/xml_escape.hpp"

namespace renkei::io {
namespace {

constexpr std::string_view kFhirNamespace = "http://hl7.org/fhir";

class XmlWriter {
 public:
  explicit XmlWriter(bool pretty) : pretty_(pretty) {}

  void document(const model::Node& root) {
    out_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    newline(0);
    resource(root, root.is_resource() ? root.resource_type : root.name, 0, true);
    if (pretty_) out_ += '\n';
  }

  std::string take() { return std::move(out_); }

 private:
  // A resource element: the root, or the one child of contained / entry.resource / ...
  void resource(const model::Node& n, std::string_view type_name, int depth, bool root) {
    out_ += '<';
    out_ += type_name;
    if (root) {
      out_ += " xmlns=\"";
      out_ += kFhirNamespace;
      out_ += '"';
    }
    content(n, depth, type_name, /*resource=*/true);
  }

  // contained, Bundle.entry.resource, ...: an element that holds a resource. A node with a
  // resource type elsewhere (ExampleScenario.instance, read from JSON's "resourceType"
  // member) is an ordinary element whose resourceType is a code.
  static bool holds_resource(const model::Node& n) {
    if (!n.is_resource()) return false;
    if (!n.element) return true;
    return n.element->type_codes.size() == 1 && n.element->type_codes[0] == "Resource";
  }

  // Attributes, then child elements and the end tag (or "/>" when there are none).
  void content(const model::Node& n, int depth, std::string_view tag, bool resource) {
    std::vector<ElementGroup> groups = ordered_groups(n);
    for (const ElementGroup& g : groups)
      for (const model::Node* c : g.items)
        if (!resource && is_attribute(n, *c)) attribute(c->name, c->text);
    if (n.is_primitive() && n.has_value() && n.value_kind != model::ValueKind::Xhtml) attribute("value", n.text);
    bool any_child = false;
    bool type_code_pending = !resource && n.is_resource();
    const definitions::ElementInfo* type_code = type_code_pending && n.type ? n.type->find("resourceType") : nullptr;
    for (const ElementGroup& g : groups) {
      const model::Node* head = g.items.front();
      if (type_code_pending && (!type_code || (head->element && head->element->order > type_code->order))) {
        if (!any_child) out_ += '>';
        any_child = true;
        resource_type_element(n, depth + 1);
        type_code_pending = false;
      }
      for (const model::Node* c : g.items) {
        if (!resource && is_attribute(n, *c)) continue;
        if (!any_child) out_ += '>';
        any_child = true;
        newline(depth + 1);
        element(*c, depth + 1);
      }
    }
    if (type_code_pending) {
      if (!any_child) out_ += '>';
      any_child = true;
      resource_type_element(n, depth + 1);
    }
    if (!any_child) {
      out_ += "/>";
      return;
    }
    newline(depth);
    out_ += "</";
    out_ += tag;
    out_ += '>';
  }

  void element(const model::Node& n, int depth) {
    if (n.value_kind == model::ValueKind::Xhtml) {
      out_ += n.text;  // already XHTML markup with its own namespace declaration
      return;
    }
    out_ += '<';
    out_ += n.name;
    if (holds_resource(n)) {
      // <resource><Patient>…</Patient></resource>: the wrapper has no attributes of its own.
      out_ += '>';
      newline(depth + 1);
      resource(n, n.resource_type, depth + 1, false);
      newline(depth);
      out_ += "</";
      out_ += n.name;
      out_ += '>';
      return;
    }
    content(n, depth, n.name, false);
  }

  void resource_type_element(const model::Node& n, int depth) {
    newline(depth);
    out_ += "<resourceType";
    attribute("value", n.resource_type);
    out_ += "/>";
  }

  // Element.id and Extension.url are XML attributes. Typed trees say so in the definition;
  // for untyped nodes the same rule is applied by name.
  static bool is_attribute(const model::Node& parent, const model::Node& child) {
    if (!child.is_primitive() || !child.has_value() || child.first_child) return false;
    if (child.element) return child.element->xml_attribute;
    if (child.name == "id") return !parent.is_resource();
    if (child.name == "url") return parent.name == "extension" || parent.name == "modifierExtension";
    return false;
  }

  void attribute(std::string_view name, std::string_view value) {
    out_ += ' ';
    out_ += name;
    out_ += "=\"";
    append_xml_attribute(out_, value);
    out_ += '"';
  }

  void newline(int depth) {
    if (!pretty_) return;
    out_ += '\n';
    out_.append(static_cast<size_t>(depth) * 2, ' ');
  }

  bool pretty_;
  std::string out_;
};

}  // namespace

std::string write_xml(const model::Node& root, const WriteOptions& options) {
  XmlWriter writer(options.pretty);
  writer.document(root);
  return writer.take();
}

}  // namespace renkei::io
