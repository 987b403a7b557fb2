#include "pipeline/progress_line.hpp"

#include <gtest/gtest.h>

using renkei::pipeline::progress_line;
using renkei::pipeline::ProgressSnapshot;

TEST(ProgressLine, CountRatePercentEta) {
  ProgressSnapshot p{12345, 250, 1000, 10.0};  // a quarter done after 10 s: 30 s to go
  EXPECT_EQ(progress_line(p), "12,345 items  1,234/s  25%  ETA 0:30");
}

TEST(ProgressLine, NoEtaWhenTotalUnknown) {
  ProgressSnapshot p{10, 500, 0, 2.0};
  EXPECT_EQ(progress_line(p), "10 items  5/s");
}
