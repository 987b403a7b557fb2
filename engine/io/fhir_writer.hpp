#pragma once
// Writers of the element tree as FHIR JSON and XML. Deterministic: the same tree gives the
// same bytes. With a TypeModel, children are written in definition order.
#include <string>

#include "model/document.hpp"

namespace renkei::definitions {
class TypeModel;
}

namespace renkei::io {

struct WriteOptions {
  const definitions::TypeModel* types = nullptr;
  bool pretty = false;
};

std::string write_json(const model::Node& root, const WriteOptions& options);
std::string write_xml(const model::Node& root, const WriteOptions& options);

}  // namespace renkei::io
