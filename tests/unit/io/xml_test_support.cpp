#include "xml_test_support.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <stdexcept>

#include "definitions/definition_store.hpp"

namespace renkei::xml_test {

std::string shared_dir() {
  std::string dir = RENKEI_SHARED_DIR;
  return std::filesystem::is_directory(dir + "/reference/fhir") ? dir : std::string();
}

const definitions::TypeModel* r4_types(std::string* why) {
  static std::once_flag once;
  static std::shared_ptr<const definitions::TypeModel> model;
  static std::string reason;
  std::call_once(once, [] {
    std::string dir = shared_dir();
    if (dir.empty()) {
      reason = "RENKEI_SHARED_DIR/reference/fhir is absent";
      return;
    }
    definitions::DefinitionStore store;
    IssueList issues;
    if (!store.load_package(dir + "/reference/fhir/hl7.fhir.r4.core-4.0.1.tgz", issues)) {
      reason = "cannot load hl7.fhir.r4.core: " + (issues.empty() ? std::string() : issues.items().front().message);
      return;
    }
    model = definitions::TypeModel::build(store, issues);
    if (!model || !model->type("Patient")) reason = "TypeModel::build gave no Patient type";
  });
  if (why) *why = reason;
  return model && model->type("Patient") ? model.get() : nullptr;
}

namespace {

namespace od = simdjson::ondemand;

void check(simdjson::error_code e) {
  if (e != simdjson::SUCCESS) throw std::runtime_error(simdjson::error_message(e));
}

void append_string(std::string& out, std::string_view s) {
  out += '"';
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      static const char* hex = "0123456789abcdef";
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += ch;
    }
  }
  out += '"';
}

void canonical_value(od::value v, std::string& out) {
  od::json_type type;
  check(v.type().get(type));
  switch (type) {
    case od::json_type::object: {
      std::vector<std::pair<std::string, std::string>> members;
      od::object obj;
      check(v.get_object().get(obj));
      for (auto field_result : obj) {
        od::field field;
        check(std::move(field_result).get(field));
        std::string_view key;
        check(field.unescaped_key().get(key));
        std::pair<std::string, std::string> member{std::string(key), {}};
        canonical_value(field.value(), member.second);
        members.push_back(std::move(member));
      }
      std::sort(members.begin(), members.end());
      out += '{';
      for (size_t i = 0; i < members.size(); ++i) {
        if (i) out += ',';
        append_string(out, members[i].first);
        out += ':';
        out += members[i].second;
      }
      out += '}';
      return;
    }
    case od::json_type::array: {
      od::array arr;
      check(v.get_array().get(arr));
      out += '[';
      bool first = true;
      for (auto item : arr) {
        od::value value;
        check(std::move(item).get(value));
        if (!first) out += ',';
        first = false;
        canonical_value(value, out);
      }
      out += ']';
      return;
    }
    case od::json_type::string: {
      std::string_view s;
      check(v.get_string().get(s));
      append_string(out, s);
      return;
    }
    case od::json_type::number:
    case od::json_type::boolean:
    case od::json_type::null: {
      std::string_view raw = v.raw_json_token();
      while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t'))
        raw.remove_suffix(1);
      out += raw;
      return;
    }
  }
}

}  // namespace

std::string canonical_json(std::string_view json) {
  od::parser parser;
  simdjson::padded_string padded(json);
  od::document doc;
  check(parser.iterate(padded).get(doc));
  od::value root;
  check(doc.get_value().get(root));
  std::string out;
  canonical_value(root, out);
  return out;
}

std::string first_difference(std::string_view expected, std::string_view actual) {
  size_t i = 0;
  while (i < expected.size() && i < actual.size() && expected[i] == actual[i]) ++i;
  if (i == expected.size() && i == actual.size()) return {};
  size_t from = i > 60 ? i - 60 : 0;
  return "offset " + std::to_string(i) + ":\n  expected …" + std::string(expected.substr(from, 140)) + "\n  actual   …" +
         std::string(actual.substr(from, 140));
}

std::vector<std::pair<std::string, std::string>> read_tgz_members(const std::string& path, std::string_view suffix) {
  std::vector<std::pair<std::string, std::string>> members;
  archive* a = archive_read_new();
  archive_read_support_filter_gzip(a);
  archive_read_support_format_tar(a);
  if (archive_read_open_filename(a, path.c_str(), 1 << 16) != ARCHIVE_OK) {
    std::string message = archive_error_string(a) ? archive_error_string(a) : "cannot open";
    archive_read_free(a);
    throw std::runtime_error(path + ": " + message);
  }
  archive_entry* entry = nullptr;
  while (archive_read_next_header(a, &entry) == ARCHIVE_OK) {
    std::string name = archive_entry_pathname(entry);
    if (archive_entry_filetype(entry) != AE_IFREG || name.size() < suffix.size() ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) {
      archive_read_data_skip(a);
      continue;
    }
    std::string bytes(static_cast<size_t>(archive_entry_size(entry)), '\0');
    la_ssize_t got = archive_read_data(a, bytes.data(), bytes.size());
    if (got < 0 || static_cast<size_t>(got) != bytes.size()) {
      archive_read_free(a);
      throw std::runtime_error(path + "!" + name + ": short read");
    }
    members.emplace_back(std::move(name), std::move(bytes));
  }
  archive_read_free(a);
  return members;
}

}  // namespace renkei::xml_test
