#pragma once
// Deterministic identifiers: every fullUrl and the Bundle identifier are name-based UUIDs (v5, SHA-1) of
// the form, the record keys and the resource's role, in a namespace named by the canonical base URL. The
// layout is deliberately not part of the name, so one form instance read from CSV or from XML gets the same
// identifiers (and the same document), and a re-run gives byte-identical output.
#include <boost/uuid/uuid.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace renkei::documents {

class DocumentIds {
 public:
  // `namespace_name`: the canonical base URL (a UUID v5 of it in the URL namespace is the namespace).
  DocumentIds(std::string_view namespace_name, std::string_view form, const std::vector<std::string>& keys);

  // "urn:uuid:…" for a role such as "Patient[patient]"; "Bundle" names the document itself.
  std::string urn(std::string_view role) const;
  std::string uuid(std::string_view role) const;

 private:
  boost::uuids::uuid namespace_;  // computed once per document, not per identifier
  std::string instance_;          // form|key1|key2…|
};

}  // namespace renkei::documents
