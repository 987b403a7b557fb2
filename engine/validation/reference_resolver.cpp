#include "validation/reference_resolver.hpp"

#include <functional>

namespace renkei::validation {

namespace {

bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Resource type names are letters only and start upper case ("Patient", "MedicationRequest").
bool is_type_name(std::string_view s) {
  if (s.empty() || !(s[0] >= 'A' && s[0] <= 'Z')) return false;
  for (char c : s)
    if (!is_alpha(c)) return false;
  return true;
}

// FHIR id: [A-Za-z0-9\-\.]{1,64}
bool is_id(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!(is_alpha(c) || is_digit(c) || c == '-' || c == '.')) return false;
  return true;
}

// Length of an RFC 3986 scheme followed by ':' at the start of `s`, or 0.
size_t scheme_length(std::string_view s) {
  if (s.empty() || !is_alpha(s[0])) return 0;
  for (size_t i = 1; i < s.size(); ++i) {
    char c = s[i];
    if (c == ':') return i;
    if (!(is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.')) return 0;
  }
  return 0;
}

// Splits "…/_history/v" off the end of `s` into `version`.
std::string_view strip_history(std::string_view s, std::string_view& version) {
  constexpr std::string_view kHistory = "/_history/";
  size_t h = s.rfind(kHistory);
  if (h == std::string_view::npos) return s;
  version = s.substr(h + kHistory.size());
  return s.substr(0, h);
}

std::string_view version_of(const model::Node* resource) {
  const model::Node* meta = resource ? resource->child("meta") : nullptr;
  const model::Node* v = meta ? meta->child("versionId") : nullptr;
  return v && v->has_value() ? v->text : std::string_view();
}

std::string_view id_of(const model::Node* resource) {
  const model::Node* id = resource ? resource->child("id") : nullptr;
  return id && id->has_value() ? id->text : std::string_view();
}

// The resource that "#" refers to from `n`: the nearest resource that is not itself contained.
const model::Node* container_of(const model::Node* n) {
  while (n && (!n->is_resource() || (n->parent && n->name == "contained"))) n = n->parent;
  return n;
}

}  // namespace

ParsedReference parse_reference(std::string_view s) {
  ParsedReference p;
  if (s.empty()) return p;
  if (size_t hash = s.find('#'); hash != std::string_view::npos) {
    p.fragment = s.substr(hash + 1);
    p.has_fragment = true;
    s = s.substr(0, hash);
    if (s.empty()) {
      p.form = ReferenceForm::Fragment;
      return p;
    }
  }
  if (size_t scheme = scheme_length(s)) {
    std::string_view name = s.substr(0, scheme);
    if (name == "urn") {
      p.form = ReferenceForm::Urn;
      p.identity = s;
      return p;
    }
    p.form = ReferenceForm::Absolute;
    p.identity = strip_history(s, p.version);
    // RESTful: http(s)://host[/path]/Type/id — the base is everything before Type.
    if (name != "http" && name != "https") return p;
    std::string_view u = p.identity;
    if (u.find('?') != std::string_view::npos) return p;
    size_t id_slash = u.rfind('/');
    if (id_slash == std::string_view::npos || id_slash == 0) return p;
    size_t type_slash = u.rfind('/', id_slash - 1);
    if (type_slash == std::string_view::npos || type_slash < scheme + 3) return p;  // inside "//host"
    std::string_view type = u.substr(type_slash + 1, id_slash - type_slash - 1);
    std::string_view id = u.substr(id_slash + 1);
    if (!is_type_name(type) || !is_id(id)) return p;
    p.base = u.substr(0, type_slash + 1);
    p.type = type;
    p.id = id;
    return p;
  }
  if (s.find('?') != std::string_view::npos) {
    p.form = ReferenceForm::Conditional;
    p.identity = s;
    return p;
  }
  // Relative: Type/id or Type/id/_history/v, nothing else.
  p.identity = strip_history(s, p.version);
  size_t slash = p.identity.find('/');
  p.form = ReferenceForm::Malformed;
  if (slash == std::string_view::npos) return p;
  std::string_view type = p.identity.substr(0, slash);
  std::string_view id = p.identity.substr(slash + 1);
  if (!is_type_name(type) || !is_id(id)) return p;
  if (p.identity.size() != s.size() && !is_id(p.version)) return p;
  p.form = ReferenceForm::Relative;
  p.type = type;
  p.id = id;
  return p;
}

size_t BundleIndex::TypeIdHash::operator()(const TypeId& k) const noexcept {
  size_t h = std::hash<std::string_view>{}(k.type);
  return h ^ (std::hash<std::string_view>{}(k.id) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
}

BundleIndex BundleIndex::build(const model::Node& bundle) {
  BundleIndex ix;
  ix.bundle_ = &bundle;
  for (const model::Node* e = bundle.first_child; e; e = e->next) {
    if (e->name != "entry") continue;
    BundleEntryInfo info;
    info.entry = e;
    const model::Node* resource = e->child("resource");
    info.resource = resource && resource->is_resource() ? resource : nullptr;
    if (const model::Node* fu = e->child("fullUrl"); fu && fu->has_value()) {
      info.full_url = fu->text;
      info.url = parse_reference(fu->text);
    }
    if (info.resource) {
      info.type = info.resource->resource_type;
      info.id = id_of(info.resource);
    }
    info.version = version_of(info.resource);
    if (info.version.empty()) info.version = info.url.version;
    ix.entries_.push_back(info);
  }
  size_t n = ix.entries_.size();
  ix.next_same_identity_.assign(n, kEnd);
  ix.next_same_type_id_.assign(n, kEnd);
  ix.by_identity_.reserve(n);
  ix.by_type_id_.reserve(n);
  // Built back to front, prepending, so that every chain lists entries in document order.
  for (size_t k = n; k-- > 0;) {
    const BundleEntryInfo& info = ix.entries_[k];
    uint32_t i = static_cast<uint32_t>(k);
    if (!info.url.identity.empty()) {
      auto [it, inserted] = ix.by_identity_.try_emplace(info.url.identity, i);
      if (!inserted) {
        ix.next_same_identity_[i] = it->second;
        it->second = i;
      }
    }
    // A RESTful fullUrl is the entry's identity; otherwise the resource's own type and id.
    TypeId key = info.url.restful() ? TypeId{info.url.type, info.url.id} : TypeId{info.type, info.id};
    if (key.type.empty() || key.id.empty()) continue;
    auto [it, inserted] = ix.by_type_id_.try_emplace(key, i);
    if (!inserted) {
      ix.next_same_type_id_[i] = it->second;
      it->second = i;
    }
  }
  return ix;
}

uint32_t BundleIndex::first_with_identity(std::string_view identity) const {
  auto it = by_identity_.find(identity);
  return it == by_identity_.end() ? kEnd : it->second;
}

uint32_t BundleIndex::first_with_type_id(std::string_view type, std::string_view id) const {
  auto it = by_type_id_.find(TypeId{type, id});
  return it == by_type_id_.end() ? kEnd : it->second;
}

uint32_t BundleIndex::entry_of(const model::Node& n) const {
  for (const model::Node* p = &n; p && p != bundle_; p = p->parent) {
    if (p->is_resource() && p->resource_type == "Bundle") return Resolution::kNoEntry;  // nested Bundle
    const model::Node* e = p->parent;
    if (p->name == "resource" && e && e->name == "entry" && e->parent == bundle_) {
      if (e->index < entries_.size() && entries_[e->index].entry == e) return e->index;
      for (size_t i = 0; i < entries_.size(); ++i)  // index not set (tree built by hand)
        if (entries_[i].entry == e) return static_cast<uint32_t>(i);
      return Resolution::kNoEntry;
    }
  }
  return Resolution::kNoEntry;
}

Resolution BundleIndex::resolve(const model::Node& reference_node) const {
  const model::Node* r = reference_node.is_primitive() ? &reference_node : reference_node.child("reference");
  if (!r || !r->has_value()) return {};
  return resolve(r->text, reference_node);
}

Resolution BundleIndex::resolve(std::string_view reference, const model::Node& from) const {
  ParsedReference ref = parse_reference(reference);
  if (ref.form == ReferenceForm::Fragment) return resolve_fragment(ref, from);
  // Only references whose nearest enclosing Bundle is this one resolve against it.
  const model::Node* p = &from;
  while (p && p != bundle_ && !(p->is_resource() && p->resource_type == "Bundle")) p = p->parent;
  if (p != bundle_) {
    Resolution out;
    out.status = ResolutionStatus::OutsideIndex;
    out.form = ref.form;
    return out;
  }
  return resolve_parsed(ref, entry_of(from));
}

Resolution BundleIndex::resolve_in_entry(std::string_view reference, uint32_t from_entry) const {
  ParsedReference ref = parse_reference(reference);
  if (ref.form == ReferenceForm::Fragment) {
    if (from_entry >= entries_.size() || !entries_[from_entry].resource) return {};
    return resolve_fragment(ref, *entries_[from_entry].resource);
  }
  return resolve_parsed(ref, from_entry);
}

Resolution BundleIndex::resolve_fragment(const ParsedReference& ref, const model::Node& from) const {
  Resolution out;
  out.form = ReferenceForm::Fragment;
  const model::Node* container = container_of(&from);
  if (!container) {
    out.status = ResolutionStatus::NotFound;
    return out;
  }
  out.entry = bundle_ ? entry_of(*container) : Resolution::kNoEntry;
  if (ref.fragment.empty()) {
    out.status = ResolutionStatus::Resolved;
    out.target = container;
    out.matches = 1;
    return out;
  }
  for (const model::Node* c = container->first_child; c; c = c->next) {
    if (c->name != "contained" || id_of(c) != ref.fragment) continue;
    if (!out.target) out.target = c;
    ++out.matches;
  }
  out.status = out.matches == 0   ? ResolutionStatus::NotFound
               : out.matches == 1 ? ResolutionStatus::Resolved
                                  : ResolutionStatus::Ambiguous;
  return out;
}

Resolution BundleIndex::resolve_parsed(const ParsedReference& ref, uint32_t from_entry) const {
  Resolution out;
  out.form = ref.form;
  switch (ref.form) {
    case ReferenceForm::Empty:
    case ReferenceForm::Conditional: return out;
    case ReferenceForm::Malformed: out.status = ResolutionStatus::Malformed; return out;
    default: break;
  }
  auto take = [&](uint32_t i) {
    if (!ref.version.empty() && entries_[i].version != ref.version) {
      ++out.other_versions;
      return;
    }
    if (out.matches++ == 0) {
      out.entry = i;
      out.target = entries_[i].resource;
    }
  };
  if (ref.form == ReferenceForm::Relative) {
    // The referencing entry's RESTful base, when it has one, decides which entries qualify.
    std::string_view base;
    if (from_entry < entries_.size() && entries_[from_entry].url.restful()) base = entries_[from_entry].url.base;
    for (uint32_t i = first_with_type_id(ref.type, ref.id); i != kEnd; i = next_same_type_id_[i]) {
      const BundleEntryInfo& c = entries_[i];
      bool identity_unknown = c.full_url.empty();
      bool same_base = c.url.restful() && (base.empty() || c.url.base == base);
      if (identity_unknown || same_base)
        take(i);
      else
        ++out.type_id_mismatched;
    }
  } else {
    for (uint32_t i = first_with_identity(ref.identity); i != kEnd; i = next_same_identity_[i]) take(i);
    if (out.matches == 0 && ref.restful())  // only to explain a failure: same type/id, other fullUrl
      for (uint32_t i = first_with_type_id(ref.type, ref.id); i != kEnd; i = next_same_type_id_[i])
        if (entries_[i].url.identity != ref.identity) ++out.type_id_mismatched;
  }
  if (out.matches == 0) {
    out.status = ResolutionStatus::NotFound;
    return out;
  }
  if (out.matches > 1) {
    out.status = ResolutionStatus::Ambiguous;
    return out;
  }
  out.status = ResolutionStatus::Resolved;
  if (ref.has_fragment && !ref.fragment.empty() && out.target) {
    // "Type/id#c1": a resource contained in the one found.
    const model::Node* found = nullptr;
    uint32_t count = 0;
    for (const model::Node* c = out.target->first_child; c; c = c->next)
      if (c->name == "contained" && id_of(c) == ref.fragment && count++ == 0) found = c;
    out.target = found;
    out.matches = count;
    out.status = count == 0 ? ResolutionStatus::NotFound
                 : count == 1 ? ResolutionStatus::Resolved
                              : ResolutionStatus::Ambiguous;
  }
  return out;
}

}  // namespace renkei::validation
