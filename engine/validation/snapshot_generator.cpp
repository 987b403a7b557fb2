#include "validation/snapshot_generator.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <unordered_set>

#include "definitions/definition_store.hpp"
#include "io/fhir_reader.hpp"
#include "io/fhir_writer.hpp"

namespace renkei::validation {

namespace {

using model::Document;
using model::Node;

constexpr std::string_view kProfileElementExtension =
    "http://hl7.org/fhir/StructureDefinition/elementdefinition-profile-element";

// Definitions nest deeper than instances (snapshots inside bundles, extensions on types).
constexpr uint32_t kDefinitionMaxDepth = 1000;

std::string_view text_of(const Node* n, std::string_view child) {
  const Node* c = n ? n->child(child) : nullptr;
  return c ? c->text : std::string_view{};
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

Node* deep_copy(Document& dst, const Node* src) {
  Node* n = src->kind == model::NodeKind::Object ? dst.make_object(src->name)
                                                  : dst.make_primitive(src->name, src->text, src->value_kind);
  n->resource_type = dst.arena().copy(src->resource_type);
  n->in_array = src->in_array;
  n->line = src->line;
  n->column = src->column;
  for (const Node* c = src->first_child; c; c = c->next) Document::append(n, deep_copy(dst, c));
  return n;
}

void remove_children(Node* parent, std::string_view name) {
  for (Node* c = parent->first_child; c;) {
    Node* next = c->next;
    if (c->name == name) Document::remove(parent, c);
    c = next;
  }
}

// Sets a string child, first among the children when `first` (ids lead an element).
void set_string(Document& doc, Node* parent, std::string_view name, std::string_view text, Node* after = nullptr,
                bool first = false) {
  if (Node* existing = parent->child(name)) {
    existing->text = doc.arena().copy(text);
    existing->value_kind = model::ValueKind::String;
    return;
  }
  Node* n = doc.make_primitive(name, text, model::ValueKind::String);
  if (first || after)
    Document::insert_after(parent, first ? nullptr : after, n);
  else
    Document::append(parent, n);
}

// The last segment of an element id and what precedes it. Slice names are tokens without
// dots, so the last '.' separates the segments.
struct IdSplit {
  std::string parent;
  std::string last;
};
IdSplit split_last(std::string_view id) {
  size_t dot = id.rfind('.');
  if (dot == std::string_view::npos) return {{}, std::string(id)};
  return {std::string(id.substr(0, dot)), std::string(id.substr(dot + 1))};
}

// The path an element id stands for: its slice names (":slice", ":slice/reslice") removed.
std::string path_of_id(std::string_view id) {
  std::string path;
  bool in_slice_name = false;
  for (char ch : id) {
    if (ch == ':') in_slice_name = true;
    if (ch == '.') in_slice_name = false;
    if (!in_slice_name) path += ch;
  }
  return path;
}

bool is_under(std::string_view id, std::string_view ancestor) {
  if (id.size() <= ancestor.size() || !starts_with(id, ancestor)) return false;
  char sep = id[ancestor.size()];
  return sep == '.' || sep == ':' || sep == '/';
}

bool is_child_of(std::string_view id, std::string_view parent) {
  return id.size() > parent.size() + 1 && starts_with(id, parent) && id[parent.size()] == '.' &&
         id.find('.', parent.size() + 1) == std::string_view::npos;
}

std::string capitalized(std::string_view code) {
  std::string s(code);
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

std::string join_chain(const std::vector<std::string>& chain, std::string_view last) {
  std::string out;
  for (const auto& c : chain) out += c + " → ";
  out += last;
  return out;
}

}  // namespace

// Builds one snapshot: the working list of elements starts as a copy of the base snapshot and
// each differential element is located (creating slices and expanding datatypes on the way)
// and merged into its match. Insertions only ever happen after an element already located,
// so indices of located ancestors stay valid.
class SnapshotBuilder {
 public:
  SnapshotBuilder(SnapshotGenerator& generator, Document& out, std::vector<std::string>& chain, IssueList& issues)
      : gen_(generator), out_(out), chain_(chain), issues_(issues) {}

  bool build() {
    Node* root = out_.root();
    url_ = std::string(text_of(root, "url"));
    std::string base_url(text_of(root, "baseDefinition"));
    base_url_ = base_url.substr(0, base_url.find('|'));
    specialization_ = text_of(root, "derivation") == "specialization";
    if (base_url.empty()) {
      error("has no baseDefinition to build a snapshot from", {});
      return false;
    }
    const SnapshotGenerator::Snapshot* base = gen_.snapshot_of(base_url, url_, chain_, issues_);
    if (!base) return false;
    if (base->elements.empty()) {
      error("base " + base_url + " has an empty snapshot", {});
      return false;
    }
    Node* differential = root->child("differential");
    std::vector<Node*> diff;
    if (differential)
      for (Node* c = differential->first_child; c; c = c->next)
        if (c->name == "element") diff.push_back(c);

    copy_base(*base, diff);
    std::vector<std::string> ids = differential_ids(diff);
    for (size_t i = 0; i < diff.size(); ++i) {
      int at = resolve(ids[i]);
      if (at < 0 && specialization_) at = add_new_element(ids[i], diff[i]);
      if (at < 0) {
        error("differential element " + ids[i] + " matches no element of the base " + base_url, ids[i]);
        continue;
      }
      merge(diff[i], slots_[static_cast<size_t>(at)].node);
    }
    write_snapshot(root, differential);
    return true;
  }

 private:
  struct Slot {
    Node* node;
    std::string id;
    std::string path;
    bool in_slice_copy = false;  // copied with a new slice from the sliced element's children
    bool from_type = false;      // listed from a datatype's snapshot, not the base's
    const Node* origin = nullptr;  // the base snapshot's element, before the differential
  };

  void error(const std::string& what, const std::string& element_id) {
    issues_.add(Severity::Error, "structure", "StructureDefinition " + url_ + ": " + what, element_id);
  }

  void copy_base(const SnapshotGenerator::Snapshot& base, const std::vector<Node*>& diff) {
    std::string old_root(text_of(base.elements.front(), "path"));
    std::string new_root = old_root;
    if (specialization_) {
      // A new type (resource or logical model): the base's elements move under its name.
      std::string_view diff_root = diff.empty() ? std::string_view{} : text_of(diff.front(), "path");
      new_root = std::string(diff_root.empty() ? text_of(out_.root(), "type") : diff_root.substr(0, diff_root.find('.')));
    }
    for (const Node* e : base.elements) {
      Slot s{deep_copy(out_, e), std::string(text_of(e, "id")), std::string(text_of(e, "path"))};
      s.origin = e;
      if (s.id.empty()) s.id = s.path;
      if (new_root != old_root) {
        s.id = new_root + s.id.substr(std::min(s.id.size(), old_root.size()));
        s.path = new_root + s.path.substr(std::min(s.path.size(), old_root.size()));
      }
      slots_.push_back(std::move(s));
    }
  }

  // Ids of the differential elements; older differentials have none, and there a slice
  // applies to the elements after it until its path is seen again.
  static std::vector<std::string> differential_ids(const std::vector<Node*>& diff) {
    std::vector<std::string> ids;
    std::vector<std::pair<std::string, std::string>> open_slices;  // path, slice name
    for (const Node* d : diff) {
      std::string path(text_of(d, "path"));
      std::string slice(text_of(d, "sliceName"));
      std::erase_if(open_slices, [&](const auto& s) { return s.first == path || starts_with(s.first, path + "."); });
      if (!slice.empty()) open_slices.emplace_back(path, slice);
      std::string id(text_of(d, "id"));
      // An id that names another element than the path (".effective[x]:reason" on path
      // ".effective[x].extension") is a mistake of the author; the path is what the Java
      // generator follows.
      if (!id.empty() && path_of_id(id) != path) id.clear();
      if (id.empty()) {
        std::string prefix;
        size_t start = 0;
        while (start <= path.size()) {
          size_t dot = path.find('.', start);
          std::string seg = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
          prefix += (prefix.empty() ? "" : ".") + seg;
          id += (id.empty() ? "" : ".") + seg;
          for (const auto& s : open_slices)
            if (s.first == prefix) id += ":" + s.second;
          if (dot == std::string::npos) break;
          start = dot + 1;
        }
      }
      ids.push_back(std::move(id));
    }
    return ids;
  }

  int find(std::string_view id) const {
    for (size_t i = 0; i < slots_.size(); ++i)
      if (slots_[i].id == id) return static_cast<int>(i);
    return -1;
  }

  bool has_children(size_t at) const {
    return at + 1 < slots_.size() && starts_with(slots_[at + 1].id, slots_[at].id + ".");
  }

  // Index just past the element at `at` with all its descendants and slices.
  size_t group_end(size_t at) const {
    size_t end = at + 1;
    while (end < slots_.size() && is_under(slots_[end].id, slots_[at].id)) ++end;
    return end;
  }

  int resolve(const std::string& id) {
    if (int found = find(id); found >= 0) return found;
    IdSplit split = split_last(id);
    if (split.parent.empty()) return -1;
    int parent = resolve(split.parent);
    if (parent < 0) return -1;
    return resolve_child(static_cast<size_t>(parent), split.last);
  }

  // `segment` is "name", "name:slice" or "name:slice/reslice" under the element at `parent`.
  int resolve_child(size_t parent, const std::string& segment) {
    size_t colon = segment.find(':');
    if (colon != std::string::npos) {
      std::string slice = segment.substr(colon + 1);
      size_t slash = slice.rfind('/');
      std::string sliced_segment =
          slash == std::string::npos ? segment.substr(0, colon) : segment.substr(0, colon) + ":" + slice.substr(0, slash);
      int sliced = resolve_child(parent, sliced_segment);
      if (sliced < 0) return -1;
      std::string leaf = slash == std::string::npos ? slice : slice.substr(slash + 1);
      const std::string& sliced_id = slots_[static_cast<size_t>(sliced)].id;
      std::string slice_id = sliced_id + (slash == std::string::npos ? ":" : "/") + leaf;
      if (int found = find(slice_id); found >= 0) return found;
      return create_slice(static_cast<size_t>(sliced), slice, slice_id);
    }
    std::string child_id = slots_[parent].id + "." + segment;
    if (int found = find(child_id); found >= 0) return found;
    if (!has_children(parent)) {
      if (!expand(parent)) return -1;
      if (int found = find(child_id); found >= 0) return found;
    }
    return resolve_renamed_choice(parent, segment);
  }

  // "valueQuantity" under a parent with "value[x]": a constraint on that choice restricted to
  // Quantity. As Java's generator does, it becomes the type slice value[x]:valueQuantity,
  // except on elements copied into a new slice, which are constrained in place.
  int resolve_renamed_choice(size_t parent, const std::string& segment) {
    const std::string& pid = slots_[parent].id;
    for (size_t j = parent + 1; j < slots_.size() && is_under(slots_[j].id, pid); ++j) {
      if (!is_child_of(slots_[j].id, pid)) continue;
      std::string_view name = std::string_view(slots_[j].id).substr(pid.size() + 1);
      if (!ends_with(name, "[x]")) continue;
      name.remove_suffix(3);
      if (segment.size() <= name.size() || !starts_with(segment, name) ||
          !std::isupper(static_cast<unsigned char>(segment[name.size()])))
        continue;
      std::string code = choice_type_code(slots_[j].node, segment.substr(name.size()));
      if (code.empty()) return -1;
      if (slots_[j].in_slice_copy) {
        restrict_types(slots_[j].node, code);
        return static_cast<int>(j);
      }
      std::string slice_id = slots_[j].id + ":" + segment;
      if (int found = find(slice_id); found >= 0) return found;
      return create_slice(j, segment, slice_id);
    }
    return -1;
  }

  // The type code among an element's types whose capitalised form is `suffix` ("Quantity",
  // "String" → string); empty when the element does not allow it.
  static std::string choice_type_code(const Node* element, std::string_view suffix) {
    bool any_type = false;
    for (const Node* t = element->first_child; t; t = t->next) {
      if (t->name != "type") continue;
      any_type = true;
      std::string_view code = text_of(t, "code");
      if (capitalized(code) == suffix) return std::string(code);
    }
    if (any_type || suffix.empty()) return {};
    std::string code(suffix);  // an untyped choice (rare): trust the name
    if (code.size() > 1 && std::islower(static_cast<unsigned char>(code[1])))
      code[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(code[0])));
    return code;
  }

  static void restrict_types(Node* element, std::string_view code) {
    bool has_it = false;
    for (const Node* t = element->first_child; t; t = t->next)
      if (t->name == "type" && text_of(t, "code") == code) has_it = true;
    if (!has_it) return;
    for (Node* t = element->first_child; t;) {
      Node* next = t->next;
      if (t->name == "type" && text_of(t, "code") != code) Document::remove(element, t);
      t = next;
    }
  }

  // A new slice of the element at `sliced`: a copy of it and its children as the base
  // defines them (Java copies the base, so the differential's constraints on the unsliced
  // element and on its datatype children do not flow into slices), appended after its
  // existing slices, then constrained by the differential. A slice of an element the base
  // lacks (inside another slice) copies the element as it stands.
  int create_slice(size_t sliced, const std::string& slice_name, const std::string& slice_id) {
    const std::string sliced_id = slots_[sliced].id;
    const std::string sliced_path = slots_[sliced].path;
    const bool from_base = slots_[sliced].origin != nullptr;
    size_t children_end = sliced + 1;
    while (children_end < slots_.size() && starts_with(slots_[children_end].id, sliced_id + ".")) ++children_end;
    std::vector<Slot> copies;
    for (size_t k = sliced; k < children_end; ++k) {
      const Slot& src = slots_[k];
      if (k != sliced && (src.from_type || (from_base && !src.origin))) continue;
      Slot s{deep_copy(out_, from_base ? src.origin : src.node), slice_id + src.id.substr(sliced_id.size()), src.path,
             k == sliced ? src.in_slice_copy : true};
      copies.push_back(std::move(s));
    }
    Node* slice_root = copies.front().node;
    remove_children(slice_root, "slicing");
    Node* id_node = slice_root->child("id");
    Node* path_node = slice_root->child("path");
    set_string(out_, slice_root, "sliceName", slice_name, path_node ? path_node : id_node);

    Node* sliced_node = slots_[sliced].node;
    std::string_view last = std::string_view(sliced_path).substr(sliced_path.rfind('.') + 1);
    bool choice = ends_with(last, "[x]");
    if (!sliced_node->child("slicing")) {
      if (last == "extension" || last == "modifierExtension") {
        add_slicing(sliced_node, "value", "url", "open");
      } else if (choice) {
        add_slicing(sliced_node, "type", "$this", "closed");
        implicit_type_slicing_.insert(sliced_node);
      }
    }
    if (choice) {
      std::string_view base_name = last.substr(0, last.size() - 3);
      std::string_view leaf = std::string_view(slice_name).substr(slice_name.rfind('/') + 1);
      if (starts_with(leaf, base_name) && leaf.size() > base_name.size()) {
        std::string code = choice_type_code(slice_root, leaf.substr(base_name.size()));
        if (!code.empty()) {
          restrict_types(slice_root, code);
          if (implicit_type_slicing_.count(sliced_node)) allow_type_of(sliced_node, slice_root, code);
        }
      }
    }
    size_t at = group_end(sliced);
    slots_.insert(slots_.begin() + static_cast<std::ptrdiff_t>(at), std::make_move_iterator(copies.begin()),
                  std::make_move_iterator(copies.end()));
    return static_cast<int>(at);
  }

  // Under implicit (closed) type slicing the choice element allows just its slices' types.
  void allow_type_of(Node* choice, const Node* slice, std::string_view code) {
    std::vector<Node*> types;
    for (Node* t = choice->first_child; t; t = t->next)
      if (t->name == "type") types.push_back(t);
    bool first_slice = restricted_choices_.insert(choice).second;
    if (first_slice) {
      for (Node* t : types) Document::remove(choice, t);
    } else {
      for (Node* t : types)
        if (text_of(t, "code") == code) return;
    }
    for (const Node* t = slice->first_child; t; t = t->next)
      if (t->name == "type") {
        Node* copy = deep_copy(out_, t);
        copy->in_array = true;
        Document::append(choice, copy);
      }
  }

  void add_slicing(Node* element, std::string_view type, std::string_view path, std::string_view rules) {
    Node* slicing = out_.make_object("slicing");
    Node* disc = out_.make_object("discriminator");
    disc->in_array = true;
    Document::append(disc, out_.make_primitive("type", type, model::ValueKind::String));
    Document::append(disc, out_.make_primitive("path", path, model::ValueKind::String));
    Document::append(slicing, disc);
    Document::append(slicing, out_.make_primitive("ordered", "false", model::ValueKind::Boolean));
    Document::append(slicing, out_.make_primitive("rules", rules, model::ValueKind::String));
    Document::append(element, slicing);
  }

  // Lists the children of the element at `at` (which has none yet) from its type's snapshot,
  // its type profile's, or the element a contentReference points at.
  bool expand(size_t at) {
    Node* element = slots_[at].node;
    const std::string id = slots_[at].id;
    const std::string path = slots_[at].path;
    std::vector<Slot> children;
    if (std::string_view ref = text_of(element, "contentReference"); !ref.empty()) {
      std::string target(ref.substr(ref.find('#') + 1));
      int t = find(target);
      if (t < 0) {
        for (size_t i = 0; i < slots_.size() && t < 0; ++i)
          if (slots_[i].path == target) t = static_cast<int>(i);
      }
      if (t < 0) return false;
      const std::string tid = slots_[static_cast<size_t>(t)].id;
      const std::string tpath = slots_[static_cast<size_t>(t)].path;
      // The base's definition of the target, as Java's generator points a profile's
      // contentReference at the base type: this profile's constraints on the target do not
      // recur here (a recursive Parameters.parameter.part would otherwise inherit the
      // slices it defines on the outer element).
      std::string added;  // the last element this profile added (a slice): skipped with all under it
      for (size_t k = static_cast<size_t>(t) + 1; k < slots_.size() && starts_with(slots_[k].id, tid + "."); ++k) {
        if (!added.empty() && is_under(slots_[k].id, added)) continue;
        const Node* definition = specialization_ ? slots_[k].node : slots_[k].origin;
        if (!definition) {
          added = slots_[k].id;
          continue;
        }
        children.push_back({deep_copy(out_, definition), id + slots_[k].id.substr(tid.size()),
                            path + slots_[k].path.substr(std::min(tpath.size(), slots_[k].path.size()))});
        children.back().origin = slots_[k].origin;
      }
      // The element now lists its own children instead of pointing at another's.
      remove_children(element, "contentReference");
      if (!element->child("type")) {  // a differential may have typed it already
        Node* type = out_.make_object("type");
        type->in_array = true;
        Document::append(type, out_.make_primitive("code", "BackboneElement", model::ValueKind::String));
        Document::append(element, type);
      }
    } else {
      std::vector<const Node*> types;
      for (const Node* t = element->first_child; t; t = t->next)
        if (t->name == "type") types.push_back(t);
      if (types.size() != 1) {
        error("element " + id + (types.empty() ? " has no type" : " has several types") +
                  " to take the children the differential constrains from",
              id);
        return false;
      }
      std::string_view profile = text_of(types.front(), "profile");
      const SnapshotGenerator::Snapshot* type_snap =
          gen_.type_snapshot(text_of(types.front(), "code"), profile, url_, chain_, issues_);
      if (!type_snap || type_snap->elements.empty()) return false;
      std::string root_id(text_of(type_snap->elements.front(), "id"));
      std::string root_path(text_of(type_snap->elements.front(), "path"));
      if (root_id.empty()) root_id = root_path;
      // Java's generator lists one more level under a sub-extension slice (an extension of
      // an extension, as in US Core race): its own `extension` element gets Extension's children.
      std::string_view last = std::string_view(path).substr(path.rfind('.') + 1);
      bool nested_extension = profile.empty() && text_of(types.front(), "code") == "Extension" &&
                              element->child("sliceName") && (last == "extension" || last == "modifierExtension");
      auto list_type = [&](const std::string& under_id, const std::string& under_path, bool nest) {
        auto add = [&](const std::string& uid, const std::string& upath, bool again, auto& self) -> void {
          for (size_t k = 1; k < type_snap->elements.size(); ++k) {
            const Node* e = type_snap->elements[k];
            std::string eid(text_of(e, "id")), epath(text_of(e, "path"));
            if (eid.empty()) eid = epath;
            Slot child{deep_copy(out_, e), uid + eid.substr(std::min(eid.size(), root_id.size())),
                       upath + epath.substr(std::min(epath.size(), root_path.size())), false, true};
            bool nest_here = again && child.id == uid + ".extension";
            std::string cid = child.id, cpath = child.path;
            children.push_back(std::move(child));
            if (nest_here) self(cid, cpath, false, self);
          }
        };
        add(under_id, under_path, nest, add);
      };
      list_type(id, path, nested_extension);
    }
    slots_.insert(slots_.begin() + static_cast<std::ptrdiff_t>(at + 1), std::make_move_iterator(children.begin()),
                  std::make_move_iterator(children.end()));
    return true;
  }

  // Specializations (new resources, logical models) define elements the base lacks.
  int add_new_element(const std::string& id, const Node* d) {
    IdSplit split = split_last(id);
    int parent = split.parent.empty() ? -1 : resolve(split.parent);
    if (parent < 0) return -1;
    size_t at = group_end(static_cast<size_t>(parent));
    Slot s{out_.make_object("element"), id, std::string(text_of(d, "path"))};
    slots_.insert(slots_.begin() + static_cast<std::ptrdiff_t>(at), std::move(s));
    return static_cast<int>(at);
  }

  // Applies a differential element to its snapshot element: most properties replace the
  // inherited ones; constraints, conditions, aliases and mappings add to them; a binding
  // overrides field by field (a differential may change only the strength).
  void merge(const Node* diff, Node* target) {
    std::unordered_map<std::string_view, Node*> last_put;  // per replaced name, its newest copy
    const Node* binding = nullptr;
    for (const Node* c = diff->first_child; c; c = c->next) {
      std::string_view name = c->name;
      if (name == "id" || name == "path") continue;
      if (name == "sliceName") {
        if (!target->child("sliceName")) Document::append(target, deep_copy(out_, c));
        continue;
      }
      if (name == "constraint") {
        Node* copy = deep_copy(out_, c);
        if (!copy->child("source") && !url_.empty())
          Document::append(copy, out_.make_primitive("source", url_, model::ValueKind::String));
        Document::append(target, copy);
        continue;
      }
      if (name == "condition" || name == "alias") {
        bool present = false;
        for (const Node* t = target->first_child; t; t = t->next)
          if (t->name == name && t->text == c->text) present = true;
        if (!present) Document::append(target, deep_copy(out_, c));
        continue;
      }
      if (name == "mapping" || name == "extension" || name == "modifierExtension") {
        Document::append(target, deep_copy(out_, c));
        continue;
      }
      if (name == "binding") {
        binding = c;  // after the types, which decide whether it applies
        continue;
      }
      std::string_view value_prefix;
      for (std::string_view prefix : {"fixed", "pattern", "defaultValue", "minValue", "maxValue"})
        if (name.size() > prefix.size() && starts_with(name, prefix)) value_prefix = prefix;
      Node* copy = deep_copy(out_, c);
      if (!value_prefix.empty()) {
        put_in_place(target, copy, [&](const Node* n) {
          return n->name.size() > value_prefix.size() && starts_with(n->name, value_prefix);
        });
      } else if (auto it = last_put.find(name); it != last_put.end()) {
        Document::insert_after(target, it->second, copy);  // a further repeat (type, code, ...)
      } else {
        put_in_place(target, copy, [&](const Node* n) { return n->name == name; });
      }
      last_put[name] = copy;
    }
    // Java drops a binding on an element none of whose types can be bound (an Extension).
    if (binding && bindable(target)) merge_binding(binding, target);
    if (diff->child("type")) inherit_profile_constraints(target);
  }

  // A type profile set here brings its root's constraints (SimpleQuantity's sqty-1, ...).
  void inherit_profile_constraints(Node* target) {
    const Node* type = nullptr;
    for (const Node* t = target->first_child; t; t = t->next)
      if (t->name == "type") {
        if (type) return;  // several types: no single profile applies
        type = t;
      }
    const Node* profile_node = type ? type->child("profile") : nullptr;
    std::string_view profile = profile_node ? profile_node->text : std::string_view{};
    if (profile.empty()) return;
    // A profile narrowed to one of its elements (profile-element) brings that element's
    // rules, not its root's.
    for (const Node* x = profile_node->first_child; x; x = x->next)
      if (x->name == "extension" && text_of(x, "url") == kProfileElementExtension) return;
    // Optional enrichment: a profile not at hand (or this very one) is no problem of this snapshot.
    IssueList ignored;
    const SnapshotGenerator::Snapshot* snap = gen_.snapshot_of(profile, url_, chain_, ignored);
    if (!snap || snap->elements.empty()) return;
    for (const Node* c = snap->elements.front()->first_child; c; c = c->next) {
      if (c->name != "constraint") continue;
      std::string_view key = text_of(c, "key");
      bool present = false;
      for (const Node* t = target->first_child; t && !present; t = t->next)
        present = t->name == "constraint" && text_of(t, "key") == key;
      if (!present) Document::append(target, deep_copy(out_, c));
    }
  }

  static bool bindable(const Node* element) {
    bool any_type = false;
    for (const Node* t = element->first_child; t; t = t->next) {
      if (t->name != "type") continue;
      any_type = true;
      std::string_view code = text_of(t, "code");
      for (std::string_view b : {"code", "Coding", "CodeableConcept", "CodeableReference", "Quantity", "string", "uri",
                                 "canonical", "url"})
        if (code == b) return true;
    }
    return !any_type;
  }

  // Puts `copy` where the children `matches` selects were (at the end when none), removing
  // them, so a merged element keeps its properties in the base's order.
  template <typename Matches>
  static void put_in_place(Node* target, Node* copy, Matches matches) {
    Node* before = nullptr;
    Node* first = target->first_child;
    while (first && !matches(first)) {
      before = first;
      first = first->next;
    }
    if (!first) {
      Document::append(target, copy);
      return;
    }
    Document::insert_after(target, before, copy);
    for (Node* n = target->first_child; n;) {
      Node* next = n->next;
      if (n != copy && matches(n)) Document::remove(target, n);
      n = next;
    }
  }

  void merge_binding(const Node* diff_binding, Node* target) {
    Node* binding = target->child("binding");
    if (!binding || diff_binding->child("valueSet")) {
      // A new value set makes the inherited binding's details moot.
      put_in_place(target, deep_copy(out_, diff_binding), [](const Node* n) { return n->name == "binding"; });
      return;
    }
    std::unordered_set<std::string_view> replaced;
    for (const Node* c = diff_binding->first_child; c; c = c->next) {
      if (replaced.insert(c->name).second) remove_children(binding, c->name);
      Document::append(binding, deep_copy(out_, c));
    }
  }

  void write_snapshot(Node* root, Node* differential) {
    if (Node* old = root->child("snapshot")) Document::remove(root, old);
    Node* snapshot = out_.make_object("snapshot");
    for (Slot& s : slots_) {
      s.node->name = "element";
      s.node->in_array = true;
      // A profile's "#Parameters.parameter" means the base's element, as the Java generator
      // writes it: this profile's constraints on that element do not recur inside it.
      if (Node* ref = s.node->child("contentReference"); ref && !specialization_ && starts_with(ref->text, "#"))
        ref->text = out_.arena().copy(base_url_ + std::string(ref->text));
      set_string(out_, s.node, "id", s.id, nullptr, true);
      set_string(out_, s.node, "path", s.path, s.node->child("id"));
      Document::append(snapshot, s.node);
    }
    // Conventional order: snapshot before differential.
    Node* before = nullptr;
    for (Node* c = root->first_child; c && c != differential; c = c->next) before = c;
    if (differential)
      Document::insert_after(root, before, snapshot);
    else
      Document::append(root, snapshot);
  }

  SnapshotGenerator& gen_;
  Document& out_;
  std::vector<std::string>& chain_;
  IssueList& issues_;
  std::string url_;
  std::string base_url_;  // without a version
  bool specialization_ = false;
  std::vector<Slot> slots_;
  std::unordered_set<const Node*> implicit_type_slicing_;
  std::unordered_set<const Node*> restricted_choices_;
};

SnapshotGenerator::SnapshotGenerator(const definitions::DefinitionStore& store) : store_(store) {}
SnapshotGenerator::~SnapshotGenerator() = default;

std::optional<std::string> SnapshotGenerator::generate(const definitions::ResourceEntry& sd, IssueList& issues) {
  std::vector<std::string> chain;
  auto doc = generate_tree(sd.json, sd.source, chain, issues);
  if (!doc) return std::nullopt;
  return io::write_json(*doc->root(), {});
}

std::optional<std::string> SnapshotGenerator::generate(std::string_view structure_definition_json, IssueList& issues) {
  std::vector<std::string> chain;
  auto doc = generate_tree(structure_definition_json, {}, chain, issues);
  if (!doc) return std::nullopt;
  return io::write_json(*doc->root(), {});
}

std::optional<model::Document> SnapshotGenerator::generate_tree(std::string_view json, std::string_view source,
                                                                 std::vector<std::string>& chain, IssueList& issues) {
  io::ReadOptions ro;
  ro.source_name = std::string(source);
  ro.limits.max_depth = kDefinitionMaxDepth;
  IssueList parse_issues;
  auto doc = io::read_json(json, ro, parse_issues);
  if (!doc || doc->root()->resource_type != "StructureDefinition") {
    std::string why = parse_issues.empty() ? "not a StructureDefinition" : parse_issues.items().front().message;
    issues.add(Severity::Error, "structure",
               "StructureDefinition " + std::string(source) + " cannot be read for snapshot generation: " + why);
    return std::nullopt;
  }
  std::string url(text_of(doc->root(), "url"));
  if (std::find(chain.begin(), chain.end(), url) != chain.end()) {
    issues.add(Severity::Error, "structure", "StructureDefinition bases form a cycle: " + join_chain(chain, url));
    return std::nullopt;
  }
  chain.push_back(url);
  SnapshotBuilder builder(*this, *doc, chain, issues);
  bool ok = builder.build();
  chain.pop_back();
  if (!ok) return std::nullopt;
  return doc;
}

const SnapshotGenerator::Snapshot* SnapshotGenerator::snapshot_of(std::string_view canonical, std::string_view wanted_by,
                                                                  std::vector<std::string>& chain, IssueList& issues) {
  std::string key(canonical);
  if (auto it = cache_.find(key); it != cache_.end()) return it->second.get();
  const definitions::ResourceEntry* entry = store_.find("StructureDefinition", canonical);
  if (!entry) {
    issues.add(Severity::Error, "not-found",
               "StructureDefinition " + std::string(wanted_by) + ": " + key + " is not a known StructureDefinition");
    return nullptr;
  }
  if (std::find(chain.begin(), chain.end(), entry->url) != chain.end()) {
    issues.add(Severity::Error, "structure", "StructureDefinition bases form a cycle: " + join_chain(chain, entry->url));
    return nullptr;
  }
  auto snap = std::make_unique<Snapshot>();
  if (entry->has_snapshot) {
    io::ReadOptions ro;
    ro.source_name = entry->source;
    ro.limits.max_depth = kDefinitionMaxDepth;
    IssueList parse_issues;
    auto doc = io::read_json(entry->json, ro, parse_issues);
    if (!doc) {
      issues.add(Severity::Error, "structure",
                 "StructureDefinition " + std::string(wanted_by) + ": " + key + " cannot be read");
      return nullptr;
    }
    snap->doc = std::move(*doc);
  } else {
    auto doc = generate_tree(entry->json, entry->source, chain, issues);
    if (!doc) {
      issues.add(Severity::Error, "structure",
                 "StructureDefinition " + std::string(wanted_by) + ": no snapshot can be made for " + key);
      return nullptr;
    }
    snap->doc = std::move(*doc);
  }
  if (const Node* s = snap->doc.root()->child("snapshot"))
    for (const Node* e = s->first_child; e; e = e->next)
      if (e->name == "element") snap->elements.push_back(e);
  return cache_.emplace(key, std::move(snap)).first->second.get();
}

const SnapshotGenerator::Snapshot* SnapshotGenerator::type_snapshot(std::string_view code, std::string_view profile,
                                                                    std::string_view wanted_by,
                                                                    std::vector<std::string>& chain, IssueList& issues) {
  if (!profile.empty()) return snapshot_of(profile, wanted_by, chain, issues);
  const definitions::ResourceEntry* type = store_.find_type_definition(code);
  if (!type) {
    issues.add(Severity::Error, "not-found",
               "StructureDefinition " + std::string(wanted_by) + ": no definition of the type " + std::string(code));
    return nullptr;
  }
  return snapshot_of(type->url, wanted_by, chain, issues);
}

}  // namespace renkei::validation
