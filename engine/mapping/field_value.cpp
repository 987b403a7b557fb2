#include "mapping/field_value.hpp"

#include <algorithm>

#include "text/kana.hpp"
#include "text/wareki.hpp"

namespace renkei::mapping {
namespace {

constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";  // U+3000

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Full-width digits, minus and full stop (U+FF10–FF19, U+FF0D, U+FF0E) → ASCII; other text unchanged.
std::string ascii_digits(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBC) {
      auto c = static_cast<unsigned char>(s[i + 2]);
      if (c >= 0x90 && c <= 0x99) {
        out += static_cast<char>('0' + (c - 0x90));
        i += 3;
        continue;
      }
      if (c == 0x8D || c == 0x8E) {
        out += c == 0x8D ? '-' : '.';
        i += 3;
        continue;
      }
    }
    out += s[i++];
  }
  return out;
}

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
  return s;
}

// Line breaks as LF, so that CSV (CRLF) and XML (normalised by the parser) give the same text.
std::string normalise_newlines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out += '\n';
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Spaces inside a name become single half-width spaces (JP-CLINS R1113 forbids U+3000 in name.text).
std::string normalise_name_spaces(std::string_view s) {
  std::string t = replace_all(std::string(s), kIdeographicSpace, " ");
  std::string out;
  for (char c : t) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

FieldParse error(std::string message) {
  FieldParse r;
  r.status = FieldParse::Status::Error;
  r.error = std::move(message);
  return r;
}

FieldParse value(std::string text) {
  FieldParse r;
  r.status = FieldParse::Status::Value;
  r.value.text = std::move(text);
  return r;
}

// "姓 名" → family 姓, given 名; without a space the whole name is the family name.
FieldParse split_name(std::string name) {
  FieldParse r = value(name);
  size_t space = name.find(' ');
  r.value.family = name.substr(0, space);
  if (space != std::string::npos) r.value.given = name.substr(space + 1);
  return r;
}

FieldParse from_date(const text::DateResult& d) {
  if (d.is_empty()) return {};
  if (d.is_error()) return error(d.error);
  return value(d.value);
}

}  // namespace

std::string_view trim_spaces(std::string_view s) {
  auto is_space_at_front = [&](std::string_view t) -> size_t {
    if (t.empty()) return 0;
    if (t[0] == ' ' || t[0] == '\t' || t[0] == '\r' || t[0] == '\n') return 1;
    if (t.substr(0, 3) == kIdeographicSpace) return 3;
    return 0;
  };
  while (size_t n = is_space_at_front(s)) s.remove_prefix(n);
  while (!s.empty()) {
    char c = s.back();
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      s.remove_suffix(1);
    } else if (s.size() >= 3 && s.substr(s.size() - 3) == kIdeographicSpace) {
      s.remove_suffix(3);
    } else {
      break;
    }
  }
  return s;
}

std::optional<std::string> FieldValue::part(std::string_view name) const {
  if (name.empty()) return text;
  if (name == "family") return family.empty() ? std::nullopt : std::optional(family);
  if (name == "given") return given.empty() ? std::nullopt : std::optional(given);
  if (name == "text") return text;
  if (coding) {
    if (name == "code") return coding->code;
    if (name == "display") return coding->display;
    if (name == "system") return coding->system;
  }
  return std::nullopt;
}

FieldParse parse_field(const FieldSpec& spec, std::string_view raw, const ConceptMapTable& concept_maps) {
  std::string_view trimmed = trim_spaces(raw);
  if (trimmed.empty()) return {};
  if (spec.regex && spec.type != FieldType::Text) {
    std::string ascii = ascii_digits(trimmed);
    if (!std::regex_match(ascii, *spec.regex)) return error("does not match the pattern " + spec.pattern);
  }
  switch (spec.type) {
    case FieldType::Text: {
      std::string text = normalise_newlines(raw);
      if (spec.regex && !std::regex_match(text, *spec.regex)) return error("does not match the pattern " + spec.pattern);
      return value(std::move(text));
    }
    case FieldType::Code: {
      std::string code = ascii_digits(trimmed);
      auto t = concept_maps.translate(spec.concept_map, code);
      if (!t) return error("unknown code (not in ConceptMap " + spec.concept_map + ")");
      FieldParse r = value(t->code);
      r.value.coding = std::move(*t);
      return r;
    }
    case FieldType::Date: {
      std::string d = ascii_digits(trimmed);
      if (!all_digits(d) || d.size() != 8) return error("expected a date YYYYMMDD");
      return from_date(text::parse_date(d));
    }
    case FieldType::WarekiDate:
      return from_date(text::parse_date(trimmed));
    case FieldType::Month: {
      std::string d = ascii_digits(trimmed);
      if (!all_digits(d) || d.size() != 6) return error("expected a month YYYYMM");
      return from_date(text::parse_date(d));
    }
    case FieldType::Time: {
      auto t = text::parse_time(ascii_digits(trimmed));
      if (t.is_empty()) return {};
      if (t.is_error()) return error(t.error);
      return value(t.value);
    }
    case FieldType::Number: {
      static const std::regex number(R"(-?(0|[1-9][0-9]*)(\.[0-9]+)?)");
      std::string n = ascii_digits(trimmed);
      if (!std::regex_match(n, number)) return error("expected a decimal number");
      return value(std::move(n));
    }
    case FieldType::Flag: {
      std::string f = ascii_digits(trimmed);
      if (std::find(spec.true_values.begin(), spec.true_values.end(), f) != spec.true_values.end()) return value("true");
      if (std::find(spec.false_values.begin(), spec.false_values.end(), f) != spec.false_values.end())
        return value("false");
      return error("not one of the flag values");
    }
    case FieldType::Kana: {
      std::string kana = text::hiragana_to_katakana(text::halfwidth_kana_to_fullwidth(trimmed));
      kana = normalise_name_spaces(kana);
      if (!text::is_katakana_name(kana)) return error("フリガナ must be katakana");
      return split_name(std::move(kana));
    }
    case FieldType::PersonName: {
      return split_name(normalise_name_spaces(text::halfwidth_kana_to_fullwidth(trimmed)));
    }
  }
  return error("unsupported field type");
}

}  // namespace renkei::mapping
