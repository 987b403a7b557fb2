#include "fhirpath/html_checks.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace renkei::fhirpath {
namespace {

constexpr std::array<std::string_view, 52> kElements{
    "a",  "abbr", "acronym", "b",  "big", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "dfn", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre",
    "q", "samp", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "tt", "ul", "var", "s", "u", "del", "ins"};

constexpr std::array<std::string_view, 42> kAttributes{
    "title", "style", "class", "id", "lang", "xml:lang", "dir", "accesskey", "tabindex", "href", "name", "src",
    "alt", "colspan", "rowspan", "span", "width", "height", "border", "cellpadding", "cellspacing", "align",
    "valign", "char", "charoff", "abbr", "axis", "headers", "scope", "summary", "frame", "rules", "xmlns",
    "start", "type", "value", "compact", "nowrap", "rel", "rev", "hreflang", "cite"};

std::string lower(std::string_view s) {
  std::string r(s);
  std::transform(r.begin(), r.end(), r.begin(), [](unsigned char c) { return std::tolower(c); });
  return r;
}

bool contains(auto const& list, std::string_view s) { return std::find(list.begin(), list.end(), s) != list.end(); }

// Strips a namespace prefix ("xhtml:div" -> "div"), keeping xml:lang intact for attributes.
std::string_view local_name(std::string_view n) {
  if (n.starts_with("xml:") || n.starts_with("xmlns")) return n;
  auto colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

}  // namespace

bool narrative_is_safe(std::string_view x) {
  bool has_content = false;
  bool first = true;
  size_t i = 0;
  while (i < x.size()) {
    if (x[i] != '<') {
      if (!std::isspace(static_cast<unsigned char>(x[i]))) has_content = true;
      ++i;
      continue;
    }
    if (x.substr(i, 4) == "<!--") {
      size_t end = x.find("-->", i + 4);
      if (end == std::string_view::npos) return false;
      i = end + 3;
      continue;
    }
    if (x.substr(i, 2) == "<?" || x.substr(i, 2) == "<!") {
      if (x.substr(i, 9) != "<![CDATA[") return false;  // no DOCTYPE or processing instructions
      size_t end = x.find("]]>", i);
      if (end == std::string_view::npos) return false;
      has_content = true;
      i = end + 3;
      continue;
    }
    bool closing = x.substr(i, 2) == "</";
    size_t p = i + (closing ? 2 : 1);
    size_t name_start = p;
    while (p < x.size() && !std::isspace(static_cast<unsigned char>(x[p])) && x[p] != '>' && x[p] != '/') ++p;
    std::string name = lower(local_name(x.substr(name_start, p - name_start)));
    if (!contains(kElements, std::string_view(name))) return false;
    if (first && (closing || name != "div")) return false;
    first = false;
    if (name == "img") has_content = true;
    // Attributes.
    for (;;) {
      while (p < x.size() && std::isspace(static_cast<unsigned char>(x[p]))) ++p;
      if (p >= x.size()) return false;
      if (x[p] == '>') {
        ++p;
        break;
      }
      if (x[p] == '/' && p + 1 < x.size() && x[p + 1] == '>') {
        p += 2;
        break;
      }
      if (closing) return false;
      size_t a = p;
      while (p < x.size() && x[p] != '=' && x[p] != '>' && !std::isspace(static_cast<unsigned char>(x[p]))) ++p;
      std::string attr = lower(local_name(x.substr(a, p - a)));
      if (attr.empty()) return false;
      std::string value;
      while (p < x.size() && std::isspace(static_cast<unsigned char>(x[p]))) ++p;
      if (p < x.size() && x[p] == '=') {
        ++p;
        while (p < x.size() && std::isspace(static_cast<unsigned char>(x[p]))) ++p;
        if (p >= x.size() || (x[p] != '"' && x[p] != '\'')) return false;
        char q = x[p];
        size_t end = x.find(q, p + 1);
        if (end == std::string_view::npos) return false;
        value = lower(x.substr(p + 1, end - p - 1));
        p = end + 1;
      }
      if (attr.starts_with("on")) return false;  // event handlers
      if (!attr.starts_with("xmlns") && !contains(kAttributes, std::string_view(attr))) return false;
      std::string trimmed = value;
      trimmed.erase(std::remove_if(trimmed.begin(), trimmed.end(), [](unsigned char c) { return std::isspace(c); }),
                    trimmed.end());
      if ((attr == "href" || attr == "src") && trimmed.starts_with("javascript:")) return false;
    }
    i = p;
  }
  // Content is txt-2's business: the HL7 validator's htmlChecks checks names only, and an
  // empty narrative is reported once, by txt-2.
  (void)has_content;
  return !first;
}

}  // namespace renkei::fhirpath
