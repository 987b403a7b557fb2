#include "documents/document_assembler.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <map>

#include "definitions/type_model.hpp"
#include "documents/document_ids.hpp"
#include "documents/section_narrative.hpp"

namespace renkei::documents {
namespace {

using mapping::JsonValue;
using model::Node;

JsonValue string_value(std::string text) {
  JsonValue v;
  v.kind = JsonValue::Kind::String;
  v.text = std::move(text);
  return v;
}

JsonValue object() {
  JsonValue v;
  v.kind = JsonValue::Kind::Object;
  return v;
}

JsonValue array() {
  JsonValue v;
  v.kind = JsonValue::Kind::Array;
  return v;
}

// Every primitive `reference` under `n` whose value starts with '@'.
void collect_placeholders(Node* n, std::vector<Node*>& out) {
  for (Node* c = n->first_child; c; c = c->next) {
    if (c->name == "reference" && c->is_primitive() && !c->text.empty() && c->text.front() == '@') out.push_back(c);
    else if (!c->is_primitive()) collect_placeholders(c, out);
  }
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

  std::map<std::string, std::string> full_urls;  // "Type[role]" → urn
  for (const mapping::BuiltResource& r : rs.resources()) {
    std::string label = r.type + "[" + r.role + "]";
    full_urls[label] = ids.urn(label);
  }

  // Sections (built as a fragment and merged, so the element types come from the definitions).
  JsonValue sections = array();
  for (const mapping::SectionSpec& spec : tpl->sections) {
    std::vector<std::string> entries;
    for (const mapping::TargetPath& pattern : spec.entries)
      for (const auto& m : rs.match(pattern)) {
        std::string label = m.resource->type + "[" + m.resource->role + "]";
        if (std::find(entries.begin(), entries.end(), label) == entries.end()) entries.push_back(label);
      }
    NarrativeRows rows = narrative_rows(spec, rs);
    if (entries.empty() && rows.empty()) continue;
    JsonValue section = object();
    section.members.emplace_back("title", string_value(spec.title));
    section.members.emplace_back("code", spec.code);
    if (!rows.empty()) {
      JsonValue text = object();
      text.members.emplace_back("status", string_value("additional"));
      text.members.emplace_back("div", string_value(narrative_div(rows)));
      section.members.emplace_back("text", std::move(text));
    }
    if (!entries.empty()) {
      JsonValue refs = array();
      for (const std::string& label : entries) {
        JsonValue ref = object();
        ref.members.emplace_back("reference", string_value(full_urls[label]));
        refs.items.push_back(std::move(ref));
      }
      section.members.emplace_back("entry", std::move(refs));
    } else {
      JsonValue reason = object(), coding = object(), codings = array();
      coding.members.emplace_back("system", string_value("http://terminology.hl7.org/CodeSystem/list-empty-reason"));
      coding.members.emplace_back("code", string_value("unavailable"));
      codings.items.push_back(std::move(coding));
      reason.members.emplace_back("coding", std::move(codings));
      section.members.emplace_back("emptyReason", std::move(reason));
    }
    sections.items.push_back(std::move(section));
  }
  if (!sections.items.empty()) {
    JsonValue fragment = object();
    fragment.members.emplace_back("section", std::move(sections));
    std::string error;
    if (!rs.merge(composition->root, rs.types().type("Composition"), fragment, {}, error))
      return fail("template " + tpl->form + ": sections: " + error);
  }

  // References: "@Type[role]" → fullUrl; a '*' pattern yields one reference per match; unknown ones go.
  for (const mapping::BuiltResource& r : rs.resources()) {
    std::vector<Node*> placeholders;
    collect_placeholders(r.root, placeholders);
    for (Node* ref : placeholders) {
      std::string error;
      auto pattern = mapping::parse_target_path(ref->text.substr(1), error);
      if (!pattern) return fail("template " + tpl->form + ": bad reference '" + std::string(ref->text) + "': " + error);
      std::vector<std::string> urls;
      for (const auto& m : rs.match(*pattern)) {
        std::string url = full_urls[m.resource->type + "[" + m.resource->role + "]"];
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
      ref->text = doc.arena().copy(urls[0]);
      Node* prev = reference;
      for (size_t i = 1; i < urls.size(); ++i) {
        Node* copy = doc.make_object(reference->name);
        copy->in_array = true;
        model::Document::append(copy, doc.make_primitive("reference", urls[i], model::ValueKind::String));
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
  JsonValue head = object();
  if (!tpl->bundle_profile.empty()) {
    JsonValue meta = object(), profiles = array();
    profiles.items.push_back(string_value(tpl->bundle_profile));
    meta.members.emplace_back("profile", std::move(profiles));
    head.members.emplace_back("meta", std::move(meta));
  }
  JsonValue identifier = object();
  identifier.members.emplace_back("system", string_value("urn:ietf:rfc:3986"));
  identifier.members.emplace_back("value", string_value("urn:uuid:" + bundle_uuid));
  head.members.emplace_back("identifier", std::move(identifier));
  head.members.emplace_back("type", string_value("document"));
  head.members.emplace_back("timestamp", string_value(timestamp));
  std::string error;
  if (!rs.merge(bundle, rs.types().type("Bundle"), head, {}, error)) return fail("Bundle: " + error);

  std::vector<const mapping::BuiltResource*> order{composition};
  for (const mapping::BuiltResource& r : rs.resources())
    if (&r != composition) order.push_back(&r);
  for (const mapping::BuiltResource* r : order) {
    Node* entry = doc.make_object("entry");
    entry->in_array = true;
    model::Document::append(
        entry, doc.make_primitive("fullUrl", full_urls[r->type + "[" + r->role + "]"], model::ValueKind::String));
    model::Document::append(entry, r->root);
    model::Document::append(bundle, entry);
  }
  doc.set_root(bundle);

  AssembledDocument out;
  out.bundle_uuid = bundle_uuid;
  out.file_stem = tpl->output_prefix + "-" + bundle_uuid;
  out.bundle = std::move(doc);
  return out;
}

}  // namespace renkei::documents
