// FHIR JSON → element tree, with simdjson's on-demand parser.
// simdjson validates UTF-8 and structure; this file applies the FHIR JSON rules
// (resourceType, `_name` primitive extensions, nulls only in primitive arrays) and
// records the line:column of every node.
#include <simdjson.h>

#include <cstring>
#include <string>
#include <vector>

#include "io/bundle_entry_limit.hpp"
#include "io/fhir_reader.hpp"
#include "io/json_syntax.hpp"
#include "io/line_index.hpp"
#include "io/tree_annotator.hpp"

namespace renkei::io {
namespace {

namespace od = simdjson::ondemand;

struct JsonParseError {
  std::string message;
  const char* at;  // position in the padded buffer, or nullptr
  std::string code = "structure";
  bool syntax = false;  // reported by simdjson: locate it precisely with the syntax scanner
};

class JsonTreeBuilder {
 public:
  JsonTreeBuilder(model::Document& doc, const char* base, LineIndex& lines, IssueList& issues, const ReadOptions& opt)
      : doc_(doc), base_(base), lines_(lines), issues_(issues), opt_(opt) {}

  // Reads an object that is a resource (has resourceType) into `node`.
  void read_object(od::object obj, model::Node* node, bool must_be_resource) {
    // This object's keys, for duplicate detection: the top of one stack shared by all
    // objects (no allocation per object).
    size_t first_key = keys_.size();
    for (auto field_result : obj) {
      od::field field;
      check(std::move(field_result).get(field), nullptr);
      const char* key_pos = field.key().raw() - 1;
      std::string_view key;
      check(field.unescaped_key().get(key), key_pos);
      for (size_t i = first_key; i < keys_.size(); ++i)
        if (keys_[i] == key) throw JsonParseError{"duplicate key '" + std::string(key) + "'", key_pos};
      keys_.push_back(key);
      od::value v = field.value();
      if (key == "resourceType") {
        std::string_view rt;
        if (v.get_string().get(rt) != simdjson::SUCCESS || rt.empty())
          throw JsonParseError{"resourceType must be a non-empty string", key_pos};
        node->resource_type = doc_.arena().copy(rt);
        continue;
      }
      if (key.empty()) throw JsonParseError{"empty property name", key_pos};
      if (key[0] == '_') {
        read_primitive_extension(key.substr(1), v, node, key_pos);
      } else {
        read_member(key, v, node, key_pos);
      }
    }
    keys_.resize(first_key);
    if (must_be_resource && node->resource_type.empty())
      issue(Severity::Error, "structure", "missing 'resourceType' in a resource", node);
    if (node->resource_type == "Bundle" && !bundle_over_entry_limit_) {
      uint64_t entries = 0;
      for (const model::Node* c = node->first_child; c; c = c->next)
        if (c->name == "entry" && ++entries > opt_.limits.max_bundle_entries) bundle_over_entry_limit_ = true;
    }
  }

  // A Bundle over the entry limit was read (counted as each Bundle is finished, so that the
  // tree is walked again only to find which one when there is one).
  bool bundle_over_entry_limit() const { return bundle_over_entry_limit_; }

 private:
  void check(simdjson::error_code e, const char* at) {
    if (e != simdjson::SUCCESS) throw JsonParseError{simdjson::error_message(e), at, "structure", true};
  }

  void position(model::Node* n, const char* at) {
    auto lc = lines_.locate(static_cast<size_t>(at - base_));
    n->line = lc.line;
    n->column = lc.column;
  }

  void issue(Severity s, const char* code, std::string msg, const model::Node* n) {
    issues_.add(s, code, std::move(msg), model::Document::path_of(n), n->line, n->column, "json-shape");
  }

  model::Node* find_child(model::Node* parent, std::string_view name, uint32_t index) {
    for (model::Node* c = parent->first_child; c; c = c->next)
      if (c->name == name && c->index == index) return c;
    return nullptr;
  }

  bool has_child(model::Node* parent, std::string_view name) { return find_child(parent, name, 0) != nullptr; }

  void read_member(std::string_view key, od::value v, model::Node* parent, const char* key_pos) {
    od::json_type t;
    check(v.type().get(t), key_pos);
    // A `_key` seen earlier in this object may already have created nodes for this key.
    bool placeholder = has_child(parent, key);
    if (t == od::json_type::array) {
      od::array arr;
      check(v.get_array().get(arr), key_pos);
      uint32_t idx = 0;
      for (auto item_result : arr) {
        od::value item;
        check(std::move(item_result).get(item), key_pos);
        const char* item_pos = location(item, key_pos);
        od::json_type it;
        check(item.type().get(it), item_pos);
        if (it == od::json_type::array) throw JsonParseError{"arrays of arrays are not allowed in FHIR JSON", item_pos};
        model::Node* existing = placeholder ? find_child(parent, key, idx) : nullptr;
        if (it == od::json_type::null) {
          // null keeps array positions aligned with `_key`; it must be matched there.
          model::Node* n = existing ? existing : new_node(parent, key, item_pos, model::NodeKind::Primitive, idx);
          n->in_array = true;
          null_slots_.push_back(n);
        } else {
          read_value(key, item, parent, item_pos, existing, true, idx);
        }
        ++idx;
      }
      if (idx == 0) issue(Severity::Error, "structure", "array '" + std::string(key) + "' is empty", parent);
    } else {
      model::Node* existing = placeholder ? find_child(parent, key, 0) : nullptr;
      if (t == od::json_type::null) throw JsonParseError{"null is only allowed inside primitive arrays", key_pos};
      read_value(key, v, parent, key_pos, existing, false, 0);
    }
  }

  const char* location(od::value& v, const char* fallback) {
    const char* p = nullptr;
    if (v.current_location().get(p) != simdjson::SUCCESS) return fallback;
    return p;
  }

  // `index`: the node's position among its same-name siblings. A key occurs once per object
  // (duplicates are rejected), so that is its array position, which `_key` placeholders share.
  model::Node* new_node(model::Node* parent, std::string_view key, const char* at, model::NodeKind kind,
                        uint32_t index) {
    model::Node* n = kind == model::NodeKind::Object ? doc_.make_object(key)
                                                     : doc_.make_primitive(key, {}, model::ValueKind::None);
    position(n, at);
    model::Document::append(parent, n, index);
    return n;
  }

  void read_value(std::string_view key, od::value v, model::Node* parent, const char* at, model::Node* existing,
                  bool in_array, uint32_t index) {
    od::json_type t;
    check(v.type().get(t), at);
    if (t == od::json_type::object) {
      if (existing) throw JsonParseError{"'_" + std::string(key) + "' given for a non-primitive element", at};
      if (++depth_ > opt_.limits.max_depth)
        throw JsonParseError{"nesting deeper than the limit " + std::to_string(opt_.limits.max_depth) +
                                 " (raise it with --max-depth)",
                             at, "too-costly"};
      model::Node* n = new_node(parent, key, at, model::NodeKind::Object, index);
      n->in_array = in_array;
      od::object obj;
      check(v.get_object().get(obj), at);
      // Nested resources (contained, Bundle.entry.resource, Parameters.parameter.resource)
      // are objects with a resourceType; read_object learns that from the content.
      read_object(obj, n, false);
      if (!n->first_child && n->resource_type.empty())
        issue(Severity::Error, "structure", "object '" + std::string(key) + "' is empty", n);
      --depth_;
      return;
    }
    model::Node* n = existing ? existing : new_node(parent, key, at, model::NodeKind::Primitive, index);
    if (existing) position(n, at);
    n->in_array = in_array;
    switch (t) {
      case od::json_type::string: {
        std::string_view s;
        check(v.get_string().get(s), at);
        n->text = doc_.arena().copy(s);
        n->value_kind = key == "div" ? model::ValueKind::Xhtml : model::ValueKind::String;
        if (s.empty()) issue(Severity::Error, "value", "string value of '" + std::string(key) + "' is empty", n);
        break;
      }
      case od::json_type::number: {
        std::string_view raw = v.raw_json_token();
        while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t'))
          raw.remove_suffix(1);
        if (!is_json_number(raw)) throw JsonParseError{"malformed number", at};
        n->text = doc_.arena().copy(raw);
        n->value_kind = model::ValueKind::Number;
        break;
      }
      case od::json_type::boolean: {
        bool b = false;
        check(v.get_bool().get(b), at);
        n->text = b ? "true" : "false";
        n->value_kind = model::ValueKind::Boolean;
        break;
      }
      default:
        throw JsonParseError{"unexpected JSON value", at};
    }
  }

  // `_key`: the id/extension of primitive `key` (or, for arrays, of each item by position).
  void read_primitive_extension(std::string_view key, od::value v, model::Node* parent, const char* key_pos) {
    if (key.empty() || key[0] == '_') throw JsonParseError{"malformed property name", key_pos};
    od::json_type t;
    check(v.type().get(t), key_pos);
    if (t == od::json_type::array) {
      od::array arr;
      check(v.get_array().get(arr), key_pos);
      uint32_t idx = 0;
      for (auto item_result : arr) {
        od::value item;
        check(std::move(item_result).get(item), key_pos);
        const char* item_pos = location(item, key_pos);
        od::json_type it;
        check(item.type().get(it), item_pos);
        if (it != od::json_type::null) {
          if (it != od::json_type::object) throw JsonParseError{"'_" + std::string(key) + "' items must be objects", item_pos};
          model::Node* n = primitive_for(parent, key, idx, item_pos, true);
          od::object obj;
          check(item.get_object().get(obj), item_pos);
          read_object(obj, n, false);
        } else {
          model::Node* n = primitive_for(parent, key, idx, item_pos, true);
          null_slots_.push_back(n);
        }
        ++idx;
      }
    } else if (t == od::json_type::object) {
      model::Node* n = primitive_for(parent, key, 0, key_pos, false);
      od::object obj;
      check(v.get_object().get(obj), key_pos);
      read_object(obj, n, false);
    } else {
      throw JsonParseError{"'_" + std::string(key) + "' must be an object or an array", key_pos};
    }
  }

  model::Node* primitive_for(model::Node* parent, std::string_view key, uint32_t idx, const char* at, bool in_array) {
    model::Node* n = find_child(parent, key, idx);
    if (n) {
      if (n->kind != model::NodeKind::Primitive)
        throw JsonParseError{"'_" + std::string(key) + "' given for a non-primitive element", at};
      return n;
    }
    n = new_node(parent, key, at, model::NodeKind::Primitive, idx);
    n->in_array = in_array;
    return n;
  }

 public:
  // After the whole document: nulls must have been matched by a `_key` entry, and every
  // primitive must have a value or an extension.
  void finish() {
    for (model::Node* n : null_slots_) {
      if (!n->has_value() && !n->first_child)
        issue(Severity::Error, "structure", "null in array '" + std::string(n->name) + "' without a matching '_" +
                                                std::string(n->name) + "' entry",
              n);
    }
  }

 private:
  model::Document& doc_;
  const char* base_;
  LineIndex& lines_;
  IssueList& issues_;
  const ReadOptions& opt_;
  uint32_t depth_ = 1;  // the root object
  std::vector<model::Node*> null_slots_;
  std::vector<std::string_view> keys_;  // keys of the objects being read, innermost last
  bool bundle_over_entry_limit_ = false;
};

// One parser per thread: simdjson parsers are reusable and expensive to create.
od::parser& thread_parser() {
  thread_local od::parser parser;
  return parser;
}

// The input copied with simdjson's padding into a buffer kept per thread: a fresh
// padded_string per document cost an allocation (and, for large documents, fresh pages to
// fault in) every time. A buffer grown past kKeptBytes is released again after its document.
class PaddedInput {
 public:
  explicit PaddedInput(std::string_view json) : buffer_(thread_buffer()) {
    const size_t needed = json.size() + simdjson::SIMDJSON_PADDING;
    if (buffer_.size() < needed) buffer_.resize(needed);
    std::memcpy(buffer_.data(), json.data(), json.size());
    std::memset(buffer_.data() + json.size(), 0, simdjson::SIMDJSON_PADDING);
    size_ = json.size();
  }
  ~PaddedInput() {
    if (buffer_.size() > kKeptBytes) std::vector<char>().swap(buffer_);
  }
  PaddedInput(const PaddedInput&) = delete;
  PaddedInput& operator=(const PaddedInput&) = delete;

  const char* data() const { return buffer_.data(); }
  size_t size() const { return size_; }
  simdjson::padded_string_view view() const { return simdjson::padded_string_view(buffer_.data(), size_, buffer_.size()); }

 private:
  static constexpr size_t kKeptBytes = size_t{8} << 20;
  static std::vector<char>& thread_buffer() {
    thread_local std::vector<char> buffer;
    return buffer;
  }
  std::vector<char>& buffer_;
  size_t size_ = 0;
};

}  // namespace

std::optional<model::Document> read_json(std::string_view json, const ReadOptions& options, IssueList& issues) {
  auto fail = [&](std::string msg, size_t offset, const char* code) -> std::optional<model::Document> {
    LineIndex lines(json);
    auto lc = lines.locate(std::min(offset, json.size()));
    issues.add(Severity::Fatal, code, std::move(msg), {}, lc.line, lc.column, "json-syntax");
    return std::nullopt;
  };
  if (json.size() > options.limits.max_input_bytes)
    return fail("input is " + std::to_string(json.size()) + " bytes, over the limit of " +
                    std::to_string(options.limits.max_input_bytes) + " (raise it with --max-input-size)",
                0, "too-costly");
  if (json.size() >= 3 && static_cast<unsigned char>(json[0]) == 0xEF && static_cast<unsigned char>(json[1]) == 0xBB &&
      static_cast<unsigned char>(json[2]) == 0xBF)
    json.remove_prefix(3);  // a leading UTF-8 BOM is tolerated; one elsewhere is an error (simdjson)

  std::optional<std::string> without_comments;
  if (options.allow_json_comments && (without_comments = blank_json_comments(json))) json = *without_comments;

  PaddedInput padded(json);
  od::parser& parser = thread_parser();
  if (parser.max_depth() < size_t{options.limits.max_depth} + 8) {
    if (parser.allocate(padded.size(), size_t{options.limits.max_depth} + 8) != simdjson::SUCCESS)
      return fail("cannot allocate the JSON parser", 0, "exception");
  }
  // simdjson says *that* a document is malformed, often not *where*: on its errors the
  // small syntax scanner (which runs only then) pin-points the position.
  auto syntax_fail = [&](std::string fallback, size_t offset) {
    if (auto err = find_json_syntax_error(json, options.limits.max_depth))
      return fail("invalid JSON: " + err->message, err->offset, err->too_deep ? "too-costly" : "structure");
    return fail(std::move(fallback), offset, "structure");
  };
  od::document d;
  if (auto e = parser.iterate(padded.view()).get(d); e != simdjson::SUCCESS)
    return syntax_fail(std::string("invalid JSON: ") + simdjson::error_message(e), 0);

  model::Document doc;
  LineIndex lines(std::string_view(padded.data(), json.size()));
  JsonTreeBuilder builder(doc, padded.data(), lines, issues, options);
  try {
    od::object obj;
    if (d.get_object().get(obj) != simdjson::SUCCESS) return syntax_fail("a FHIR resource must be a JSON object", 0);
    model::Node* root = doc.make_object({});
    root->line = 1;
    root->column = 1;
    doc.set_root(root);
    builder.read_object(obj, root, false);
    builder.finish();
    // After the root object the iterator must be at the end; a position means more tokens.
    const char* rest = nullptr;
    if (d.current_location().get(rest) == simdjson::SUCCESS)
      return syntax_fail("trailing content after the resource", static_cast<size_t>(rest - padded.data()));
    if (root->resource_type.empty()) return fail("missing 'resourceType': not a FHIR resource", 0, "structure");
    root->name = root->resource_type;
  } catch (const JsonParseError& e) {
    size_t off = e.at ? static_cast<size_t>(e.at - padded.data()) : 0;
    if (e.syntax) return syntax_fail("invalid JSON: " + e.message, off);
    return fail(e.message, off, e.code.c_str());
  }
  if (const model::Node* bundle = builder.bundle_over_entry_limit()
                                      ? find_bundle_over_entry_limit(*doc.root(), options.limits.max_bundle_entries)
                                      : nullptr) {
    issues.add(Severity::Fatal, "too-costly", bundle_entry_limit_message(options.limits.max_bundle_entries),
               model::Document::path_of(bundle), bundle->line, bundle->column, "max-entries");
    return std::nullopt;
  }
  if (options.types) annotate_tree(doc, *options.types, Format::Json, issues);
  return doc;
}

std::optional<Format> sniff_format(std::string_view bytes) {
  for (size_t i = 0; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\xEF' || c == '\xBB' || c == '\xBF') continue;
    if (c == '{') return Format::Json;
    if (c == '<') return Format::Xml;
    if (c == '/') {  // a JSON comment: the format is that of what follows it
      const size_t next = skip_json_whitespace_and_comments(bytes, i);
      if (next != i && next < bytes.size() && bytes[next] == '{') return Format::Json;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<model::Document> read_fhir(std::string_view bytes, Format format, const ReadOptions& options,
                                         IssueList& issues) {
  return format == Format::Json ? read_json(bytes, options, issues) : read_xml(bytes, options, issues);
}

}  // namespace renkei::io
