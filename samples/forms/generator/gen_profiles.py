import os
import sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import *
import forms2, templates2
from forms2 import FORMS2
TEMPLATES2 = templates2.templates()
CS = BASE + "/CodeSystem/"
VER = "0.1.0"
def meta(rt, id, title, **kw):
    d = collections.OrderedDict([("resourceType", rt), ("id", id), ("url", f"{BASE}/{rt}/{id}"), ("version", VER),
        ("name", "".join(p.capitalize() for p in id.replace("_", "-").split("-"))), ("title", title), ("status", "active"),
        ("experimental", False), ("date", "2024-11-01"), ("publisher", "Renkei project")])
    d.update(kw); return d
def codesystem(id, title, concepts, desc):
    cs = meta("CodeSystem", id, title, description=desc, caseSensitive=True, content="complete", count=len(concepts),
              concept=[{"code": c, "display": d} for c, d in concepts])
    cs["valueSet"] = f"{BASE}/ValueSet/{id}"
    dump(f"profiles/CodeSystem-{id}.json", cs)
    vs = meta("ValueSet", id, title + "（全コード）", description=f"All codes of {cs['url']}.",
              compose={"include": [{"system": cs["url"]}]})
    dump(f"profiles/ValueSet-{id}.json", vs)

for name, t in CODES.items():
    if "cs" in t: codesystem(t["cs"], t["title"], [(c, d) for _, c, d in t["rows"]], f"{t['title']}（Renkei の FHIR 側コード; 帳票コードからは ConceptMap {name} で変換）")
SECTIONS = [("care-recipient", "利用者・要介護認定の状況セクション"), ("nursing-goal", "看護・リハビリテーションの目標セクション"),
    ("problems-solutions", "問題点・解決策・評価セクション"), ("hygiene-supplies", "衛生材料等セクション"),
    ("attending-physician", "主治医セクション"), ("provider", "訪問看護ステーション・作成者セクション"),
    ("visits", "訪問日セクション"), ("disease-course", "病状の経過セクション"), ("nursing-content", "看護・リハビリテーションの内容セクション"),
    ("home-care", "家庭での介護の状況セクション"), ("remarks", "特記すべき事項セクション")]
SECTIONS += [(c, d) for c, d in templates2.PROJECT_SECTIONS.items() if c not in dict(SECTIONS)]
codesystem("document-section", "文書セクション（Renkei）", SECTIONS, "Sections of the 訪問看護計画書 / 報告書 documents. The national JP-CLINS section codes cover none of these nursing contents exactly, so they get project codes (see docs/forms/README.md).")
codesystem("document-type", "訪問看護文書の種類", [("houmon-kango-keikakusho", "訪問看護計画書"), ("houmon-kango-houkokusho", "訪問看護報告書")] +
           [(f["form"], TEMPLATES2[f["form"]]["fixed"][0]["value"]["type"]["coding"][-1]["display"]) for f in FORMS2],
           "Document types. The 計画書 also carries the national code 56447-6 (計画書) of http://jpfhir.jp/fhir/Common/CodeSystem/doc-typecodes.")
codesystem("document-category", "文書の分類", [("houmon-kango", "訪問看護"), ("nyutaiin-renkei", "入退院時の連携")], "Composition.category of the nursing documents.")
codesystem("observation-code", "訪問看護の観察項目", [
    ("youkaigo-jotai-kubun", "要介護状態区分"), ("shougai-koureisha-jiritsudo", "障害高齢者の日常生活自立度"),
    ("ninchisho-koureisha-jiritsudo", "認知症高齢者の日常生活自立度"), ("eisei-zairyo-shochi-umu", "衛生材料等が必要な処置の有無"),
    ("byoujou-no-keika", "病状の経過"), ("katei-no-kaigo-joukyou", "家庭での介護の状況"),
    ("eisei-zairyo-shiyou-joukyou", "衛生材料等の使用量および使用状況"), ("eisei-zairyo-meishou", "衛生材料等の名称"),
    ("shiyou-koukan-hindo", "使用及び交換頻度"), ("shiyouryou", "使用量"),
    ("eisei-zairyo-henkou-hitsuyousei", "衛生材料等の種類・量の変更の必要性"), ("tokki-jikou", "特記すべき事項")] +
    list(collections.OrderedDict((c, d) for c, d in templates2.OBS_CODES if c not in ("youkaigo-jotai-kubun", "shougai-koureisha-jiritsudo", "ninchisho-koureisha-jiritsudo")).items()),
    "Observation codes of the nursing forms (no LOINC/MEDIS code with the same meaning was available offline).")
codesystem("insurance-type", "保険の種類", [("kaigo", "介護保険"), ("iryou", "医療保険")], "Coverage.type of the nursing forms.")
codesystem("organization-kind", "事業所の種類", [("houmon-kango-station", "訪問看護ステーション"), ("hospital", "病院・診療所"), ("kyotaku-kaigo-shien", "居宅介護支援事業所")], "Organization.type of the nursing station.")
codesystem("careplan-category", "計画の種類", [("houmon-kango-keikaku", "訪問看護計画"), ("eisei-zairyo", "衛生材料等"), ("kango-keizoku", "継続する看護")], "CarePlan.category.")
codesystem("related-person-role", "関係者の役割", [("main-caregiver", "主介護者"), ("key-person", "キーパーソン")], "RelatedPerson.relationship (role) of the 入院時情報提供書; the 続柄 comes from ConceptMap zokugara.")
codesystem("goal-category", "目標の種類", [("nursing-rehabilitation", "看護・リハビリテーションの目標")], "Goal.category.")

def naming(id, title, uri, desc):
    ns = collections.OrderedDict([("resourceType", "NamingSystem"), ("id", id), ("name", "".join(p.capitalize() for p in id.split("-"))),
        ("status", "active"), ("kind", "identifier"), ("date", "2024-11-01"), ("publisher", "Renkei project"),
        ("responsible", "厚生労働省（番号の付番）"), ("description", desc),
        ("uniqueId", [{"type": "uri", "value": uri, "preferred": True}])])
    ns["type"] = {"text": title}
    dump(f"profiles/NamingSystem-{id}.json", ns)
naming("kaigo-hokensha-bangou", "介護保険 保険者番号", BASE + "/sid/kaigo-hokensha-bangou", "介護保険の保険者番号（6桁の数字）。")
naming("kaigo-hihokensha-bangou", "介護保険 被保険者番号", BASE + "/sid/kaigo-hihokensha-bangou", "介護保険の被保険者番号（10桁の数字; 生活保護単独は H + 9桁）。")
naming("kaigo-jigyosho-bangou", "介護保険 事業所番号", BASE + "/sid/kaigo-jigyosho-bangou", "介護保険の事業所番号（10桁）。")

def sd(id, title, type, elements, desc):
    d = meta("StructureDefinition", id, title, description=desc, fhirVersion="4.0.1", kind="resource", abstract=False,
             type=type, baseDefinition=f"http://hl7.org/fhir/StructureDefinition/{type}", derivation="constraint")
    d["differential"] = {"element": [dict(id=e[0], path=e[0], **e[1]) for e in elements]}
    dump(f"profiles/StructureDefinition-{id}.json", d)

for form, title, code in (("houmon-kango-keikakusho", "訪問看護計画書", "houmon-kango-keikakusho"),
                          ("houmon-kango-houkokusho", "訪問看護報告書", "houmon-kango-houkokusho")):
    sd(f"{form}-bundle", f"{title} Bundle", "Bundle", [
        ("Bundle.meta", {"min": 1}), ("Bundle.meta.profile", {"min": 1}),
        ("Bundle.identifier", {"min": 1, "short": "文書ID（入力のキーから決まる urn:uuid）"}),
        ("Bundle.identifier.system", {"min": 1, "fixedUri": "urn:ietf:rfc:3986"}),
        ("Bundle.identifier.value", {"min": 1}),
        ("Bundle.type", {"fixedCode": "document"}), ("Bundle.timestamp", {"min": 1, "short": "作成日（+09:00）"}),
        ("Bundle.entry", {"min": 2}), ("Bundle.entry.fullUrl", {"min": 1, "short": "urn:uuid（UUID v5）"}),
        ("Bundle.entry.resource", {"min": 1})],
        f"{title}（訪問看護）の FHIR document Bundle。最初の entry は {form}-composition。")
    sd(f"{form}-composition", f"{title} Composition", "Composition", [
        ("Composition.extension", {"min": 1, "short": "版数 (composition-clinicaldocument-versionNumber)"}),
        ("Composition.status", {"fixedCode": "final"}),
        ("Composition.type", {"patternCodeableConcept": {"coding": [{"system": CS + "document-type", "code": code}]}}),
        ("Composition.category", {"min": 1, "max": "1", "patternCodeableConcept": {"coding": [{"system": CS + "document-category", "code": "houmon-kango"}]}}),
        ("Composition.subject", {"min": 1}), ("Composition.author", {"min": 2, "short": "作成者 Practitioner と事業所 Organization"}),
        ("Composition.title", {"fixedString": title}), ("Composition.custodian", {"min": 1}),
        ("Composition.event", {"min": 1}), ("Composition.event.period", {"min": 1}),
        ("Composition.section", {"min": 1}), ("Composition.section.title", {"min": 1}),
        ("Composition.section.code", {"min": 1, "binding": {"strength": "required", "valueSet": BASE + "/ValueSet/document-section"}}),
        ("Composition.section.text.status", {"fixedCode": "additional"})],
        f"{title} の Composition（JP-CLINS 診療情報提供書に倣った構成）。")
print("profiles written")

# The admission/discharge documents: sections from the project CodeSystem or the national JP-CLINS one.
vs = meta("ValueSet", "nyutaiin-document-section", "入退院時の連携文書のセクション", description="Project section codes plus the national JP-CLINS section codes the admission/discharge documents reuse (their content matches: 入院時詳細, 退院時詳細, 入院中経過, 既往歴, アレルギー・不耐性反応, 退院時身体所見).",
          compose={"include": [{"system": CS + "document-section"},
                               {"system": templates2.CLINS, "concept": [{"code": c, "display": t + "セクション"} for c, t in templates2.NATIONAL]}]})
dump("profiles/ValueSet-nyutaiin-document-section.json", vs)
for form in FORMS2:
    code = form["form"]; title = form["title"]
    sd(f"{code}-bundle", f"{title} Bundle", "Bundle", [
        ("Bundle.meta", {"min": 1}), ("Bundle.meta.profile", {"min": 1}),
        ("Bundle.identifier", {"min": 1, "short": "文書ID（入力のキーから決まる urn:uuid）"}),
        ("Bundle.identifier.system", {"min": 1, "fixedUri": "urn:ietf:rfc:3986"}),
        ("Bundle.identifier.value", {"min": 1}),
        ("Bundle.type", {"fixedCode": "document"}), ("Bundle.timestamp", {"min": 1, "short": "記入日（+09:00）"}),
        ("Bundle.entry", {"min": 2}), ("Bundle.entry.fullUrl", {"min": 1, "short": "urn:uuid（UUID v5）"}),
        ("Bundle.entry.resource", {"min": 1})],
        f"{title} の FHIR document Bundle。最初の entry は {code}-composition。")
    sd(f"{code}-composition", f"{title} Composition", "Composition", [
        ("Composition.extension", {"min": 1, "short": "版数 (composition-clinicaldocument-versionNumber)"}),
        ("Composition.status", {"fixedCode": "final"}),
        ("Composition.type", {"patternCodeableConcept": {"coding": [{"system": CS + "document-type", "code": code}]}}),
        ("Composition.category", {"min": 1, "max": "1", "patternCodeableConcept": {"coding": [{"system": CS + "document-category", "code": "nyutaiin-renkei"}]}}),
        ("Composition.subject", {"min": 1}), ("Composition.author", {"min": 2, "short": "記入者 Practitioner と所属の Organization"}),
        ("Composition.title", {"fixedString": title}), ("Composition.custodian", {"min": 1}),
        ("Composition.section", {"min": 2}), ("Composition.section.title", {"min": 1}),
        ("Composition.section.code", {"min": 1, "binding": {"strength": "required", "valueSet": BASE + "/ValueSet/nyutaiin-document-section"}}),
        ("Composition.section.text.status", {"fixedCode": "additional"})],
        f"{title} の Composition（JP-CLINS 退院時サマリー / 診療情報提供書に倣った構成; 内容が一致するセクションは国のセクションコードを使う）。")
print("admission/discharge profiles written")
