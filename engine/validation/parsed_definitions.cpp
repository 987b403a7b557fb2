#include "validation/parsed_definitions.hpp"

#include "definitions/definition_store.hpp"
#include "io/fhir_reader.hpp"

namespace renkei::validation {

namespace {

using model::Node;

// "url" or "url|version" (a version prefix matches: 1.0 matches 1.0.2).
bool canonical_matches(const Node& resource, std::string_view canonical) {
  const size_t bar = canonical.find('|');
  if (model::child_text(&resource, "url") != canonical.substr(0, bar)) return false;
  if (bar == std::string_view::npos) return true;
  std::string_view version = model::child_text(&resource, "version");
  return version.empty() || version.substr(0, canonical.size() - bar - 1) == canonical.substr(bar + 1);
}

}  // namespace

const Node* ParsedDefinitions::find(const definitions::DefinitionStore& store, const definitions::TypeModel& types,
                                    std::string_view resource_type, std::string_view canonical) {
  const definitions::ResourceEntry* entry = store.find(resource_type, canonical);
  if (!entry) return nullptr;
  std::string key = entry->resource_type + "|" + entry->url + "|" + entry->version;
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = parsed_.find(key);
  if (it == parsed_.end()) {
    io::ReadOptions ro;
    ro.types = &types;
    ro.source_name = entry->source;
    IssueList read_issues;  // problems of a definition file are the store's business
    auto doc = io::read_json(entry->json, ro, read_issues);
    std::unique_ptr<model::Document> kept;
    if (doc && doc->root() && doc->root()->resource_type == resource_type)
      kept = std::make_unique<model::Document>(std::move(*doc));
    it = parsed_.emplace(std::move(key), std::move(kept)).first;
  }
  return it->second ? it->second->root() : nullptr;
}

const Node* resolve_definition(const Node& from, std::string_view resource_type, std::string_view canonical,
                               const DefinitionLookup& lookup) {
  if (canonical.empty()) return nullptr;
  if (canonical.front() == '#') {
    const Node* resource = &from;
    while (resource && !resource->is_resource()) resource = resource->parent;
    for (const Node* c = resource ? resource->first_child : nullptr; c; c = c->next)
      if (c->name == "contained" && c->resource_type == resource_type && model::child_text(c, "id") == canonical.substr(1))
        return c;
    return nullptr;
  }
  for (const Node* bundle = from.parent; bundle; bundle = bundle->parent) {
    if (bundle->resource_type != "Bundle") continue;
    for (const Node* entry = bundle->first_child; entry; entry = entry->next) {
      const Node* r = entry->name == "entry" ? entry->child("resource") : nullptr;
      if (r && r->resource_type == resource_type && canonical_matches(*r, canonical)) return r;
    }
  }
  if (!lookup.store || !lookup.types || !lookup.cache) return nullptr;
  return lookup.cache->find(*lookup.store, *lookup.types, resource_type, canonical);
}

}  // namespace renkei::validation
