#include "validation/value_match.hpp"

#include <string_view>

namespace renkei::validation {

namespace {

// Decimal values compare by value ("1.0" = "1.00"); everything else by its lexical text.
bool same_value(const model::Node& a, const model::Node& b) {
  if (a.text == b.text) return true;
  if (a.value_kind != model::ValueKind::Number || b.value_kind != model::ValueKind::Number) return false;
  auto trim = [](std::string_view s) {
    if (s.find('.') == std::string_view::npos || s.find_first_of("eE") != std::string_view::npos) return s;
    while (!s.empty() && s.back() == '0') s.remove_suffix(1);
    if (!s.empty() && s.back() == '.') s.remove_suffix(1);
    return s;
  };
  return trim(a.text) == trim(b.text);
}

size_t count_named(const model::Node& n, std::string_view name) {
  size_t k = 0;
  for (const model::Node* c = n.first_child; c; c = c->next) k += c->name == name;
  return k;
}

}  // namespace

bool exactly_matches(const model::Node& instance, const model::Node& fixed) {
  if (fixed.has_value() && (!instance.has_value() || !same_value(instance, fixed))) return false;
  // Same children, in the same order per name, with nothing extra.
  for (const model::Node* f = fixed.first_child; f; f = f->next) {
    if (count_named(instance, f->name) != count_named(fixed, f->name)) return false;
    const model::Node* i = instance.first_child;
    for (; i; i = i->next)
      if (i->name == f->name && i->index == f->index) break;
    if (!i || !exactly_matches(*i, *f)) return false;
  }
  for (const model::Node* i = instance.first_child; i; i = i->next) {
    if (i->name == "id" || i->name == "extension") continue;  // not part of the value
    if (count_named(fixed, i->name) == 0) return false;
  }
  return true;
}

bool pattern_matches(const model::Node& instance, const model::Node& pattern) {
  if (pattern.has_value() && (!instance.has_value() || !same_value(instance, pattern))) return false;
  for (const model::Node* p = pattern.first_child; p; p = p->next) {
    bool found = false;
    for (const model::Node* i = instance.first_child; i && !found; i = i->next)
      if (i->name == p->name && pattern_matches(*i, *p)) found = true;
    if (!found) return false;
  }
  return true;
}

}  // namespace renkei::validation
