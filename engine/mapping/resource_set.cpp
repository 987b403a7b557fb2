#include "mapping/resource_set.hpp"

#include <array>
#include <cstdint>

#include "definitions/type_model.hpp"

namespace renkei::mapping {

using definitions::TypeInfo;
using definitions::TypeKind;
using model::Node;

ResourceSet::ResourceSet(const definitions::TypeModel& types)
    : types_(&types), doc_(std::make_unique<model::Document>()) {}

const BuiltResource* ResourceSet::find(std::string_view type, std::string_view role) const {
  for (const BuiltResource& r : resources_)
    if (r.type == type && r.role == role) return &r;
  return nullptr;
}

BuiltResource& ResourceSet::resource(const std::string& type, const std::string& role, std::string& error) {
  for (BuiltResource& r : resources_)
    if (r.type == type && r.role == role) return r;
  const TypeInfo* t = types_->type(type);
  if (!t || t->kind != TypeKind::Resource || t->is_abstract) {
    error = "'" + type + "' is not a FHIR resource type";
    static BuiltResource none;
    return none;
  }
  Node* root = doc_->make_object("resource");
  root->resource_type = doc_->arena().copy(type);
  resources_.push_back(BuiltResource{type, role, root, t});
  return resources_.back();
}

Node* ResourceSet::add_child(Node* parent, std::string_view name, const TypeInfo*, bool in_array) {
  Node* c = doc_->make_object(name);
  c->in_array = in_array;
  model::Document::append(parent, c);
  return c;
}

namespace {

// TypeInfo::value_kind compares the type's name with each non-string primitive; a record writes a few
// hundred primitives of a dozen types, so each thread remembers the answers.
model::ValueKind value_kind_of(const TypeInfo* type) {
  struct Slot {
    const TypeInfo* type = nullptr;
    model::ValueKind kind = model::ValueKind::None;
  };
  thread_local std::array<Slot, 64> slots{};
  Slot& slot = slots[(reinterpret_cast<uintptr_t>(type) >> 4) % slots.size()];
  if (slot.type != type) slot = Slot{type, type->value_kind()};
  return slot.kind;
}

}  // namespace

Node* ResourceSet::add_primitive(Node* parent, std::string_view name, const TypeInfo* type, bool in_array,
                                 std::string_view text) {
  Node* c = doc_->make_primitive(name, text, value_kind_of(type));
  c->in_array = in_array;
  model::Document::append(parent, c);
  return c;
}

namespace {

// The element `name` of `type` and the type of its value.
bool resolve(const definitions::TypeModel& types, const TypeInfo* type, std::string_view name,
             const definitions::ElementInfo*& element, const TypeInfo*& value_type, std::string& error) {
  std::string_view choice;
  element = type ? type->find(name, &choice) : nullptr;
  if (!element) {
    error = "'" + std::string(name) + "' is not an element of " + (type ? type->name : std::string("?"));
    return false;
  }
  value_type = types.type_of(*element, choice);
  if (!value_type) {
    error = "the type of '" + std::string(name) + "' is ambiguous (name the choice, e.g. valueString)";
    return false;
  }
  return true;
}

}  // namespace

bool ResourceSet::set(const TargetPath& path, const FieldValue& value, std::string_view text, std::string& error) {
  BuiltResource& r = resource(path.resource_type, path.role, error);
  if (!r.root) return false;
  if (path.steps.empty()) {
    error = "a value needs an element path after " + path.resource_label();
    return false;
  }
  Node* node = r.root;
  const TypeInfo* type = r.type_info;
  for (size_t i = 0; i + 1 < path.steps.size(); ++i) {
    const PathStep& step = path.steps[i];
    const definitions::ElementInfo* e = nullptr;
    const TypeInfo* ct = nullptr;
    if (!resolve(*types_, type, step.element, e, ct, error)) return false;
    if (ct->kind == TypeKind::Primitive) {
      error = "'" + step.element + "' is a primitive and has no child elements here";
      return false;
    }
    Node* next = nullptr;
    if (step.key) {
      if (!e->is_array()) {
        error = "'" + step.element + "' does not repeat, so it takes no [key]";
        return false;
      }
      auto& items = keyed_[{node, step.element}];
      for (auto& [k, child] : items)
        if (k == *step.key) next = child;
      if (!next) {
        next = add_child(node, step.element, ct, true);
        items.emplace_back(*step.key, next);
      }
    } else {
      next = node->child(step.element);
      if (!next) next = add_child(node, step.element, ct, e->is_array());
    }
    node = next;
    type = ct;
  }
  return set_leaf(node, type, path.steps.back(), value, text, error);
}

bool ResourceSet::set_leaf(Node* parent, const TypeInfo* parent_type, const PathStep& step, const FieldValue& value,
                           std::string_view text, std::string& error) {
  const definitions::ElementInfo* e = nullptr;
  const TypeInfo* ct = nullptr;
  if (!resolve(*types_, parent_type, step.element, e, ct, error)) return false;
  if (step.key && !e->is_array()) {
    error = "'" + step.element + "' does not repeat, so it takes no [key]";
    return false;
  }
  auto keyed_item = [&](Node*& found) -> std::vector<std::pair<std::string, Node*>>* {
    auto& items = keyed_[{parent, step.element}];
    found = nullptr;
    for (auto& [k, child] : items)
      if (k == *step.key) found = child;
    return &items;
  };
  // A primitive child of a complex leaf, e.g. CodeableConcept.text.
  auto put = [&](Node* node, const TypeInfo* type, std::string_view name, std::string_view v) -> bool {
    const definitions::ElementInfo* pe = nullptr;
    const TypeInfo* pt = nullptr;
    if (!resolve(*types_, type, name, pe, pt, error)) return false;
    if (!pe->is_array() && node->child(name)) {
      error = "'" + step.element + "." + std::string(name) + "' is written twice";
      return false;
    }
    add_primitive(node, name, pt, pe->is_array(), v);
    return true;
  };

  if (ct->kind == TypeKind::Primitive) {
    if (step.key) {
      Node* found = nullptr;
      auto* items = keyed_item(found);
      if (found) {
        error = "'" + step.element + "[" + *step.key + "]' is written twice";
        return false;
      }
      items->emplace_back(*step.key, add_primitive(parent, step.element, ct, true, text));
      return true;
    }
    if (!e->is_array() && parent->child(step.element)) {
      error = "'" + step.element + "' is written twice (it does not repeat)";
      return false;
    }
    add_primitive(parent, step.element, ct, e->is_array(), text);
    return true;
  }

  Node* node = nullptr;
  if (step.key) {
    auto* items = keyed_item(node);
    if (!node) {
      node = add_child(parent, step.element, ct, true);
      items->emplace_back(*step.key, node);
    }
  } else {
    node = parent->child(step.element);
    if (!node) node = add_child(parent, step.element, ct, e->is_array());
  }
  const std::string& tn = ct->name;
  bool whole_code = value.coding && text == value.text;
  if (tn == "CodeableConcept") {
    if (whole_code) {
      const definitions::ElementInfo* ce = nullptr;
      const TypeInfo* coding_type = nullptr;
      if (!resolve(*types_, ct, "coding", ce, coding_type, error)) return false;
      Node* coding = add_child(node, "coding", coding_type, true);
      return put(coding, coding_type, "system", value.coding->system) &&
             put(coding, coding_type, "code", value.coding->code) &&
             (value.coding->display.empty() || put(coding, coding_type, "display", value.coding->display));
    }
    return put(node, ct, "text", text);
  }
  if (tn == "Coding") {
    if (!whole_code) return put(node, ct, "display", text);
    return put(node, ct, "system", value.coding->system) && put(node, ct, "code", value.coding->code) &&
           (value.coding->display.empty() || put(node, ct, "display", value.coding->display));
  }
  if (tn == "Reference") return put(node, ct, "reference", text);
  if (tn == "Annotation" || tn == "HumanName" || tn == "Address") return put(node, ct, "text", text);
  if (tn == "Identifier" || tn == "Quantity" || tn == "SimpleQuantity" || tn == "Age" || tn == "Duration" ||
      tn == "Count" || tn == "Distance" || tn == "Money")
    return put(node, ct, "value", text);
  error = "'" + step.element + "' is a " + tn + "; name one of its primitive elements";
  return false;
}

bool ResourceSet::merge(Node* node, const TypeInfo* type, const JsonValue& fragment, std::string_view n,
                        std::string& error) {
  if (!fragment.is_object()) {
    error = "a fragment must be a JSON object";
    return false;
  }
  for (const auto& member : fragment.members) {
    // Named, not a structured binding: clang 14 (the fuzz build) cannot capture those in a lambda.
    const auto& key = member.first;
    const auto& v = member.second;
    if (key == "resourceType" || key.rfind("//", 0) == 0) continue;
    const definitions::ElementInfo* e = nullptr;
    const TypeInfo* ct = nullptr;
    if (!resolve(*types_, type, key, e, ct, error)) return false;
    if (v.is_array() && !e->is_array()) {
      error = "'" + key + "' does not repeat but the fragment gives an array";
      return false;
    }
    auto merge_item = [&](const JsonValue& item) {
      if (ct->kind == TypeKind::Primitive) {
        if (item.is_object() || item.is_array()) {
          error = "'" + key + "' is a primitive but the fragment gives an object";
          return false;
        }
        if (!e->is_array() && node->child(key)) return true;  // the input's value wins
        // add_primitive copies the text into the arena; only a text with {n} needs a bound copy first.
        if (item.text.find("{n}") == std::string::npos) add_primitive(node, key, ct, e->is_array(), item.text);
        else add_primitive(node, key, ct, e->is_array(), bind_number(item.text, n));
        return true;
      }
      Node* child = e->is_array() ? nullptr : node->child(key);
      if (!child) child = add_child(node, key, ct, e->is_array());
      if (!merge(child, ct, item, n, error)) {
        error = key + "." + error;
        return false;
      }
      return true;
    };
    if (v.is_array()) {
      for (const JsonValue& item : v.items)
        if (!merge_item(item)) return false;
    } else if (!merge_item(v)) {
      return false;
    }
  }
  return true;
}

std::vector<ResourceSet::Match> ResourceSet::match(const TargetPath& pattern) const {
  std::vector<Match> out;
  for (const BuiltResource& r : resources_) {
    std::string bound;
    if (r.type != pattern.resource_type || !glob_match(pattern.role, r.role, &bound)) continue;
    std::vector<Match> frontier{Match{r.root, r.type_info,
                                      pattern.role.find('*') != std::string::npos ? bound : std::string(), &r}};
    for (const PathStep& step : pattern.steps) {
      std::vector<Match> next;
      for (const Match& m : frontier) {
        const definitions::ElementInfo* e = nullptr;
        const TypeInfo* ct = nullptr;
        std::string ignored;
        if (!resolve(*types_, m.type, step.element, e, ct, ignored)) continue;
        if (step.key) {
          auto it = keyed_.find({m.node, step.element});
          if (it == keyed_.end()) continue;
          for (const auto& [k, child] : it->second) {
            std::string b;
            if (!glob_match(*step.key, k, &b)) continue;
            bool binds = m.binding.empty() && step.key->find('*') != std::string::npos;
            next.push_back(Match{child, ct, binds ? b : m.binding, &r});
          }
        } else {
          for (Node* c = m.node->first_child; c; c = c->next)
            if (c->name == step.element) next.push_back(Match{c, ct, m.binding, &r});
        }
      }
      frontier = std::move(next);
    }
    out.insert(out.end(), frontier.begin(), frontier.end());
  }
  return out;
}

}  // namespace renkei::mapping
