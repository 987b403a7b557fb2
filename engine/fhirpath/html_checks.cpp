#include "fhirpath/html_checks.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
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

// ASCII lower case (what std::tolower does in the C locale, without a call per character).
std::string lower(std::string_view s) {
  std::string r(s);
  for (char& c : r)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return r;
}

// A tag or attribute name in ASCII lower case, kept on the stack (this runs per tag): names
// longer than the buffer are kept only in part and flagged, which is enough, as no allowed
// name is that long and the prefix tests ("on", "xmlns") need only the start.
class LowerName {
 public:
  explicit LowerName(std::string_view s) : size_(s.size()) {
    const size_t kept = std::min(s.size(), kCapacity);
    for (size_t i = 0; i < kept; ++i) {
      const char c = s[i];
      text_[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
  }
  std::string_view prefix() const { return {text_.data(), std::min(size_, kCapacity)}; }
  bool complete() const { return size_ <= kCapacity; }
  bool empty() const { return size_ == 0; }
  bool operator==(std::string_view other) const { return complete() && prefix() == other; }

 private:
  static constexpr size_t kCapacity = 24;
  std::array<char, kCapacity> text_{};
  size_t size_;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

// The first eight bytes of a name as one integer: names are short and this runs per tag and
// attribute, so the lists are searched as sorted integers, and compared as strings only on a hit.
constexpr uint64_t prefix_key(std::string_view s) {
  uint64_t k = 0;
  for (size_t i = 0; i < s.size() && i < 8; ++i) k |= uint64_t{static_cast<unsigned char>(s[i])} << (8 * i);
  return k;
}

template <size_t N>
class NameSet {
 public:
  constexpr explicit NameSet(const std::array<std::string_view, N>& names) {
    for (size_t i = 0; i < N; ++i) sorted_[i] = {prefix_key(names[i]), names[i]};
    std::sort(sorted_.begin(), sorted_.end());
  }
  bool contains(const LowerName& name) const {
    if (!name.complete()) return false;  // longer than any listed name
    const std::string_view s = name.prefix();
    const uint64_t k = prefix_key(s);
    auto it = std::lower_bound(sorted_.begin(), sorted_.end(), k,
                               [](const std::pair<uint64_t, std::string_view>& e, uint64_t key) { return e.first < key; });
    for (; it != sorted_.end() && it->first == k; ++it)
      if (it->second == s) return true;
    return false;
  }

 private:
  std::array<std::pair<uint64_t, std::string_view>, N> sorted_{};
};

constexpr NameSet kElementSet(kElements);
constexpr NameSet kAttributeSet(kAttributes);

// Strips a namespace prefix ("xhtml:div" -> "div"), keeping xml:lang intact for attributes.
std::string_view local_name(std::string_view n) {
  if (n.starts_with("xml:") || n.starts_with("xmlns")) return n;
  auto colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

}  // namespace

bool narrative_is_safe(std::string_view x) {
  bool first = true;
  size_t i = 0;
  while (i < x.size()) {
    if (x[i] != '<') {  // text: only markup is checked
      i = x.find('<', i);
      if (i == std::string_view::npos) break;
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
      i = end + 3;
      continue;
    }
    bool closing = x.substr(i, 2) == "</";
    size_t p = i + (closing ? 2 : 1);
    size_t name_start = p;
    while (p < x.size() && !is_space(x[p]) && x[p] != '>' && x[p] != '/') ++p;
    const LowerName name(local_name(x.substr(name_start, p - name_start)));
    if (!kElementSet.contains(name)) return false;
    if (first && (closing || name != "div")) return false;
    first = false;
    // Attributes.
    for (;;) {
      while (p < x.size() && is_space(x[p])) ++p;
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
      while (p < x.size() && x[p] != '=' && x[p] != '>' && !is_space(x[p])) ++p;
      const LowerName attr(local_name(x.substr(a, p - a)));
      if (attr.empty()) return false;
      std::string_view value;
      while (p < x.size() && is_space(x[p])) ++p;
      if (p < x.size() && x[p] == '=') {
        ++p;
        while (p < x.size() && is_space(x[p])) ++p;
        if (p >= x.size() || (x[p] != '"' && x[p] != '\'')) return false;
        char q = x[p];
        size_t end = x.find(q, p + 1);
        if (end == std::string_view::npos) return false;
        value = x.substr(p + 1, end - p - 1);
        p = end + 1;
      }
      if (attr.prefix().starts_with("on")) return false;  // event handlers
      if (!attr.prefix().starts_with("xmlns") && !kAttributeSet.contains(attr)) return false;
      if (attr == "href" || attr == "src") {
        std::string url = lower(value);
        url.erase(std::remove_if(url.begin(), url.end(), is_space), url.end());
        if (url.starts_with("javascript:")) return false;
      }
    }
    i = p;
  }
  // Content is txt-2's business: the HL7 validator's htmlChecks checks names only, and an
  // empty narrative is reported once, by txt-2.
  return !first;
}

}  // namespace renkei::fhirpath
