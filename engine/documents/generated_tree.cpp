#include "documents/generated_tree.hpp"

#include <simdjson.h>

#include <string>
#include <vector>

#include "io/json_syntax.hpp"
#include "io/tree_annotator.hpp"

namespace renkei::documents {
namespace {

using model::Node;

// What a reader would have refused outright (no tree at all).
struct Refused {
  std::string message;
  const Node* at;
  const char* code;
};

// Element names are short and mostly differ in length or at an end: check those before comparing bytes
// (grouping compares every child with every name of its parent).
bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && (a.empty() || (a.front() == b.front() && a.back() == b.back() && a == b));
}

void link(Node*& first, Node*& last, Node* n) {
  n->next = nullptr;
  if (last) last->next = n;
  else first = n;
  last = n;
}

class GeneratedTree {
 public:
  GeneratedTree(const Limits& limits, IssueList& issues) : limits_(limits), issues_(issues) {}

  void root(Node* n) {
    if (n->resource_type.empty()) throw Refused{"missing 'resourceType': not a FHIR resource", n, "structure"};
    n->name = n->resource_type;
    members(n, 1);
    // As the reader's finish(): after the whole document.
    for (const Node* slot : null_slots_)
      issue("structure", "null in array '" + std::string(slot->name) + "' without a matching '_" +
                             std::string(slot->name) + "' entry",
            slot);
  }

 private:
  // Regroups the children as the writer lists them (each name's items together, at the name's first
  // appearance), drops primitive groups with nothing to write, sets the JSON array flag and same-name
  // index the reader would give, then checks each child.
  void members(Node* parent, uint32_t depth) {
    Node* rest = parent->first_child;
    parent->first_child = parent->last_child = nullptr;
    while (rest) {
      std::string_view name = rest->name;
      Node *group = nullptr, *group_last = nullptr, *others = nullptr, *others_last = nullptr;
      size_t count = 0;
      bool any_value = false, any_extension = false;
      for (Node* c = rest; c;) {
        Node* next = c->next;
        if (same_name(c->name, name)) {
          link(group, group_last, c);
          ++count;
          any_value |= c->has_value();
          any_extension |= c->first_child != nullptr;
        } else {
          link(others, others_last, c);
        }
        c = next;
      }
      rest = others;
      if (group->is_primitive() && !any_value && !any_extension) {
        for (Node* c = group; c; c = c->next) c->parent = nullptr;
        continue;
      }
      bool array = group->in_array || count > 1;
      uint32_t index = 0;
      for (Node* c = group; c; c = c->next) {
        c->in_array = array;
        c->index = index++;
      }
      if (parent->last_child) parent->last_child->next = group;
      else parent->first_child = group;
      parent->last_child = group_last;
    }
    for (Node* c = parent->first_child; c; c = c->next) {
      if (c->is_primitive()) primitive(c, depth);
      else object(c, depth + 1);
    }
  }

  void object(Node* n, uint32_t depth) {
    if (depth > limits_.max_depth)
      throw Refused{"nesting deeper than the limit " + std::to_string(limits_.max_depth) + " (raise it with --max-depth)",
                    n, "too-costly"};
    members(n, depth);
    if (!n->first_child && n->resource_type.empty())
      issue("structure", "object '" + std::string(n->name) + "' is empty", n);
  }

  void primitive(Node* n, uint32_t depth) {
    if (n->has_value()) value(n);
    else if (!n->first_child) null_slots_.push_back(n);  // written as null in its array, with no `_name` entry
    if (n->first_child) members(n, depth);              // `_name`: id and extension, no nesting level of its own
  }

  void value(Node* n) {
    switch (n->value_kind) {
      case model::ValueKind::String:
      case model::ValueKind::Xhtml:
        if (!simdjson::validate_utf8(n->text.data(), n->text.size()))
          throw Refused{std::string("invalid JSON: ") + simdjson::error_message(simdjson::UTF8_ERROR), n, "structure"};
        n->value_kind = n->name == "div" ? model::ValueKind::Xhtml : model::ValueKind::String;
        if (n->text.empty()) issue("value", "string value of '" + std::string(n->name) + "' is empty", n);
        break;
      case model::ValueKind::Number:
        if (!io::is_json_number(n->text)) throw Refused{"malformed number", n, "structure"};
        break;
      case model::ValueKind::Boolean:
        if (n->text != "true" && n->text != "false")
          throw Refused{"invalid JSON: '" + std::string(n->name) + "' is neither true nor false", n, "structure"};
        break;
      case model::ValueKind::None:
        break;
    }
  }

  void issue(const char* code, std::string message, const Node* n) {
    issues_.add(Severity::Error, code, std::move(message), model::Document::path_of(n), n->line, n->column,
                "json-shape");
  }

  const Limits& limits_;
  IssueList& issues_;
  std::vector<const Node*> null_slots_;
};

}  // namespace

bool type_generated_tree(model::Document& doc, const definitions::TypeModel& types, const Limits& limits,
                         IssueList& issues) {
  if (!doc.root()) return false;
  try {
    GeneratedTree(limits, issues).root(doc.root());
  } catch (const Refused& r) {
    issues.add(Severity::Fatal, r.code, r.message, model::Document::path_of(r.at), r.at->line, r.at->column,
               "json-syntax");
    return false;
  }
  io::annotate_tree(doc, types, io::Format::Json, issues);
  return true;
}

}  // namespace renkei::documents
