#include "corpus_generator.hpp"

#include <fmt/core.h>
#include <simdjson.h>

#include <array>
#include <map>
#include <regex>
#include <stdexcept>
#include <utility>
#include <vector>

namespace renkei::bench {

namespace {

// splitmix64: a fixed, portable hash so the corpus is the same on every machine.
uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
}

struct Name {
  const char* kanji;
  const char* kana;
};
constexpr std::array<Name, 8> kFamily{{{"佐藤", "サトウ"}, {"鈴木", "スズキ"}, {"高橋", "タカハシ"}, {"田中", "タナカ"},
                                       {"伊藤", "イトウ"}, {"渡辺", "ワタナベ"}, {"山本", "ヤマモト"}, {"中村", "ナカムラ"}}};
constexpr std::array<Name, 6> kGiven{{{"花子", "ハナコ"}, {"太郎", "タロウ"}, {"幸子", "サチコ"}, {"一郎", "イチロウ"},
                                      {"和子", "カズコ"}, {"健一", "ケンイチ"}}};

}  // namespace

CorpusGenerator::CorpusGenerator(const std::string& template_json) {
  std::vector<char> out(template_json.size() + simdjson::SIMDJSON_PADDING);
  size_t length = 0;
  if (simdjson::minify(template_json.data(), template_json.size(), out.data(), length) != simdjson::SUCCESS)
    throw std::runtime_error("corpus template is not valid JSON");
  template_.assign(out.data(), length);
}

std::string CorpusGenerator::document(uint64_t i) const {
  std::string doc = template_;
  uint64_t h = mix(i);
  // Every urn:uuid in the template maps to a per-document UUID (same mapping throughout the
  // document, so fullUrls and references keep matching).
  static const std::regex uuid("urn:uuid:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");
  std::map<std::string, std::string> uuids;
  for (auto it = std::sregex_iterator(template_.begin(), template_.end(), uuid); it != std::sregex_iterator(); ++it) {
    std::string old = (*it)[1].str();
    if (uuids.count(old)) continue;
    uint64_t a = mix(h ^ uuids.size()), b = mix(a);
    uuids[old] = fmt::format("{:08x}-{:04x}-4{:03x}-{:x}{:03x}-{:012x}", a >> 32, (a >> 16) & 0xffff, a & 0xfff,
                             8 + (b >> 62), (b >> 48) & 0xfff, b & 0xffffffffffffULL);
  }
  for (const auto& [from, to] : uuids) replace_all(doc, from, to);
  const Name& family = kFamily[h % kFamily.size()];
  const Name& given = kGiven[(h >> 8) % kGiven.size()];
  replace_all(doc, "見本 花子", std::string(family.kanji) + " " + given.kanji);
  replace_all(doc, "ミホン ハナコ", std::string(family.kana) + " " + given.kana);
  replace_all(doc, "花子", given.kanji);
  replace_all(doc, "ハナコ", given.kana);
  replace_all(doc, "ミホン", family.kana);
  replace_all(doc, "000123", fmt::format("{:06}", i % 1000000));
  replace_all(doc, "00012345", fmt::format("{:08}", (h >> 16) % 100000000));
  replace_all(doc, "1941-04-03",
              fmt::format("{:04}-{:02}-{:02}", 1920 + (h >> 24) % 80, 1 + (h >> 32) % 12, 1 + (h >> 40) % 28));
  replace_all(doc, "2026-10-28", fmt::format("2026-10-{:02}", 1 + (h >> 48) % 28));
  return doc;
}

}  // namespace renkei::bench
