#include "definitions/canonical_version.hpp"

#include <algorithm>

namespace renkei::definitions {
namespace {

bool is_numeric(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Compares two dot-separated segments: numbers by value (without overflow, any length),
// a number before a word, words by bytes.
int compare_segment(std::string_view a, std::string_view b) {
  const bool a_numeric = is_numeric(a);
  const bool b_numeric = is_numeric(b);
  if (a_numeric && b_numeric) {
    a.remove_prefix(std::min(a.find_first_not_of('0'), a.size()));
    b.remove_prefix(std::min(b.find_first_not_of('0'), b.size()));
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
    return a.compare(b) < 0 ? -1 : (a.compare(b) > 0 ? 1 : 0);
  }
  if (a_numeric != b_numeric) return a_numeric ? -1 : 1;
  const int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// Compares dot-separated sequences segment by segment; a prefix comes first.
int compare_dotted(std::string_view a, std::string_view b) {
  while (!a.empty() || !b.empty()) {
    if (a.empty()) return -1;
    if (b.empty()) return 1;
    const size_t a_dot = a.find('.');
    const size_t b_dot = b.find('.');
    if (int c = compare_segment(a.substr(0, a_dot), b.substr(0, b_dot)); c != 0) return c;
    a = a_dot == std::string_view::npos ? std::string_view{} : a.substr(a_dot + 1);
    b = b_dot == std::string_view::npos ? std::string_view{} : b.substr(b_dot + 1);
  }
  return 0;
}

}  // namespace

CanonicalReference split_canonical(std::string_view canonical) {
  const size_t bar = canonical.rfind('|');
  if (bar == std::string_view::npos) return {canonical, {}};
  return {canonical.substr(0, bar), canonical.substr(bar + 1)};
}

int compare_versions(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return a.empty() == b.empty() ? 0 : (a.empty() ? -1 : 1);
  // Build metadata ("+build") does not take part in the order.
  a = a.substr(0, a.find('+'));
  b = b.substr(0, b.find('+'));
  const size_t a_dash = a.find('-');
  const size_t b_dash = b.find('-');
  if (int c = compare_dotted(a.substr(0, a_dash), b.substr(0, b_dash)); c != 0) return c;
  const bool a_pre = a_dash != std::string_view::npos;
  const bool b_pre = b_dash != std::string_view::npos;
  if (a_pre != b_pre) return a_pre ? -1 : 1;  // 1.0.0-ballot < 1.0.0
  if (!a_pre) return 0;
  return compare_dotted(a.substr(a_dash + 1), b.substr(b_dash + 1));
}

bool version_matches(std::string_view requested, std::string_view available) {
  if (requested.empty() || requested == "current" || requested == "dev" || requested == "latest") return true;
  if (requested == available) return true;
  if (requested.size() > 2 && requested.substr(requested.size() - 2) == ".x") {
    requested.remove_suffix(2);
    if (requested == available) return true;
  }
  // Only major or major.minor are partial: a full x.y.z request names one version.
  const size_t first_dot = requested.find('.');
  const std::string_view major = requested.substr(0, first_dot);
  if (!is_numeric(major)) return false;
  if (first_dot != std::string_view::npos) {
    const std::string_view minor = requested.substr(first_dot + 1);
    if (!is_numeric(minor)) return false;  // also rejects a third segment
  }
  return available.size() > requested.size() && available.substr(0, requested.size()) == requested &&
         available[requested.size()] == '.';
}

}  // namespace renkei::definitions
