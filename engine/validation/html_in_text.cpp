#include "validation/html_in_text.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace renkei::validation {

namespace {

// HTML element names (HTML 4 and 5, including obsolete ones browsers still render).
constexpr std::array<std::string_view, 117> kHtmlElements = {
    "a",        "abbr",     "acronym",  "address",  "applet",   "area",     "article",  "aside",    "audio",
    "b",        "base",     "basefont", "bdi",      "bdo",      "big",      "blockquote", "body",   "br",
    "button",   "canvas",   "caption",  "center",   "cite",     "code",     "col",      "colgroup", "data",
    "datalist", "dd",       "del",      "details",  "dfn",      "dialog",   "dir",      "div",      "dl",
    "dt",       "em",       "embed",    "fieldset", "figcaption", "figure", "font",     "footer",   "form",
    "frame",    "frameset", "h1",       "h2",       "h3",       "h4",       "h5",       "h6",       "head",
    "header",   "hr",       "html",     "i",        "iframe",   "img",      "input",    "ins",      "kbd",
    "label",    "legend",   "li",       "link",     "main",     "map",      "mark",     "meta",     "meter",
    "nav",      "noframes", "noscript", "object",   "ol",       "optgroup", "option",   "output",   "p",
    "param",    "picture",  "pre",      "progress", "q",        "rp",       "rt",       "ruby",     "s",
    "samp",     "script",   "section",  "select",   "small",    "source",   "span",     "strike",   "strong",
    "style",    "sub",      "summary",  "sup",      "svg",      "table",    "tbody",    "td",       "template",
    "textarea", "tfoot",    "th",       "thead",    "time",     "title",    "tr",       "track",    "tt",
};

bool is_html_element(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  return std::find(kHtmlElements.begin(), kHtmlElements.end(), lower) != kHtmlElements.end();
}

}  // namespace

bool contains_html_tag(std::string_view text) {
  for (size_t open = text.find('<'); open != std::string_view::npos; open = text.find('<', open + 1)) {
    const size_t close = text.find('>', open + 1);
    if (close == std::string_view::npos) return false;
    std::string_view tag = text.substr(open + 1, close - open - 1);
    if (!tag.empty() && tag.front() == '/') tag.remove_prefix(1);
    const size_t name_end = tag.find_first_of(" \t\r\n/");
    if (is_html_element(tag.substr(0, name_end))) return true;
  }
  return false;
}

}  // namespace renkei::validation
