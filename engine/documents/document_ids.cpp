#include "documents/document_ids.hpp"

#include <boost/uuid/name_generator_sha1.hpp>
#include <boost/uuid/nil_generator.hpp>
#include <boost/uuid/string_generator.hpp>
#include <boost/uuid/uuid_io.hpp>

namespace renkei::documents {

namespace {

// RFC 4122 Appendix C name space for URLs.
boost::uuids::uuid url_namespace() {
  return boost::uuids::string_generator()("6ba7b811-9dad-11d1-80b4-00c04fd430c8");
}

// The namespace UUID of a canonical base: every document of a form uses the same one, so each thread
// keeps the last it computed.
boost::uuids::uuid namespace_of(std::string_view namespace_name) {
  thread_local std::string last_name;
  thread_local boost::uuids::uuid last_namespace{};
  thread_local bool known = false;
  if (!known || last_name != namespace_name) {
    last_namespace = boost::uuids::name_generator_sha1(url_namespace())(std::string(namespace_name));
    last_name = std::string(namespace_name);
    known = true;
  }
  return last_namespace;
}

}  // namespace

DocumentIds::DocumentIds(std::string_view namespace_name, std::string_view form, const std::vector<std::string>& keys)
    : namespace_(namespace_of(namespace_name)), instance_(form) {
  // Lengths keep "a|b" + "c" apart from "a" + "b|c".
  for (const std::string& k : keys) instance_ += "|" + std::to_string(k.size()) + ":" + k;
  instance_ += '|';
}

std::string DocumentIds::uuid(std::string_view role) const {
  boost::uuids::name_generator_sha1 gen(namespace_);
  std::string name = instance_;
  name += role;
  return boost::uuids::to_string(gen(name));
}

std::string DocumentIds::urn(std::string_view role) const {
  std::string out = "urn:uuid:";
  out += uuid(role);
  return out;
}

}  // namespace renkei::documents
