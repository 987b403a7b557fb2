// TypeModel lookups the readers rely on per node: a child name resolves to its element and the
// type of its value in one step (choice names included), primitive JSON kinds are known.
#include <gtest/gtest.h>

#include "definitions/type_model.hpp"
#include "xml_test_support.hpp"

using namespace renkei;

namespace {

TEST(TypeModel, ChildResolvesElementAndValueTypeInOneLookup) {
  std::string skip_reason;
  const definitions::TypeModel* types = xml_test::r4_types(&skip_reason);
  if (!types) GTEST_SKIP() << skip_reason;
  const definitions::TypeInfo* observation = types->type("Observation");
  ASSERT_NE(observation, nullptr);

  const auto status = observation->child("status");
  ASSERT_NE(status.element, nullptr);
  EXPECT_TRUE(status.choice_type.empty());
  EXPECT_EQ(status.type, types->type("code"));

  const auto quantity = observation->child("valueQuantity");
  ASSERT_NE(quantity.element, nullptr);
  EXPECT_EQ(quantity.element->name, "value");
  EXPECT_EQ(quantity.choice_type, "Quantity");
  EXPECT_EQ(quantity.type, types->type("Quantity"));
  EXPECT_EQ(quantity.type, types->type_of(*quantity.element, quantity.choice_type));

  const auto component = observation->child("component");  // a backbone element: its inline type
  ASSERT_NE(component.element, nullptr);
  EXPECT_EQ(component.type, component.element->inline_type);
  EXPECT_EQ(component.type->name, "Observation.component");

  // The bare name of a choice and unknown names resolve to nothing, as find() does.
  EXPECT_EQ(observation->child("value").element, nullptr);
  EXPECT_EQ(observation->find("value"), nullptr);
  EXPECT_EQ(observation->child("valueNonsense").element, nullptr);

  // contentReference elements resolve to the referenced backbone.
  const definitions::TypeInfo* item = types->type("Questionnaire")->child("item").type;
  ASSERT_NE(item, nullptr);
  EXPECT_EQ(item->name, "Questionnaire.item");
  EXPECT_EQ(item->child("item").type, item);

  EXPECT_EQ(types->type("boolean")->value_kind(), model::ValueKind::Boolean);
  EXPECT_EQ(types->type("positiveInt")->value_kind(), model::ValueKind::Number);
  EXPECT_EQ(types->type("dateTime")->value_kind(), model::ValueKind::String);
  EXPECT_EQ(types->type("xhtml")->value_kind(), model::ValueKind::Xhtml);
  EXPECT_EQ(observation->value_kind(), model::ValueKind::None);
  EXPECT_EQ(types->element_type(), types->type("Element"));
}

}  // namespace
