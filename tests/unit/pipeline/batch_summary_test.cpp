#include "pipeline/batch_summary.hpp"

#include <gtest/gtest.h>

using renkei::pipeline::BatchSummary;

TEST(BatchSummary, JsonCarriesIntegerCounts) {
  BatchSummary s;
  s.read = 5;
  s.written = 3;
  s.rejected = 2;
  s.unreadable = 1;
  EXPECT_TRUE(s.reconciles());
  std::string json = renkei::pipeline::summary_json(s, "validate");
  EXPECT_NE(json.find("\"read\":5,\"written\":3,\"rejected\":2,\"unreadable\":1"), std::string::npos) << json;
  EXPECT_NE(json.find("\"command\":\"validate\""), std::string::npos);
  s.rejected = 1;
  EXPECT_FALSE(s.reconciles());
}
