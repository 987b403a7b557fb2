#include "mapping/mapping_catalog.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "common/file_util.hpp"

namespace renkei::mapping {
namespace fs = std::filesystem;

namespace {

std::vector<std::string> json_files(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().extension() == ".json") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<FieldType> parse_field_type(std::string_view s) {
  if (s == "text") return FieldType::Text;
  if (s == "code") return FieldType::Code;
  if (s == "date") return FieldType::Date;
  if (s == "wareki-date") return FieldType::WarekiDate;
  if (s == "month") return FieldType::Month;
  if (s == "time") return FieldType::Time;
  if (s == "number") return FieldType::Number;
  if (s == "flag") return FieldType::Flag;
  if (s == "kana") return FieldType::Kana;
  if (s == "person-name") return FieldType::PersonName;
  return std::nullopt;
}

std::vector<std::string> string_list(const JsonValue* v) {
  std::vector<std::string> out;
  if (!v) return out;
  if (v->is_string()) out.push_back(v->text);
  for (const JsonValue& i : v->items)
    if (i.is_string() || i.kind == JsonValue::Kind::Number) out.push_back(i.text);
  return out;
}

}  // namespace

std::string_view to_string(InputKind k) {
  switch (k) {
    case InputKind::Csv: return "CSV without header";
    case InputKind::CsvWithHeader: return "CSV with header";
    case InputKind::Xml: return "XML";
  }
  return "?";
}

std::string_view to_string(FieldType t) {
  switch (t) {
    case FieldType::Text: return "text";
    case FieldType::Code: return "code";
    case FieldType::Date: return "date";
    case FieldType::WarekiDate: return "wareki-date";
    case FieldType::Month: return "month";
    case FieldType::Time: return "time";
    case FieldType::Number: return "number";
    case FieldType::Flag: return "flag";
    case FieldType::Kana: return "kana";
    case FieldType::PersonName: return "person-name";
  }
  return "?";
}

const FieldSpec* FormLayout::field(std::string_view id) const {
  for (const FieldSpec& f : fields)
    if (f.id == id) return &f;
  return nullptr;
}

const GroupSpec* FormLayout::group(std::string_view id) const {
  for (const GroupSpec& g : groups)
    if (g.id == id) return &g;
  return nullptr;
}

bool FormLayout::accepts_version(std::string_view v) const {
  return std::find(versions.begin(), versions.end(), v) != versions.end();
}

std::string FormLayout::describe() const {
  std::string out = layout + " (" + title + ", " + std::string(to_string(kind));
  if (!versions.empty()) {
    out += ", version";
    for (size_t i = 0; i < versions.size(); ++i) out += (i ? "/" : " ") + versions[i];
  }
  if (column_count) out += ", " + std::to_string(column_count) + " columns";
  if (!xml_root.empty()) out += ", root <" + xml_root + ">";
  return out + ")";
}

std::optional<JsonValue> MappingCatalog::read_json_file(const std::string& path, IssueList& issues) const {
  std::string text;
  try {
    text = read_file(path);
  } catch (const std::exception& e) {
    issues.add(Severity::Error, "not-found", e.what(), path, 0, 0, "mapping-file");
    return std::nullopt;
  }
  std::string error;
  auto json = parse_json_value(text, error);
  if (!json) {
    issues.add(Severity::Error, "structure", "not valid JSON: " + error, path, 0, 0, "mapping-file");
    return std::nullopt;
  }
  std::vector<std::string> unknown;
  expand_variables(*json, variables_, unknown);
  for (const auto& name : unknown)
    issues.add(Severity::Error, "not-found", "unknown variable ${" + name + "} (define it in variables.json)", path, 0,
               0, "mapping-variable");
  if (!unknown.empty()) return std::nullopt;
  return json;
}

bool MappingCatalog::load_layout(const JsonValue& j, const std::string& file, IssueList& issues,
                                 FormLayout& out) const {
  size_t errors_before = issues.count(Severity::Error);
  auto error = [&](const std::string& message) {
    issues.add(Severity::Error, "invalid", message, file, 0, 0, "mapping-layout");
  };
  out.file = file;
  out.form = j.string_or("form");
  out.layout = j.string_or("layout");
  out.title = j.string_or("title");
  if (out.form.empty() || out.layout.empty()) error("a layout needs \"form\" and \"layout\"");
  const JsonValue* input = j.get("input");
  if (!input || !input->is_object()) {
    error("a layout needs an \"input\" object");
    return false;
  }
  std::string kind = input->string_or("kind");
  if (kind == "csv") out.kind = InputKind::Csv;
  else if (kind == "csv-header") out.kind = InputKind::CsvWithHeader;
  else if (kind == "xml") out.kind = InputKind::Xml;
  else error("input.kind must be csv, csv-header or xml");
  out.versions = string_list(input->get("versions"));
  out.version_source = input->string_or("version_source", out.kind == InputKind::Csv ? "1" : "");
  if (const JsonValue* c = input->get("columns"); c && c->kind == JsonValue::Kind::Number)
    out.column_count = std::stoul(c->text);
  out.file_prefixes = string_list(input->get("file_prefixes"));
  out.xml_root = input->string_or("root");
  out.xml_record = input->string_or("record");
  if (out.kind == InputKind::Xml && out.xml_record.empty()) error("XML input needs input.record (the record element)");
  if (out.kind == InputKind::Csv && out.column_count == 0) error("CSV input needs input.columns");
  out.key_fields = string_list(j.get("keys"));
  if (out.key_fields.empty()) error("\"keys\" must name the fields that identify one form instance");

  if (const JsonValue* groups = j.get("groups")) {
    for (const JsonValue& g : groups->items) {
      GroupSpec spec{g.string_or("id"), g.string_or("label"), g.string_or("number"), g.string_or("element")};
      if (spec.id.empty() || spec.number_source.empty()) error("a group needs \"id\" and \"number\"");
      if (out.kind == InputKind::Xml && spec.xml_element.empty())
        error("group " + spec.id + ": XML groups need \"element\"");
      out.groups.push_back(std::move(spec));
    }
  }
  const JsonValue* fields = j.get("fields");
  if (!fields || !fields->is_array()) {
    error("a layout needs a \"fields\" array");
    return false;
  }
  for (const JsonValue& f : fields->items) {
    FieldSpec spec;
    spec.id = f.string_or("id");
    spec.label = f.string_or("label", spec.id);
    spec.source = f.string_or("source");
    if (const JsonValue* s = f.get("source"); s && s->kind == JsonValue::Kind::Number) spec.source = s->text;
    std::string where = "field " + (spec.id.empty() ? std::string("?") : spec.id);
    if (spec.id.empty() || spec.source.empty()) error(where + ": needs \"id\" and \"source\"");
    if (out.field(spec.id)) error(where + ": defined twice");
    auto type = parse_field_type(f.string_or("type", "text"));
    if (!type) error(where + ": unknown type '" + f.string_or("type") + "'");
    else spec.type = *type;
    spec.required = f.bool_or("required", false);
    spec.pattern = f.string_or("pattern");
    if (!spec.pattern.empty()) {
      try {
        spec.regex = std::make_shared<const std::regex>(spec.pattern, std::regex::ECMAScript);
      } catch (const std::regex_error&) {
        error(where + ": pattern is not a valid regular expression");
      }
    }
    spec.concept_map = f.string_or("concept_map");
    if (spec.type == FieldType::Code) {
      if (spec.concept_map.empty()) error(where + ": a code field needs \"concept_map\"");
      else if (!concept_maps_.find(spec.concept_map)) error(where + ": unknown ConceptMap " + spec.concept_map);
    }
    spec.true_values = string_list(f.get("true"));
    spec.false_values = string_list(f.get("false"));
    if (spec.type == FieldType::Flag && (spec.true_values.empty() || spec.false_values.empty()))
      error(where + ": a flag field needs \"true\" and \"false\" value lists");
    spec.group = f.string_or("group");
    if (!spec.group.empty() && !out.group(spec.group)) error(where + ": unknown group '" + spec.group + "'");
    if (const JsonValue* to = f.get("to")) {
      std::vector<const JsonValue*> items;
      if (to->is_array())
        for (const JsonValue& t : to->items) items.push_back(&t);
      else
        items.push_back(to);
      for (const JsonValue* t : items) {
        Destination d;
        std::string path_text = t->is_string() ? t->text : t->string_or("path");
        if (t->is_object()) {
          d.part = t->string_or("part");
          d.format = t->string_or("format");
        }
        std::string perr;
        auto path = parse_target_path(path_text, perr);
        if (!path) {
          error(where + ": destination '" + path_text + "': " + perr);
          continue;
        }
        if (spec.group.empty() && path_text.find("{n}") != std::string::npos)
          error(where + ": {n} in a destination of a field outside a group");
        d.path = std::move(*path);
        spec.to.push_back(std::move(d));
      }
    }
    out.fields.push_back(std::move(spec));
  }
  if (const JsonValue* checks = j.get("checks")) {
    for (const JsonValue& c : checks->items) {
      std::string cerr;
      if (auto check = parse_record_check(c, out, cerr)) out.checks.push_back(std::move(*check));
      else error(cerr);
    }
  }
  for (const std::string& k : out.key_fields) {
    const FieldSpec* f = out.field(k);
    if (!f) error("key '" + k + "' is not a field");
    else if (!f->group.empty()) error("key '" + k + "' is a field of a repeating group");
  }
  if (!form_template(out.form)) error("no document template for form '" + out.form + "' in templates/");
  return issues.count(Severity::Error) == errors_before;
}

bool MappingCatalog::load_template(const JsonValue& j, const std::string& file, IssueList& issues,
                                   FormTemplate& out) const {
  size_t errors_before = issues.count(Severity::Error);
  auto error = [&](const std::string& message) {
    issues.add(Severity::Error, "invalid", message, file, 0, 0, "mapping-template");
  };
  auto path_of = [&](const std::string& text, const std::string& where) -> TargetPath {
    std::string perr;
    auto p = parse_target_path(text, perr);
    if (!p) {
      error(where + ": '" + text + "': " + perr);
      return {};
    }
    return *p;
  };
  out.file = file;
  out.form = j.string_or("form");
  out.title = j.string_or("title");
  out.uuid_namespace = j.string_or("uuid_namespace");
  out.bundle_profile = j.string_or("bundle_profile");
  out.output_prefix = j.string_or("output_prefix", out.form);
  if (out.form.empty() || out.uuid_namespace.empty()) error("a template needs \"form\" and \"uuid_namespace\"");
  out.composition = path_of(j.string_or("composition", "Composition[composition]"), "composition");
  if (const JsonValue* fixed = j.get("fixed")) {
    for (const JsonValue& f : fixed->items) {
      const JsonValue* value = f.get("value");
      if (!value || !value->is_object()) {
        error("fixed: each item needs \"at\" and an object \"value\"");
        continue;
      }
      out.fixed.push_back(FixedFragment{path_of(f.string_or("at"), "fixed.at"), *value});
    }
  }
  if (const JsonValue* sections = j.get("sections")) {
    for (const JsonValue& s : sections->items) {
      SectionSpec spec;
      spec.title = s.string_or("title");
      if (const JsonValue* code = s.get("code")) spec.code = *code;
      if (spec.title.empty() || !spec.code.is_object()) error("a section needs \"title\" and \"code\"");
      for (const std::string& e : string_list(s.get("entries"))) spec.entries.push_back(path_of(e, "section entry"));
      if (const JsonValue* narrative = s.get("narrative")) {
        for (const JsonValue& r : narrative->items) {
          NarrativeRule rule;
          std::string repeat = r.string_or("repeat");
          if (!repeat.empty()) rule.repeat = path_of(repeat, "narrative repeat");
          auto add_row = [&](const JsonValue& row) {
            rule.rows.push_back(NarrativeRow{row.string_or("label"), path_of(row.string_or("path"), "narrative path")});
          };
          if (const JsonValue* rows = r.get("rows"))
            for (const JsonValue& row : rows->items) add_row(row);
          else
            add_row(r);
          spec.narrative.push_back(std::move(rule));
        }
      }
      out.sections.push_back(std::move(spec));
    }
  }
  return issues.count(Severity::Error) == errors_before;
}

std::optional<MappingCatalog> MappingCatalog::load(const std::string& dir, IssueList& issues) {
  MappingCatalog catalog;
  size_t errors_before = issues.count(Severity::Error) + issues.count(Severity::Fatal);
  fs::path root(dir);
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    issues.add(Severity::Fatal, "not-found", "mappings folder not found", dir, 0, 0, "mapping-folder");
    return std::nullopt;
  }
  // Variables first: everything else may use them.
  fs::path vars = root / "variables.json";
  if (fs::exists(vars, ec)) {
    std::optional<JsonValue> json;
    try {
      std::string error;
      json = parse_json_value(read_file(vars.string()), error);
      if (!json) issues.add(Severity::Error, "structure", "not valid JSON: " + error, vars.string(), 0, 0, "mapping-file");
    } catch (const std::exception& e) {
      issues.add(Severity::Error, "not-found", e.what(), vars.string(), 0, 0, "mapping-file");
    }
    if (json) {
      for (const auto& [k, v] : json->members) {
        if (k.rfind("//", 0) == 0) continue;  // comment members
        std::vector<std::string> unknown;
        catalog.variables_.emplace_back(k, expand_variables(v.text, catalog.variables_, unknown));
        for (const auto& name : unknown)
          issues.add(Severity::Error, "not-found", "variable ${" + name + "} used before it is defined",
                     vars.string(), 0, 0, "mapping-variable");
      }
    }
  }
  for (const std::string& file : json_files(root / "conceptmaps"))
    if (auto json = catalog.read_json_file(file, issues)) catalog.concept_maps_.add(*json, file, issues);
  for (const std::string& file : json_files(root / "templates")) {
    if (auto json = catalog.read_json_file(file, issues)) {
      FormTemplate t;
      if (catalog.load_template(*json, file, issues, t)) catalog.templates_.push_back(std::move(t));
    }
  }
  for (const std::string& file : json_files(root)) {
    if (fs::path(file).filename() == "variables.json") continue;
    if (auto json = catalog.read_json_file(file, issues)) {
      FormLayout layout;
      if (catalog.load_layout(*json, file, issues, layout)) {
        if (catalog.layout(layout.layout)) {
          issues.add(Severity::Error, "duplicate", "layout id '" + layout.layout + "' is used by two files", file, 0,
                     0, "mapping-layout");
          continue;
        }
        catalog.layouts_.push_back(std::move(layout));
      }
    }
  }
  if (issues.count(Severity::Error) + issues.count(Severity::Fatal) != errors_before) return std::nullopt;
  return catalog;
}

bool MappingCatalog::add_layout_file(const std::string& path, IssueList& issues) {
  auto json = read_json_file(path, issues);
  if (!json) return false;
  FormLayout layout;
  if (!load_layout(*json, path, issues, layout)) return false;
  std::erase_if(layouts_, [&](const FormLayout& l) { return l.layout == layout.layout; });
  layouts_.insert(layouts_.begin(), std::move(layout));
  return true;
}

const FormLayout* MappingCatalog::layout(std::string_view id) const {
  for (const FormLayout& l : layouts_)
    if (l.layout == id) return &l;
  return nullptr;
}

const FormTemplate* MappingCatalog::form_template(std::string_view form) const {
  for (const FormTemplate& t : templates_)
    if (t.form == form) return &t;
  return nullptr;
}

std::string MappingCatalog::variable(std::string_view name) const {
  for (const auto& [k, v] : variables_)
    if (k == name) return v;
  return {};
}

std::vector<std::string> MappingCatalog::forms() const {
  std::vector<std::string> out;
  for (const FormTemplate& t : templates_) out.push_back(t.form);
  std::sort(out.begin(), out.end());
  return out;
}

std::string default_mappings_dir() {
  if (const char* env = std::getenv("RENKEI_MAPPINGS"); env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    // Built from source: <repo>/build*/renkei or <repo>/build*/tests/x; installed: <prefix>/bin/renkei.
    for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
      if (fs::is_directory(dir / "mappings" / "templates", ec)) return (dir / "mappings").string();
      if (fs::is_directory(dir / "share" / "renkei" / "mappings", ec))
        return (dir / "share" / "renkei" / "mappings").string();
    }
  }
  return "mappings";
}

}  // namespace renkei::mapping
