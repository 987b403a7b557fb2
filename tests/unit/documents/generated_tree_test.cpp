// type_generated_tree gives a document built in memory the tree (and the shape issues) that writing it as
// JSON and reading it back with the TypeModel gives: the converter relies on it instead of the round trip.
#include <gtest/gtest.h>

#include <string>

#include "conversion_fixture.hpp"
#include "documents/generated_tree.hpp"
#include "io/fhir_reader.hpp"

namespace renkei::testing {
namespace {

using model::Document;
using model::Node;
using model::ValueKind;

// Every node's name, value, JSON shape and definition, in tree order: equal strings = equal trees.
void describe(const Node* n, int depth, std::string& out) {
  out += std::string(static_cast<size_t>(depth) * 2, ' ') + std::string(n->name) + "[" + std::to_string(n->index) +
         "]" + (n->in_array ? "*" : "") + " rt=" + std::string(n->resource_type) + " kind=" +
         std::to_string(static_cast<int>(n->kind)) + "/" + std::to_string(static_cast<int>(n->value_kind)) + " '" +
         std::string(n->text) + "' el=" + (n->element ? "y" : "n") + " type=" + (n->type ? "y" : "n") + "\n";
  for (const Node* c = n->first_child; c; c = c->next) describe(c, depth + 1, out);
}

std::string issues_text(const IssueList& issues) {
  std::string out;
  for (const Issue& i : issues.items()) out += i.expression + ": " + i.message + "\n";
  return out;
}

// A Patient as a mapping builds it: same-name items interleaved with others, a primitive with only an
// extension, one with nothing at all, an empty string and an empty object.
void build_patient(Document& doc, Node* root) {
  auto prim = [&](Node* parent, std::string_view name, std::string_view text, bool in_array = false) {
    Node* p = doc.make_primitive(name, text, ValueKind::String);
    p->in_array = in_array;
    Document::append(parent, p);
    return p;
  };
  auto obj = [&](Node* parent, std::string_view name, bool in_array = false) {
    Node* o = doc.make_object(name);
    o->in_array = in_array;
    Document::append(parent, o);
    return o;
  };
  Node* name1 = obj(root, "name", true);
  prim(name1, "family", "山田");
  prim(root, "gender", "female");
  Node* name2 = obj(root, "name");  // a second item without the array flag: the group makes it one
  prim(name2, "given", "花子", true);
  prim(name2, "family", "ヤマダ");
  Node* birth = doc.make_primitive("birthDate", {}, ValueKind::None);  // only an extension
  Document::append(root, birth);
  Node* ext = obj(birth, "extension", true);
  prim(ext, "url", "http://example.org/fhir/StructureDefinition/accuracy");
  prim(ext, "valueString", "year");
  Document::append(root, doc.make_primitive("deceasedDateTime", {}, ValueKind::None));  // nothing: not written
  prim(root, "language", "");                                                          // empty string
  obj(root, "maritalStatus");                                                          // empty object
  Node* active = doc.make_primitive("active", "true", ValueKind::Boolean);
  Document::append(root, active);
}

TEST(GeneratedTree, TypesLikeWritingAndReadingBack) {
  auto& env = ConversionEnvironment::get();
  if (!env.error.empty()) GTEST_SKIP() << env.error;
  Document doc;
  Node* root = doc.make_object({});
  root->resource_type = doc.arena().copy("Patient");
  doc.set_root(root);
  build_patient(doc, root);

  io::ReadOptions ro;
  ro.types = env.types.get();
  IssueList read_issues;
  auto read = io::read_json(io::write_json(*root, io::WriteOptions{}), ro, read_issues);
  ASSERT_TRUE(read.has_value());

  IssueList issues;
  ASSERT_TRUE(documents::type_generated_tree(doc, *env.types, Limits{}, issues));
  std::string expected, actual;
  describe(read->root(), 0, expected);
  describe(doc.root(), 0, actual);
  EXPECT_EQ(actual, expected);
  EXPECT_EQ(issues_text(issues), issues_text(read_issues));
  EXPECT_NE(issues_text(issues).find("Patient.language: string value of 'language' is empty"), std::string::npos);
  EXPECT_NE(issues_text(issues).find("Patient.maritalStatus: object 'maritalStatus' is empty"), std::string::npos);
  // Same tree, same bytes: the typed writers see no difference either.
  io::WriteOptions typed{env.types.get(), false};
  EXPECT_EQ(io::write_json(*doc.root(), typed), io::write_json(*read->root(), typed));
}

TEST(GeneratedTree, RefusesWhatAReaderCannotParse) {
  auto& env = ConversionEnvironment::get();
  if (!env.error.empty()) GTEST_SKIP() << env.error;
  Document doc;
  Node* root = doc.make_object({});
  root->resource_type = doc.arena().copy("Observation");
  doc.set_root(root);
  Node* vq = doc.make_object("valueQuantity");
  Document::append(root, vq);
  Document::append(vq, doc.make_primitive("value", "1.5e", ValueKind::Number));
  IssueList issues;
  EXPECT_FALSE(documents::type_generated_tree(doc, *env.types, Limits{}, issues));
  ASSERT_EQ(issues.items().size(), 1u);
  EXPECT_EQ(issues.items()[0].severity, Severity::Fatal);
  EXPECT_EQ(issues.items()[0].expression, "Observation.valueQuantity.value");
}

TEST(GeneratedTree, NullWithoutExtensionInAnArray) {
  auto& env = ConversionEnvironment::get();
  if (!env.error.empty()) GTEST_SKIP() << env.error;
  Document doc;
  Node* root = doc.make_object({});
  root->resource_type = doc.arena().copy("Patient");
  doc.set_root(root);
  Node* name = doc.make_object("name");
  name->in_array = true;
  Document::append(root, name);
  Document::append(name, doc.make_primitive("given", "花子", ValueKind::String));
  Document::append(name, doc.make_primitive("given", {}, ValueKind::None));
  io::ReadOptions ro;
  ro.types = env.types.get();
  IssueList read_issues;
  auto read = io::read_json(io::write_json(*root, io::WriteOptions{}), ro, read_issues);
  ASSERT_TRUE(read.has_value());
  IssueList issues;
  ASSERT_TRUE(documents::type_generated_tree(doc, *env.types, Limits{}, issues));
  EXPECT_EQ(issues_text(issues), issues_text(read_issues));
  EXPECT_TRUE(issues.has_errors());
}

}  // namespace
}  // namespace renkei::testing
