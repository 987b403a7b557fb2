// Element tree → FHIR JSON. Same tree, same bytes: definition order when typed, stable
// grouping otherwise, one fixed escaping and indentation.
#include "common/json_escape.hpp"
#include <algorithm>
#include <deque>
#include <span>
#include <string>
#include <vector>

#include "io/element_order.hpp"
#include "io/fhir_writer.hpp"

namespace renkei::io {
namespace {

class JsonWriter {
 public:
  JsonWriter(bool pretty, size_t expected_size) : pretty_(pretty) { out_.reserve(expected_size); }

  void object(const model::Node& n, int depth) {
    out_ += '{';
    bool first = true;
    if (n.is_resource()) {
      key("resourceType", depth + 1, first);
      string(n.resource_type);
    }
    // The children in writing order, in this nesting level's reused buffer.
    if (levels_.size() <= level_) levels_.emplace_back();
    std::vector<const model::Node*>& children = levels_[level_++];
    ordered_children(n, children);
    for (size_t begin = 0, end = 0; begin < children.size(); begin = end) {
      for (end = begin + 1; end < children.size() && children[end]->name == children[begin]->name;) ++end;
      std::span<const model::Node* const> group(children.data() + begin, end - begin);
      const model::Node* head = group.front();
      bool array = head->in_array || group.size() > 1;
      if (head->kind == model::NodeKind::Primitive) {
        primitive_group(group, array, depth, first);
        continue;
      }
      key(head->name, depth + 1, first);
      if (!array) {
        object(*head, depth + 1);
        continue;
      }
      out_ += '[';
      for (size_t i = 0; i < group.size(); ++i) {
        if (i) out_ += ',';
        newline(depth + 2);
        object(*group[i], depth + 2);
      }
      newline(depth + 1);
      out_ += ']';
    }
    --level_;
    if (!first) newline(depth);
    out_ += '}';
  }

  std::string take() { return std::move(out_); }

 private:
  void primitive_group(std::span<const model::Node* const> group, bool array, int depth, bool& first) {
    bool any_value = false, any_ext = false;
    for (const model::Node* p : group) {
      any_value |= p->has_value();
      any_ext |= p->first_child != nullptr;
    }
    std::string_view name = group.front()->name;
    if (any_value) {
      key(name, depth + 1, first);
      if (array) {
        out_ += '[';
        for (size_t i = 0; i < group.size(); ++i) {
          if (i) out_ += pretty_ ? ", " : ",";
          value(*group[i]);
        }
        out_ += ']';
      } else {
        value(*group.front());
      }
    }
    if (any_ext) {
      key("_" + std::string(name), depth + 1, first);
      if (array) {
        out_ += '[';
        for (size_t i = 0; i < group.size(); ++i) {
          if (i) out_ += ',';
          newline(depth + 2);
          if (group[i]->first_child)
            object(*group[i], depth + 2);
          else
            out_ += "null";
        }
        newline(depth + 1);
        out_ += ']';
      } else {
        object(*group.front(), depth + 1);
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
  std::deque<std::vector<const model::Node*>> levels_;  // children order per nesting level, reused (stable)
  size_t level_ = 0;
};

}  // namespace

std::string write_json(const model::Node& root, const WriteOptions& options) {
  // Documents of a batch are alike in size: start at the last one's, not at a string that doubles its way up.
  thread_local size_t last_size = 0;
  JsonWriter w(options.pretty, last_size + last_size / 8);
  w.object(root, 0);
  std::string out = w.take();
  last_size = std::min<size_t>(out.size(), size_t{1} << 22);
  if (options.pretty) out += '\n';
  return out;
}

}  // namespace renkei::io
