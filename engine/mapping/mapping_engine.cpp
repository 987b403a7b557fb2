#include "mapping/mapping_engine.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <map>

namespace renkei::mapping {
namespace {

using legacy::FormField;
using legacy::FormRecord;

bool is_csv(const FormLayout& layout) { return layout.kind != InputKind::Xml; }

// The value of a record-level field: in a CSV record the first non-empty cell over its rows (the care-data
// CSVs write non-NO items on the first row of a group only); in XML the element itself.
const FormField* record_field(const FormRecord& record, const FormLayout& layout, std::string_view source) {
  if (!is_csv(layout)) return record.find(source, 0);
  const FormField* first = nullptr;
  for (size_t r = 0; r < record.rows.size(); ++r) {
    const FormField* f = record.find(source, r);
    if (!f) continue;
    if (!first) first = f;
    if (!trim_spaces(f->value).empty()) return f;
  }
  return first;
}

std::string normalise_number(std::string_view raw) {
  std::string_view t = trim_spaces(raw);
  if (t.empty() || t.size() > 9 || !std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return {};
  size_t nz = t.find_first_not_of('0');
  if (nz == std::string_view::npos) return {};  // 0 is not a valid NO
  return std::string(t.substr(nz));
}

struct GroupInstance {
  std::string number;
  std::vector<size_t> rows;  // CSV: rows of this instance
  std::string xml_prefix;    // XML: path of this occurrence
};

class RecordMapper {
 public:
  RecordMapper(const FormRecord& record, const FormLayout& layout, const ConceptMapTable& concept_maps,
               ResourceSet& resources, IssueList& issues)
      : record_(record), layout_(layout), concept_maps_(concept_maps), resources_(resources), issues_(issues) {}

  void report(const FieldSpec& spec, const FormField* at, std::string problem, std::string code = "value") {
    uint32_t line = at ? at->line : first_line();
    uint32_t column = at ? at->column : 0;
    if (!at && layout_.kind == InputKind::Csv) column = static_cast<uint32_t>(std::stoul(spec.source));
    issues_.add(Severity::Error, std::move(code), fmt::format("field {}: {}", spec.label, problem), record_.source,
                line, column, "mapping-field");
  }

  uint32_t first_line() const { return record_.rows.empty() ? 0 : record_.rows.front().line; }

  // Parses a field and writes it to its destinations; returns the parsed value (when any).
  std::optional<FieldValue> apply(const FieldSpec& spec, const FormField* f, std::string_view n) {
    if (!f || trim_spaces(f->value).empty()) {
      if (spec.required) report(spec, f, "required value is missing", "required");
      return std::nullopt;
    }
    FieldParse parsed = parse_field(spec, f->value, concept_maps_);
    if (parsed.status == FieldParse::Status::Error) {
      report(spec, f, parsed.error);
      return std::nullopt;
    }
    if (parsed.status == FieldParse::Status::Empty) {
      if (spec.required) report(spec, f, "required value is missing (empty or a no-value sentinel)", "required");
      return std::nullopt;
    }
    for (const Destination& d : spec.to) {
      auto part = parsed.value.part(d.part);
      if (!part || part->empty()) continue;
      std::string text = d.format.empty() ? *part : bind_number(replace_value(d.format, *part), n);
      std::string error;
      TargetPath path = n.empty() ? d.path : d.path.bind(n);
      if (!resources_.set(path, parsed.value, text, error))
        issues_.add(Severity::Error, "processing",
                    fmt::format("mapping {}: field {} → {}: {}", layout_.layout, spec.label, path.to_string(), error),
                    record_.source, f->line, f->column, "mapping-destination");
    }
    return parsed.value;
  }

  static std::string replace_value(std::string_view format, std::string_view value) {
    std::string out(format);
    for (size_t pos = 0; (pos = out.find("{value}", pos)) != std::string::npos; pos += value.size())
      out.replace(pos, 7, value);
    return out;
  }

  std::vector<GroupInstance> instances(const GroupSpec& group) {
    std::vector<GroupInstance> out;
    auto bad_number = [&](const FormField* f) {
      issues_.add(Severity::Error, "value",
                  fmt::format("field {}: expected a group number 1–999999999", group.label.empty() ? group.id : group.label),
                  record_.source, f ? f->line : first_line(), f ? f->column : 0, "mapping-field");
    };
    if (is_csv(layout_)) {
      std::map<std::string, size_t> index;
      for (size_t r = 0; r < record_.rows.size(); ++r) {
        const FormField* f = record_.find(group.number_source, r);
        if (!f || trim_spaces(f->value).empty()) continue;
        std::string n = normalise_number(f->value);
        if (n.empty()) {
          bad_number(f);
          continue;
        }
        auto [it, inserted] = index.emplace(n, out.size());
        if (inserted) out.push_back(GroupInstance{n, {}, {}});
        out[it->second].rows.push_back(r);
      }
      return out;
    }
    size_t count = record_.occurrences(group.xml_element);
    std::map<std::string, bool> seen;
    for (size_t i = 1; i <= count; ++i) {
      std::string prefix = group.xml_element + (i == 1 ? "" : "[" + std::to_string(i) + "]");
      const FormField* f = record_.find(prefix + "/" + group.number_source);
      std::string n = f ? normalise_number(f->value) : std::string();
      if (n.empty()) {
        bad_number(f);
        continue;
      }
      if (seen[n]) {
        issues_.add(Severity::Error, "duplicate",
                    fmt::format("field {}: the same group number occurs twice", group.label.empty() ? group.id : group.label),
                    record_.source, f->line, f->column, "mapping-field");
        continue;
      }
      seen[n] = true;
      out.push_back(GroupInstance{n, {}, prefix});
    }
    return out;
  }

  const FormField* group_field(const FieldSpec& spec, const GroupInstance& g) {
    if (!is_csv(layout_)) return record_.find(g.xml_prefix + "/" + spec.source);
    const FormField* first = nullptr;
    for (size_t r : g.rows) {
      const FormField* f = record_.find(spec.source, r);
      if (!f) continue;
      if (!first) first = f;
      if (!trim_spaces(f->value).empty()) return f;
    }
    return first;
  }

 private:
  const FormRecord& record_;
  const FormLayout& layout_;
  const ConceptMapTable& concept_maps_;
  ResourceSet& resources_;
  IssueList& issues_;
};

}  // namespace

MappingEngine::MappingEngine(const MappingCatalog& catalog, const definitions::TypeModel& types)
    : catalog_(catalog), types_(types) {}

std::vector<std::string> MappingEngine::raw_keys(const legacy::FormRow& row, const FormLayout& layout) {
  std::vector<std::string> out;
  for (const std::string& id : layout.key_fields) {
    const FieldSpec* spec = layout.field(id);
    const FormField* f = spec ? row.find(spec->source) : nullptr;
    out.emplace_back(f ? trim_spaces(f->value) : std::string_view());
  }
  return out;
}

MappingOutcome MappingEngine::map(const FormRecord& record, const FormLayout& layout) const {
  MappingOutcome outcome;
  const FormTemplate* form_template = catalog_.form_template(layout.form);
  ResourceSet resources(types_);
  RecordMapper mapper(record, layout, catalog_.concept_maps(), resources, outcome.issues);
  uint32_t first_line = record.rows.empty() ? 0 : record.rows.front().line;

  if (!layout.version_source.empty()) {
    const FormField* v = record_field(record, layout, layout.version_source);
    std::string_view version = v ? trim_spaces(v->value) : std::string_view();
    if (version.empty())
      outcome.issues.add(Severity::Error, "required", "field CSVバージョン: the version is missing", record.source,
                         v ? v->line : first_line, v ? v->column : 0, "mapping-version");
    else if (!layout.accepts_version(version))
      outcome.issues.add(Severity::Error, "not-supported",
                         fmt::format("field CSVバージョン: version {} is not accepted by layout {}", version,
                                     layout.describe()),
                         record.source, v->line, v->column, "mapping-version");
  }

  std::vector<std::string> keys(layout.key_fields.size());
  std::map<std::string, CheckedValue> checked;  // record-level values, for the layout's checks
  for (const FieldSpec& spec : layout.fields) {
    if (!spec.group.empty()) continue;
    const FormField* at = record_field(record, layout, spec.source);
    auto value = mapper.apply(spec, at, {});
    if (value) checked[spec.id] = CheckedValue{value->text, at};
    auto k = std::find(layout.key_fields.begin(), layout.key_fields.end(), spec.id);
    if (k == layout.key_fields.end()) continue;
    if (!value && !spec.required)
      mapper.report(spec, record_field(record, layout, spec.source), "a record key is missing", "required");
    if (value) keys[k - layout.key_fields.begin()] = value->text;
  }
  for (const GroupSpec& group : layout.groups) {
    for (const auto& instance : mapper.instances(group))
      for (const FieldSpec& spec : layout.fields)
        if (spec.group == group.id) mapper.apply(spec, mapper.group_field(spec, instance), instance.number);
  }
  for (const CheckFailure& failure : evaluate_record_checks(layout, checked))
    mapper.report(*failure.field, failure.at, failure.message, "invariant");
  if (form_template) {
    for (const FixedFragment& fixed : form_template->fixed) {
      for (const auto& m : resources.match(fixed.anchor)) {
        std::string error;
        if (!resources.merge(m.node, m.type, fixed.value, m.binding, error))
          outcome.issues.add(Severity::Error, "processing",
                             fmt::format("template {}: fixed content at {}: {}", form_template->form,
                                         fixed.anchor.to_string(), error),
                             form_template->file, 0, 0, "mapping-template");
      }
    }
  }
  if (outcome.issues.has_errors()) return outcome;
  outcome.form.emplace(MappedForm{&layout, form_template, std::move(keys), record.source, first_line,
                                  std::move(resources)});
  return outcome;
}

}  // namespace renkei::mapping
