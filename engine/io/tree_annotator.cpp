#include "io/tree_annotator.hpp"

#include <string>

#include "definitions/type_model.hpp"

namespace renkei::io {
namespace {

using definitions::ElementInfo;
using definitions::TypeInfo;
using definitions::TypeKind;

class Annotator {
 public:
  Annotator(model::Document& doc, const definitions::TypeModel& types, Format source, IssueList& issues)
      : doc_(doc), types_(types), source_(source), issues_(issues) {}

  void resource(model::Node* n) {
    const TypeInfo* t = types_.type(n->resource_type);
    if (!t || t->kind != TypeKind::Resource) {
      report(Severity::Error, "structure", "unknown resource type '" + std::string(n->resource_type) + "'", n);
      return;
    }
    if (t->is_abstract)
      report(Severity::Error, "structure", "resource type '" + std::string(n->resource_type) + "' is abstract", n);
    n->type = t;
    children(n, t);
  }

 private:
  void report(Severity s, const char* code, std::string msg, const model::Node* n, const char* rule = "structure") {
    issues_.add(s, code, std::move(msg), model::Document::path_of(n), n->line, n->column, rule);
  }

  void children(model::Node* parent, const TypeInfo* t) {
    for (model::Node* c = parent->first_child; c; c = c->next) {
      const TypeInfo::Child match = t->child(c->name);
      const ElementInfo* e = match.element;
      if (!e) {
        std::string msg = "unknown element '" + std::string(c->name) + "' in " + t->name;
        if (t->by_name.contains(c->name)) msg = "'" + std::string(c->name) + "' needs a type suffix (e.g. " +
                                             std::string(c->name) + "String): it is a choice element of " + t->name;
        report(Severity::Error, "structure", msg, c, "unknown-element");
        continue;
      }
      c->element = e;
      if (source_ == Format::Xml) {
        c->in_array = e->is_array();
      } else if (c->in_array != e->is_array()) {
        report(Severity::Error, "structure",
               e->is_array() ? "'" + std::string(c->name) + "' repeats: it must be a JSON array"
                             : "'" + std::string(c->name) + "' does not repeat: it must not be a JSON array",
               c, "json-shape");
      }
      if (e->type_codes.size() == 1 && e->type_codes[0] == "Resource") {
        if (!c->is_resource()) {
          report(Severity::Error, "structure", "'" + std::string(c->name) + "' must hold a resource with a resourceType", c);
          continue;
        }
        resource(c);
        continue;
      }
      if (c->is_resource() && !restore_resource_type_element(c)) continue;
      const TypeInfo* ct = match.type;
      if (!ct) continue;  // a definition problem, not the instance's fault
      c->type = ct;
      if (ct->kind == TypeKind::Primitive) {
        primitive(c, ct);
      } else {
        if (c->kind != model::NodeKind::Object) {
          report(Severity::Error, "structure", "'" + std::string(c->name) + "' is a " + ct->name + ": expected an object", c);
          continue;
        }
        children(c, ct);
      }
    }
  }

  // The JSON reader takes any "resourceType" key for a nested resource, but a few backbone
  // elements (ExampleScenario.instance) have an element of that name: give it back.
  bool restore_resource_type_element(model::Node* n) {
    const ElementInfo* el = n->element;
    const TypeInfo* owner = el ? types_.type_of(*el, {}) : nullptr;
    if (!owner || !owner->find("resourceType")) {
      report(Severity::Error, "structure", "'" + std::string(n->name) + "' cannot hold a resource", n);
      return false;
    }
    model::Node* rt = doc_.make_primitive("resourceType", n->resource_type, model::ValueKind::String);
    rt->line = n->line;
    rt->column = n->column;
    model::Document::insert_after(n, nullptr, rt);
    n->resource_type = {};
    return true;
  }

  void primitive(model::Node* n, const TypeInfo* t) {
    if (n->kind != model::NodeKind::Primitive) {
      report(Severity::Error, "structure", "'" + std::string(n->name) + "' is a primitive " + t->name + ": expected a value", n);
      return;
    }
    model::ValueKind want = t->value_kind();
    if (n->has_value()) {
      if (source_ == Format::Xml) {
        n->value_kind = want;
      } else if (n->value_kind != want && !(want == model::ValueKind::Xhtml && n->value_kind == model::ValueKind::String)) {
        static const char* names[] = {"none", "string", "number", "boolean", "string"};
        report(Severity::Error, "structure",
               "'" + std::string(n->name) + "' is a " + t->name + ": expected a JSON " + names[static_cast<int>(want)] +
                   ", found a " + names[static_cast<int>(n->value_kind)],
               n, "json-shape");
      } else {
        n->value_kind = want;
      }
    }
    // A primitive's own children are Element's: id and extension.
    if (n->first_child) children(n, types_.element_type() ? types_.element_type() : t);
  }

  model::Document& doc_;
  const definitions::TypeModel& types_;
  Format source_;
  IssueList& issues_;
};

}  // namespace

void annotate_tree(model::Document& doc, const definitions::TypeModel& types, Format source, IssueList& issues) {
  if (doc.root()) Annotator(doc, types, source, issues).resource(doc.root());
}

}  // namespace renkei::io
