#include "validation/expression_errata.hpp"

namespace renkei::validation {
namespace {

struct Erratum {
  std::string_view key, published, corrected;
};

constexpr Erratum kErrata[] = {
    // R4 que-12 says "more than one enableWhen" but counts more than two.
    {"que-12", "enableWhen.count() > 2 implies enableBehavior.exists()",
     "enableWhen.count() > 1 implies enableBehavior.exists()"},
};

}  // namespace

std::string_view corrected_expression(std::string_view key, std::string_view expression) {
  for (const Erratum& e : kErrata)
    if (e.key == key && e.published == expression) return e.corrected;
  return expression;
}

}  // namespace renkei::validation
