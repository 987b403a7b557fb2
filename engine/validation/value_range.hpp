#pragma once
// minValue[x] / maxValue[x] of an element definition against an instance value. Numbers
// compare by value, dates and times by their text when they have the same precision, a
// Quantity by its value (same unit assumed). A Duration bound on a date, dateTime or instant
// is relative to now: minValue 100 a is "not before 100 years ago", maxValue 10 a "not after
// 10 years from now" (as the HL7 validator reads them); a value of coarser precision is out of
// range only when all of it is.
#include <chrono>
#include <string>
#include <vector>

#include "model/node.hpp"

namespace renkei::validation {

struct PlanElement;

struct RangeFinding {
  bool below = false;   // below minValue (else above maxValue)
  std::string message;  // without the value itself
};

std::vector<RangeFinding> check_value_range(const model::Node& element, const PlanElement& pe,
                                            std::chrono::system_clock::time_point now);

}  // namespace renkei::validation
