// Element tree → FHIR JSON. Same tree, same bytes: definition order when typed, stable
// grouping otherwise, one fixed escaping and indentation.
#include "common/json_escape.hpp"
#include <string>

#include "io/element_order.hpp"
#include "io/fhir_writer.hpp"

namespace renkei::io {
namespace {

class JsonWriter {
 public:
  explicit JsonWriter(bool pretty) : pretty_(pretty) {}

  void object(const model::Node& n, int depth) {
    out_ += '{';
    bool first = true;
    if (n.is_resource()) {
      key("resourceType", depth + 1, first);
      string(n.resource_type);
    }
    for (const ElementGroup& g : ordered_groups(n)) {
      const model::Node* head = g.items.front();
      bool array = head->in_array || g.items.size() > 1;
      if (head->kind == model::NodeKind::Primitive) {
        primitive_group(g, array, depth, first);
        continue;
      }
      key(g.name, depth + 1, first);
      if (!array) {
        object(*head, depth + 1);
        continue;
      }
      out_ += '[';
      for (size_t i = 0; i < g.items.size(); ++i) {
        if (i) out_ += ',';
        newline(depth + 2);
        object(*g.items[i], depth + 2);
      }
      newline(depth + 1);
      out_ += ']';
    }
    if (!first) newline(depth);
    out_ += '}';
  }

  std::string take() { return std::move(out_); }

 private:
  void primitive_group(const ElementGroup& g, bool array, int depth, bool& first) {
    bool any_value = false, any_ext = false;
    for (const model::Node* p : g.items) {
      any_value |= p->has_value();
      any_ext |= p->first_child != nullptr;
    }
    if (any_value) {
      key(g.name, depth + 1, first);
      if (array) {
        out_ += '[';
        for (size_t i = 0; i < g.items.size(); ++i) {
          if (i) out_ += pretty_ ? ", " : ",";
          value(*g.items[i]);
        }
        out_ += ']';
      } else {
        value(*g.items.front());
      }
    }
    if (any_ext) {
      std::string k = "_" + std::string(g.name);
      key(k, depth + 1, first);
      if (array) {
        out_ += '[';
        for (size_t i = 0; i < g.items.size(); ++i) {
          if (i) out_ += ',';
          newline(depth + 2);
          if (g.items[i]->first_child)
            object(*g.items[i], depth + 2);
          else
            out_ += "null";
        }
        newline(depth + 1);
        out_ += ']';
      } else {
        object(*g.items.front(), depth + 1);
      }
    }
  }

  void value(const model::Node& p) {
    switch (p.value_kind) {
      case model::ValueKind::None: out_ += "null"; break;
      case model::ValueKind::Number:
      case model::ValueKind::Boolean: out_ += p.text; break;
      case model::ValueKind::String:
      case model::ValueKind::Xhtml: string(p.text); break;
    }
  }

  void key(std::string_view k, int depth, bool& first) {
    if (!first) out_ += ',';
    first = false;
    newline(depth);
    string(k);
    out_ += pretty_ ? ": " : ":";
  }

  void newline(int depth) {
    if (!pretty_) return;
    out_ += '\n';
    out_.append(static_cast<size_t>(depth) * 2, ' ');
  }

  void string(std::string_view s) { append_json_string(out_, s); }

  bool pretty_;
  std::string out_;
};

}  // namespace

std::string write_json(const model::Node& root, const WriteOptions& options) {
  JsonWriter w(options.pretty);
  w.object(root, 0);
  std::string out = w.take();
  if (options.pretty) out += '\n';
  return out;
}

}  // namespace renkei::io
