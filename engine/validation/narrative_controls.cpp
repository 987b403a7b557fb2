#include "validation/narrative_controls.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>

#include "model/document.hpp"

namespace renkei::validation {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Drops a namespace prefix from an element name ("xhtml:div" → "div").
std::string_view local_name(std::string_view n) {
  size_t colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

struct Tag {
  std::string_view name;
  bool closing = false;
  bool self_closing = false;
  std::string_view class_attr;
  std::string_view lang;  // lang or xml:lang
};

// Reads the tag starting at x[i] == '<' up to its '>'; returns the position after it.
size_t read_tag(std::string_view x, size_t i, Tag& tag) {
  size_t p = i + 1;
  if (p < x.size() && x[p] == '/') {
    tag.closing = true;
    ++p;
  }
  size_t start = p;
  while (p < x.size() && !is_space(x[p]) && x[p] != '>' && x[p] != '/') ++p;
  tag.name = local_name(x.substr(start, p - start));
  while (p < x.size() && x[p] != '>') {
    if (is_space(x[p])) {
      ++p;
      continue;
    }
    if (x[p] == '/') {
      tag.self_closing = true;
      ++p;
      continue;
    }
    size_t name_start = p;
    while (p < x.size() && x[p] != '=' && x[p] != '>' && !is_space(x[p]) && x[p] != '/') ++p;
    std::string_view attr = x.substr(name_start, p - name_start);
    while (p < x.size() && is_space(x[p])) ++p;
    std::string_view value;
    if (p < x.size() && x[p] == '=') {
      ++p;
      while (p < x.size() && is_space(x[p])) ++p;
      if (p < x.size() && (x[p] == '"' || x[p] == '\'')) {
        char quote = x[p++];
        size_t end = x.find(quote, p);
        if (end == std::string_view::npos) end = x.size();
        value = x.substr(p, end - p);
        p = end + 1;
      }
    }
    if (attr == "class") tag.class_attr = value;
    if (attr == "lang" || attr == "xml:lang") tag.lang = value;
  }
  return p + 1;
}

// The class tokens that say where narrative text comes from: the extension's boilerplate,
// generated and original, and the Narrative.status codes extensions and additional.
bool names_a_source(std::string_view class_attr) {
  static constexpr std::string_view kSources[] = {"boilerplate", "generated", "original", "extensions", "additional"};
  while (!class_attr.empty()) {
    size_t start = 0;
    while (start < class_attr.size() && is_space(class_attr[start])) ++start;
    size_t end = start;
    while (end < class_attr.size() && !is_space(class_attr[end])) ++end;
    std::string_view token = class_attr.substr(start, end - start);
    if (std::find(std::begin(kSources), std::end(kSources), token) != std::end(kSources)) return true;
    class_attr.remove_prefix(end);
  }
  return false;
}

struct Scan {
  std::vector<std::string_view> unsourced_text;  // text with no source class on the way up
  std::set<std::string> section_languages;       // languages of the language sections
};

Scan scan(std::string_view x) {
  Scan out;
  std::vector<bool> sourced;  // per open element: it or an ancestor names a source
  size_t i = 0;
  while (i < x.size()) {
    if (x[i] != '<') {
      size_t end = std::min(x.find('<', i), x.size());
      std::string_view text = trim(x.substr(i, end - i));
      if (!text.empty() && !sourced.empty() && !sourced.back()) out.unsourced_text.push_back(text);
      i = end;
      continue;
    }
    if (x.substr(i, 4) == "<!--") {
      size_t end = x.find("-->", i + 4);
      i = end == std::string_view::npos ? x.size() : end + 3;
      continue;
    }
    if (x.substr(i, 9) == "<![CDATA[") {
      size_t end = x.find("]]>", i);
      std::string_view text = trim(x.substr(i + 9, (end == std::string_view::npos ? x.size() : end) - i - 9));
      if (!text.empty() && !sourced.empty() && !sourced.back()) out.unsourced_text.push_back(text);
      i = end == std::string_view::npos ? x.size() : end + 3;
      continue;
    }
    if (x.substr(i, 2) == "<?" || x.substr(i, 2) == "<!") {
      size_t end = x.find('>', i);
      i = end == std::string_view::npos ? x.size() : end + 1;
      continue;
    }
    Tag tag;
    i = read_tag(x, i, tag);
    if (tag.closing) {
      if (!sourced.empty()) sourced.pop_back();
      continue;
    }
    // A child div of the root div with a language is a language section.
    if (sourced.size() == 1 && tag.name == "div" && !tag.lang.empty()) out.section_languages.emplace(tag.lang);
    bool s = (!sourced.empty() && sourced.back()) || names_a_source(tag.class_attr);
    if (!tag.self_closing) sourced.push_back(s);
  }
  return out;
}

}  // namespace

std::vector<std::string> check_narrative_controls(std::string_view xhtml, const NarrativeControls& controls,
                                                  std::string_view resource_language, bool show_values) {
  std::vector<std::string> findings;
  if (controls.empty()) return findings;
  Scan s = scan(xhtml);
  if (!controls.source_level.empty() && controls.source_level != "success")
    for (std::string_view text : s.unsourced_text)
      findings.push_back(fmt::format(
          "The xhtml node at {} does not have a class attribute to indicate its source (boilerplate, generated, or "
          "original) and this is required",
          show_values ? fmt::format("'{}'", text.substr(0, 60)) : std::string("a text node")));
  for (const std::string& code : controls.languages) {
    if (code == "_no") {
      if (!s.section_languages.empty())
        findings.push_back(fmt::format(
            "The xhtml has some language sections ({}), but language sections are prohibited in this context",
            fmt::join(s.section_languages, ", ")));
    } else if (code == "_yes") {
      if (s.section_languages.empty())
        findings.emplace_back("The xhtml has no language sections, but language sections are required in this context");
    } else {
      std::string_view wanted = code == "_resource" ? resource_language : std::string_view(code);
      if (wanted.empty()) continue;  // _resource on a resource without a language
      if (!s.section_languages.contains(std::string(wanted)))
        findings.push_back(fmt::format(
            "The xhtml has no language section for '{}'{}, but one is required in this context", wanted,
            code == "_resource" ? " (the resource's language)" : ""));
    }
  }
  return findings;
}

void check_narrative_controls(const model::Node& narrative, const NarrativeControls& controls,
                              std::string_view profile_url, bool show_values, IssueList& issues) {
  const model::Node* div = narrative.child("div");
  if (!div || div->value_kind != model::ValueKind::Xhtml) return;
  const model::Node* resource = narrative.parent;
  while (resource && !resource->is_resource()) resource = resource->parent;
  const model::Node* language = resource ? resource->child("language") : nullptr;
  for (const std::string& finding : check_narrative_controls(
           div->text, controls, language && language->has_value() ? language->text : std::string_view{}, show_values))
    issues.add(Severity::Error, "business-rule", fmt::format("{} by the profile {}", finding, profile_url),
               model::Document::path_of(&narrative), narrative.line, narrative.column, "narrative-control");
}

}  // namespace renkei::validation
