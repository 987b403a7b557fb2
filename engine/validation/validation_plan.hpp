#pragma once
// ValidationPlan: a StructureDefinition snapshot compiled for checking instances fast.
// Elements form a tree (children by name in O(1)), slices hang off their slicing entry,
// fixed/pattern values are element trees, and constraints are kept for the FHIRPath step.
// Built once per profile by the ProfileCompiler and then only read, by any thread.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/issue.hpp"
#include "fhirpath/fhirpath.hpp"
#include "model/document.hpp"
#include "validation/narrative_controls.hpp"

namespace renkei::validation {

struct TypeRef {
  std::string code;                          // "Reference", "HumanName", "Extension", "string"
  std::vector<std::string> profiles;         // type.profile
  std::vector<std::string> target_profiles;  // type.targetProfile
  // The elementdefinition-profile-element extension on the profile: the element of that
  // profile (by id) that describes this one, e.g. a section slice defined in a library.
  std::string profile_element;
};

enum class BindingStrength : uint8_t { Required, Extensible, Preferred, Example };

struct Binding {
  BindingStrength strength = BindingStrength::Example;
  std::string value_set;  // canonical, possibly url|version
};

// Invariants the validator answers natively: they run on nearly every element (ele-1, ext-1),
// or their FHIRPath form is quadratic (bdl-7, dom-3) or says less than they mean (txt-2).
enum class NativeCheck : uint8_t { None, Ele1, Ext1, Txt2, Dom3, Bdl7 };

struct Constraint {
  std::string key;
  NativeCheck native = NativeCheck::None;  // from the key, when the plan is compiled
  Severity severity = Severity::Error;  // error or warning (best-practice → information by policy)
  bool best_practice = false;
  std::string human;
  std::string expression;
  std::string source;  // the SD it came from
  // Compiled with the plan (shared between plans through the engine's expression cache);
  // null when the expression does not compile (compile_error says why) or is answered natively.
  std::shared_ptr<const fhirpath::CompiledExpression> compiled;
  std::string compile_error;
};

enum class DiscriminatorType : uint8_t { Value, Pattern, Type, Profile, Exists, Position };

struct Discriminator {
  DiscriminatorType type = DiscriminatorType::Value;
  std::string path;
};

enum class SlicingRules : uint8_t { Open, Closed, OpenAtEnd };

struct Slicing {
  std::vector<Discriminator> discriminators;
  bool ordered = false;
  SlicingRules rules = SlicingRules::Open;
};

struct PlanElement {
  std::string id;          // Patient.extension:race.value[x]
  std::string path;        // Patient.extension.value[x]
  std::string name;        // last path segment without [x]: "value"
  std::string slice_name;  // for slices
  uint32_t min = 0;
  uint32_t max = UINT32_MAX;
  bool is_choice = false;
  bool is_modifier = false;
  std::vector<TypeRef> types;
  const model::Node* fixed = nullptr;    // value named fixed<Type>, in the plan's arena
  const model::Node* pattern = nullptr;  // value named pattern<Type>
  const model::Node* min_value = nullptr;  // minValue[x] / maxValue[x]
  const model::Node* max_value = nullptr;
  std::string fixed_type;                // the <Type> suffix
  std::string pattern_type;
  std::optional<Binding> binding;
  // Additional bindings (R5, as a cross-version extension on the binding in R4) whose purpose
  // is required or extensible and that hold in every usage context.
  std::vector<Binding> additional_bindings;
  std::vector<Constraint> constraints;
  std::optional<Slicing> slicing;
  std::vector<const PlanElement*> slices;     // in definition order
  std::vector<const PlanElement*> children;   // in definition order
  uint32_t child_index = 0;                   // position among its parent's children
  std::unordered_map<std::string_view, const PlanElement*> child_by_name;  // "value" for value[x]
  std::string content_reference;              // "#Questionnaire.item": children come from there
  const PlanElement* content_target = nullptr;
  uint32_t max_length = 0;
  uint32_t min_length = 0;        // the minLength extension
  bool must_have_value = false;   // R5 mustHaveValue (as a cross-version extension in R4)
  // R5 valueAlternatives: extensions that may stand in for a missing primitive value.
  std::vector<std::string> value_alternatives;
  NarrativeControls narrative_controls;  // on a Narrative: source and language controls

  const PlanElement* child(std::string_view n) const {
    auto it = child_by_name.find(n);
    return it == child_by_name.end() ? nullptr : it->second;
  }
  bool has_children() const { return !children.empty(); }
  // True when the element allows this type code (no types listed = any).
  bool allows_type(std::string_view code) const;
};

struct ValidationPlan {
  std::string url;
  std::string version;
  std::string type;         // the resource or data type constrained
  std::string name;
  std::string derivation;
  std::string base_definition;
  std::vector<std::unique_ptr<PlanElement>> elements;  // owns all, in snapshot order
  const PlanElement* root = nullptr;
  model::Document source;   // the parsed StructureDefinition (fixed/pattern nodes live here)
  struct Context {
    std::string type;        // element | extension | fhirpath
    std::string expression;  // "Patient.name", an extension URL, or a FHIRPath expression
  };
  std::vector<Context> contexts;  // where an extension definition may be used
  std::unordered_map<std::string_view, const PlanElement*> by_id;  // every element by its id

  const PlanElement* element_by_id(std::string_view id) const {
    auto it = by_id.find(id);
    return it == by_id.end() ? nullptr : it->second;
  }
  struct ContextInvariant {
    std::string expression;  // FHIRPath on the element the extension is on
    std::shared_ptr<const fhirpath::CompiledExpression> compiled;  // null: did not compile
  };
  std::vector<ContextInvariant> context_invariants;
  // version-specific-use: the FHIR versions ("4.0", "4.3") an extension may be used in; empty = any.
  std::string first_fhir_version;
  std::string last_fhir_version;
};

}  // namespace renkei::validation
