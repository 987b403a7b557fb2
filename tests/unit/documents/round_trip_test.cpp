// Nothing of the documented layouts is dropped: for every sample of every form, each populated input field
// (CSV cell or XML element) is a field of its layout, and its value — or its code translation — appears in
// the output document. Generic over the layout definitions: a new form needs no code here. The samples must
// also populate every field of the layout at least once (so each sample set is "fully populated").
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>

#include "common/file_util.hpp"
#include "conversion_fixture.hpp"
#include "mapping/field_value.hpp"
#include "mapping/form_input.hpp"

namespace fs = std::filesystem;
namespace renkei::testing {
namespace {

std::string json_escaped(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

// The layout field an input field is, or nullptr; `skip` when it is the version or a group number.
const mapping::FieldSpec* spec_of(const mapping::FormLayout& layout, const std::string& name, bool& skip) {
  skip = false;
  bool xml = layout.kind == mapping::InputKind::Xml;
  std::string path = xml ? std::regex_replace(name, std::regex(R"(\[[0-9]+\])"), "") : name;
  if (path == layout.version_source) return skip = true, nullptr;
  for (const mapping::GroupSpec& g : layout.groups) {
    std::string number = xml ? g.xml_element + "/" + g.number_source : g.number_source;
    if (path == number) return skip = true, nullptr;
  }
  for (const mapping::FieldSpec& f : layout.fields) {
    std::string source = f.source;
    if (xml && !f.group.empty()) source = layout.group(f.group)->xml_element + "/" + f.source;
    if (path == source) return &f;
  }
  return nullptr;
}

// Whether the document carries the parsed value of the field.
bool document_has(const std::string& doc, const mapping::FieldSpec& spec, const mapping::FieldValue& v) {
  switch (spec.type) {
    case mapping::FieldType::Code:
      // a Coding's code, or a primitive code (Patient.gender)
      return v.coding && doc.find(":\"" + json_escaped(v.coding->code) + "\"") != std::string::npos;
    case mapping::FieldType::PersonName:  // whole name as text, or family + given parts
      return doc.find("\"" + json_escaped(v.text) + "\"") != std::string::npos ||
             (doc.find("\"family\":\"" + json_escaped(v.family) + "\"") != std::string::npos &&
              (v.given.empty() || doc.find("\"" + json_escaped(v.given) + "\"") != std::string::npos));
    case mapping::FieldType::Flag:
      return doc.find("\"valueBoolean\":" + v.text) != std::string::npos;
    case mapping::FieldType::Number:
      return doc.find(":" + v.text + ",") != std::string::npos || doc.find(":" + v.text + "}") != std::string::npos;
    default:
      return doc.find(json_escaped(v.text)) != std::string::npos;
  }
}

TEST(RoundTrip, EveryPopulatedFieldOfEverySampleAppearsInItsDocument) {
  RENKEI_REQUIRE_CONVERSION_ENV();
  auto& env = ConversionEnvironment::get();
  size_t checked = 0;
  std::map<std::string, std::set<std::string>> populated;  // layout → field ids seen with a value
  for (const auto& dir : fs::directory_iterator(fs::path(RENKEI_SOURCE_DIR) / "samples" / "forms")) {
    if (!dir.is_directory() || !env.catalog->form_template(dir.path().filename().string())) continue;
    for (const auto& file : fs::directory_iterator(dir.path())) {
      std::string name = file.path().filename().string();
      SCOPED_TRACE(name);
      std::string bytes = read_file(file.path().string());
      auto converted = convert_bytes(bytes, name);
      ASSERT_FALSE(converted.empty());
      const mapping::FormLayout* layout = env.catalog->layout(converted[0].layout);
      ASSERT_TRUE(layout);
      auto input = mapping::read_form_input(bytes, name, *layout, text::Encoding::Auto);
      ASSERT_EQ(input.records.size(), converted.size());
      for (size_t i = 0; i < converted.size(); ++i) {
        ASSERT_FALSE(converted[i].rejected());
        std::string doc = document_json(converted[i], false);
        for (const legacy::FormRow& row : input.records[i].record.rows) {
          for (const legacy::FormField& f : row.fields) {
            if (f.carried_forward || mapping::trim_spaces(f.value).empty()) continue;
            bool skip = false;
            const mapping::FieldSpec* spec = spec_of(*layout, f.name, skip);
            if (skip) continue;
            ASSERT_TRUE(spec) << "line " << f.line << ": input field " << f.name << " is not in layout "
                              << layout->layout;
            auto parsed = mapping::parse_field(*spec, f.value, env.catalog->concept_maps());
            ASSERT_EQ(parsed.status, mapping::FieldParse::Status::Value) << spec->label;
            populated[layout->layout].insert(spec->id);
            EXPECT_TRUE(document_has(doc, *spec, parsed.value))
                << "line " << f.line << ": field " << spec->label << " (" << layout->layout << ") is not in the document";
            ++checked;
          }
        }
      }
    }
  }
  for (const mapping::FormLayout& layout : env.catalog->layouts()) {
    if (!populated.count(layout.layout)) continue;  // no sample for this layout
    for (const mapping::FieldSpec& f : layout.fields)
      EXPECT_TRUE(populated[layout.layout].count(f.id))
          << layout.layout << ": no sample populates field " << f.label << " (samples must be fully populated)";
  }
  EXPECT_EQ(populated.size(), env.catalog->layouts().size()) << "every layout has a sample";
  EXPECT_GT(checked, 1000u);
}

}  // namespace
}  // namespace renkei::testing
