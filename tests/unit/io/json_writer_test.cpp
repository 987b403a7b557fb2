// The JSON writer's grouping and escaping: repeated elements written together at their first
// appearance (untyped trees), every character that JSON requires escaped and nothing else.
#include <gtest/gtest.h>

#include "io/element_order.hpp"
#include "io/fhir_writer.hpp"

using namespace renkei;

namespace {

model::Node* add(model::Document& doc, model::Node* parent, std::string_view name, std::string_view text = {}) {
  model::Node* n = text.empty() ? doc.make_object(name) : doc.make_primitive(name, text, model::ValueKind::String);
  model::Document::append(parent, n);
  return n;
}

}  // namespace

TEST(JsonWriter, GroupsRepeatedElementsAtTheirFirstAppearance) {
  model::Document doc;
  model::Node* root = doc.make_object({});
  root->resource_type = "Patient";
  doc.set_root(root);
  add(doc, add(doc, root, "name"), "family", "A");
  add(doc, root, "gender", "male");
  add(doc, add(doc, root, "name"), "family", "B");
  add(doc, root, "active", "x");
  add(doc, add(doc, root, "name"), "family", "C");
  EXPECT_EQ(io::write_json(*root, {}),
            R"({"resourceType":"Patient","name":[{"family":"A"},{"family":"B"},{"family":"C"}],"gender":"male","active":"x"})");
  std::vector<const model::Node*> order;
  io::ordered_children(*root, order);
  ASSERT_EQ(order.size(), 5u);
  EXPECT_EQ(order[2]->name, "name");
  EXPECT_EQ(order[3]->name, "gender");
}

TEST(JsonWriter, EscapesQuotesBackslashesAndControlsOnly) {
  model::Document doc;
  model::Node* root = doc.make_object({});
  root->resource_type = "Basic";
  doc.set_root(root);
  add(doc, root, "text", "前\"後\\\n\t\x01 終");
  EXPECT_EQ(io::write_json(*root, {}), "{\"resourceType\":\"Basic\",\"text\":\"前\\\"後\\\\\\n\\t\\u0001 終\"}");
}
