#include "pipeline/item_validation.hpp"

#include <gtest/gtest.h>

using namespace renkei;

// An unreadable item is reported as its read error, without touching the validator.
TEST(ItemValidation, UnreadableItemReportsItsReadError) {
  pipeline::InputItem item;
  item.name = "gone.json";
  item.read_error = Issue{Severity::Fatal, "exception", "gone.json: cannot open: No such file or directory", {}, 0, 0,
                          "read"};
  pipeline::ItemValidation context;  // no validator: it must not be needed
  IssueList issues = pipeline::validate_item(item, context);
  ASSERT_EQ(issues.items().size(), 1u);
  EXPECT_EQ(issues.items()[0].rule, "read");
  EXPECT_TRUE(issues.has_errors());
}

// Bytes that are neither JSON nor XML are rejected before reading.
TEST(ItemValidation, NotFhirIsAFatalIssue) {
  pipeline::ItemValidation context;
  IssueList issues = pipeline::validate_bytes("hello", std::nullopt, "x", context);
  ASSERT_EQ(issues.items().size(), 1u);
  EXPECT_EQ(issues.items()[0].rule, "not-fhir");
  EXPECT_EQ(issues.items()[0].severity, Severity::Fatal);
}
