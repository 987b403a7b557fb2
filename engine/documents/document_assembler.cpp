#include "documents/document_assembler.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <functional>
#include <string_view>
#include <unordered_map>

#include "definitions/type_model.hpp"
#include "documents/document_ids.hpp"
#include "documents/section_narrative.hpp"

namespace renkei::documents {
namespace {

using mapping::JsonValue;
using model::Node;

// Generated content goes straight into the tree: the typing pass (generated_tree.hpp) gives it its
// types, as it does for everything the mapping built.
Node* add_object(model::Document& doc, Node* parent, std::string_view name, bool in_array) {
  Node* n = doc.make_object(name);
  n->in_array = in_array;
  model::Document::append(parent, n);
  return n;
}

Node* add_string(model::Document& doc, Node* parent, std::string_view name, std::string_view text,
                 bool in_array = false) {
  Node* n = doc.make_primitive(name, text, model::ValueKind::String);
  n->in_array = in_array;
  model::Document::append(parent, n);
  return n;
}

// Every primitive `reference` under `n` whose value starts with '@'.
void collect_placeholders(Node* n, std::vector<Node*>& out) {
  for (Node* c = n->first_child; c; c = c->next) {
    if (c->name == "reference" && c->is_primitive() && !c->text.empty() && c->text.front() == '@') out.push_back(c);
    else if (!c->is_primitive()) collect_placeholders(c, out);
  }
}

// The parsed "@Type[role]" placeholders of the templates: the same few texts in every document, so each
// thread parses each once (bounded: {n}-bound roles make the set grow with the group numbers).
const std::optional<mapping::TargetPath>& placeholder_pattern(std::string_view text, std::string& error) {
  struct Parsed {
    std::optional<mapping::TargetPath> path;
    std::string error;
  };
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  thread_local std::unordered_map<std::string, Parsed, Hash, std::equal_to<>> parsed;
  auto it = parsed.find(text);
  if (it == parsed.end()) {
    if (parsed.size() >= 4096) parsed.clear();
    Parsed p;
    p.path = mapping::parse_target_path(text, p.error);
    it = parsed.emplace(std::string(text), std::move(p)).first;
  }
  error = it->second.error;
  return it->second.path;
}

}  // namespace

std::optional<AssembledDocument> DocumentAssembler::assemble(mapping::MappedForm&& form, IssueList& issues) const {
  const mapping::FormTemplate* tpl = form.form_template;
  mapping::ResourceSet& rs = form.resources;
  model::Document& doc = rs.document();
  auto fail = [&](const std::string& message) {
    issues.add(Severity::Error, "processing", message, form.source, form.line, 0, "document-assembly");
    return std::nullopt;
  };
  if (!tpl) return fail("no document template for form " + form.layout->form);
  DocumentIds ids(tpl->uuid_namespace, tpl->form, form.keys);
  const mapping::BuiltResource* composition = rs.find(tpl->composition.resource_type, tpl->composition.role);
  if (!composition) return fail("the input gave no data for " + tpl->composition.resource_label());

  // fullUrls by position in rs.resources() (labelled "Type[role]" for their UUIDs).
  const std::vector<mapping::BuiltResource>& built = rs.resources();
  std::vector<std::string> full_urls;
  full_urls.reserve(built.size());
  for (const mapping::BuiltResource& r : built) full_urls.push_back(ids.urn(r.type + "[" + r.role + "]"));
  auto full_url = [&](const mapping::BuiltResource* r) -> const std::string& {
    return full_urls[static_cast<size_t>(r - built.data())];
  };

  // Sections.
  const definitions::TypeInfo* section_type = nullptr;
  for (const mapping::SectionSpec& spec : tpl->sections) {
    std::vector<const mapping::BuiltResource*> entries;
    for (const mapping::TargetPath& pattern : spec.entries)
      for (const auto& m : rs.match(pattern))
        if (std::find(entries.begin(), entries.end(), m.resource) == entries.end()) entries.push_back(m.resource);
    NarrativeRows rows = narrative_rows(spec, rs);
    if (entries.empty() && rows.empty()) continue;
    if (!section_type) {
      const definitions::TypeInfo* composition_type = rs.types().type("Composition");
      std::string_view choice;
      const definitions::ElementInfo* e = composition_type ? composition_type->find("section", &choice) : nullptr;
      section_type = e ? rs.types().type_of(*e, choice) : nullptr;
      if (!section_type) return fail("template " + tpl->form + ": sections: Composition.section is not defined");
    }
    Node* section = add_object(doc, composition->root, "section", true);
    add_string(doc, section, "title", spec.title.find("{n}") == std::string::npos ? spec.title
                                                                                   : mapping::bind_number(spec.title, {}));
    // The code is template JSON: merged, so its element types come from the definitions.
    JsonValue code;
    code.kind = JsonValue::Kind::Object;
    code.members.emplace_back("code", spec.code);
    std::string error;
    if (!rs.merge(section, section_type, code, {}, error))
      return fail("template " + tpl->form + ": sections: section." + error);
    if (!rows.empty()) {
      Node* text = add_object(doc, section, "text", false);
      add_string(doc, text, "status", "additional");
      add_string(doc, text, "div", narrative_div(rows));
    }
    if (!entries.empty()) {
      for (const mapping::BuiltResource* r : entries)
        add_string(doc, add_object(doc, section, "entry", true), "reference", full_url(r));
    } else {
      Node* coding = add_object(doc, add_object(doc, section, "emptyReason", false), "coding", true);
      add_string(doc, coding, "system", "http://terminology.hl7.org/CodeSystem/list-empty-reason");
      add_string(doc, coding, "code", "unavailable");
    }
  }

  // References: "@Type[role]" → fullUrl; a '*' pattern yields one reference per match; unknown ones go.
  std::vector<Node*> placeholders;
  std::vector<const std::string*> urls;
  for (const mapping::BuiltResource& r : built) {
    placeholders.clear();
    collect_placeholders(r.root, placeholders);
    for (Node* ref : placeholders) {
      std::string error;
      const auto& pattern = placeholder_pattern(ref->text.substr(1), error);
      if (!pattern) return fail("template " + tpl->form + ": bad reference '" + std::string(ref->text) + "': " + error);
      urls.clear();
      for (const auto& m : rs.match(*pattern)) {
        const std::string* url = &full_url(m.resource);
        if (std::find(urls.begin(), urls.end(), url) == urls.end()) urls.push_back(url);
      }
      Node* reference = ref->parent;     // the Reference element
      Node* owner = reference->parent;   // the element holding it
      if (urls.empty()) {
        model::Document::remove(owner, reference);
        // An object left without children (e.g. a backbone holding only this reference) goes too.
        while (owner && !owner->is_resource() && !owner->first_child && owner->parent) {
          Node* up = owner->parent;
          model::Document::remove(up, owner);
          owner = up;
        }
        continue;
      }
      ref->text = doc.arena().copy(*urls[0]);
      Node* prev = reference;
      for (size_t i = 1; i < urls.size(); ++i) {
        Node* copy = doc.make_object(reference->name);
        copy->in_array = true;
        model::Document::append(copy, doc.make_primitive("reference", *urls[i], model::ValueKind::String));
        model::Document::insert_after(owner, prev, copy);
        prev = copy;
      }
    }
  }

  // Bundle.
  const Node* date = composition->root->child("date");
  if (!date || !date->has_value()) return fail("the Composition has no date (map the form's 作成日 to Composition.date)");
  std::string timestamp(date->text);
  if (timestamp.size() == 10) timestamp += "T00:00:00+09:00";
  if (timestamp.size() < 19) return fail("Composition.date must be a full date for the Bundle timestamp");

  std::string bundle_uuid = ids.uuid("Bundle");
  Node* bundle = doc.make_object({});
  bundle->resource_type = doc.arena().copy("Bundle");
  if (!tpl->bundle_profile.empty())
    add_string(doc, add_object(doc, bundle, "meta", false), "profile", tpl->bundle_profile, true);
  Node* identifier = add_object(doc, bundle, "identifier", false);
  add_string(doc, identifier, "system", "urn:ietf:rfc:3986");
  add_string(doc, identifier, "value", "urn:uuid:" + bundle_uuid);
  add_string(doc, bundle, "type", "document");
  add_string(doc, bundle, "timestamp", timestamp);

  std::vector<const mapping::BuiltResource*> order{composition};
  for (const mapping::BuiltResource& r : built)
    if (&r != composition) order.push_back(&r);
  for (const mapping::BuiltResource* r : order) {
    Node* entry = add_object(doc, bundle, "entry", true);
    add_string(doc, entry, "fullUrl", full_url(r));
    model::Document::append(entry, r->root);
  }
  doc.set_root(bundle);

  AssembledDocument out;
  out.bundle_uuid = bundle_uuid;
  out.file_stem = tpl->output_prefix + "-" + bundle_uuid;
  out.bundle = std::move(doc);
  return out;
}

}  // namespace renkei::documents
