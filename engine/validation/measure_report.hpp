#pragma once
// Measures and MeasureReports, following the HL7 Java validator's MeasureValidator:
//  - a MeasureReport is checked against its Measure when the Measure resolves (contained,
//    an entry of the enclosing Bundle, or the definitions): its groups are matched to the
//    Measure's groups by code (a single group on both sides may be anonymous), every group of
//    the Measure is reported (unless the report is a data-collection), none twice; likewise the
//    populations (measure-observation may be left out) and stratifiers of each group; a
//    subject-list report's population counts equal their subjectResults, other reports carry
//    no subjectResults; measureScore follows the Measure's scoring (none for cohort or
//    data-collection, required for proportion/ratio/continuous-variable, 0..1 and unitless for
//    proportion);
//  - a Measure's CQL stratifier criteria name a definition of its Library's ELM
//    (application/elm+xml content). When none of the Measure's Libraries resolves, the
//    criteria are reported as not checked (the Java validator calls them errors).
// Messages name codes, ids and URLs of the definitions, never instance values.
#include "common/issue.hpp"
#include "model/document.hpp"
#include "validation/parsed_definitions.hpp"

namespace renkei::validation {

// The validator's entry point: checks a Measure or a MeasureReport; other resources: nothing.
void check_measure_rules(const model::Node& resource, const DefinitionLookup& lookup, IssueList& issues);

}  // namespace renkei::validation
