#include "documents/section_narrative.hpp"

#include <algorithm>

namespace renkei::documents {
namespace {

std::string escape_xhtml(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\n': out += "<br/>"; break;
      case '\r': break;
      default: out += c;
    }
  }
  return out;
}

void add_values(const mapping::ResourceSet& resources, const mapping::TargetPath& path, std::vector<std::string>& out) {
  for (const auto& m : resources.match(path))
    for (std::string& t : display_texts(*m.node)) out.push_back(std::move(t));
}

}  // namespace

std::vector<std::string> display_texts(const model::Node& node) {
  std::vector<std::string> out;
  if (node.is_primitive()) {
    if (node.has_value()) out.emplace_back(node.text);
    return out;
  }
  for (const model::Node* c = node.first_child; c; c = c->next) {
    if (c->name == "coding") {
      if (const model::Node* d = c->child("display"); d && d->has_value()) out.emplace_back(d->text);
      else if (const model::Node* code = c->child("code"); code && code->has_value()) out.emplace_back(code->text);
    }
  }
  if (!out.empty()) return out;
  for (std::string_view slot : {"display", "text", "value"})
    if (const model::Node* d = node.child(slot); d && d->has_value()) {
      out.emplace_back(d->text);
      break;
    }
  return out;
}

NarrativeRows narrative_rows(const mapping::SectionSpec& section, const mapping::ResourceSet& resources) {
  NarrativeRows rows;
  for (const mapping::NarrativeRule& rule : section.narrative) {
    std::vector<std::string> bindings;
    if (!rule.repeat) {
      bindings.emplace_back();
    } else {
      for (const auto& m : resources.match(*rule.repeat))
        if (std::find(bindings.begin(), bindings.end(), m.binding) == bindings.end()) bindings.push_back(m.binding);
    }
    for (const std::string& n : bindings) {
      for (const mapping::NarrativeRow& row : rule.rows) {
        std::vector<std::string> values;
        if (row.path.has_number()) add_values(resources, row.path.bind(n), values);
        else add_values(resources, row.path, values);
        if (!values.empty()) rows.emplace_back(mapping::bind_number(row.label, n), std::move(values));
      }
    }
  }
  return rows;
}

std::string narrative_div(const NarrativeRows& rows) {
  std::string div = "<div xmlns=\"http://www.w3.org/1999/xhtml\"><table><tbody>";
  for (const auto& [label, values] : rows) {
    div += "<tr><th>" + escape_xhtml(label) + "</th><td>";
    for (size_t i = 0; i < values.size(); ++i) {
      if (i) div += "<br/>";
      div += escape_xhtml(values[i]);
    }
    div += "</td></tr>";
  }
  return div + "</tbody></table></div>";
}

}  // namespace renkei::documents
