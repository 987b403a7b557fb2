import os
import sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import *
from forms import FORMS, KEIKAKU, HOUKOKU
import forms2, templates2
from forms2 import FORMS2

VERSION = "202208"
dump("mappings/variables.json", collections.OrderedDict([
    ("// about", "The one place that names the canonical base URL and the identifier systems; mappings, templates and ConceptMaps refer to them as ${name}. profiles/ carries the same URLs (FHIR resources cannot use variables) and a test checks that they agree."),
    ("base", BASE),
    ("cs", "${base}/CodeSystem"),
    ("sd", "${base}/StructureDefinition"),
    ("sid-insurer", "${base}/sid/kaigo-hokensha-bangou"),
    ("sid-insured", "${base}/sid/kaigo-hihokensha-bangou"),
    ("sid-office", "${base}/sid/kaigo-jigyosho-bangou"),
    ("sid-medical-institution", "http://jpfhir.jp/fhir/core/IdSystem/insurance-medical-institution-no"),
    ("jp-doc-types", "http://jpfhir.jp/fhir/Common/CodeSystem/doc-typecodes"),
]))

for name, t in CODES.items():
    cm = {"resourceType": "ConceptMap", "id": name, "url": "${base}/ConceptMap/" + name, "version": "0.1.0",
          "name": "".join(p.capitalize() for p in name.split("-")), "title": t["title"] + "（帳票コード → FHIR）",
          "status": "active",
          "group": [{"source": "${base}/legacy/" + name, "target": t["target"],
                     "element": [{"code": s, "target": [{"code": c, "display": d, "equivalence": "equivalent"}]}
                                 for s, c, d in t["rows"]]}]}
    dump(f"mappings/conceptmaps/{name}.json", cm)

def layout(form, kind):
    short = form["short"]
    ids = {"csv": f"renkei-{short}-csv-{VERSION}", "csv-header": f"renkei-{short}-csvh-{VERSION}",
           "xml": f"renkei-{short}-xml-{VERSION}"}
    kinds = {"csv": "CSV（ヘッダなし, CP932 想定）", "csv-header": "CSV（ヘッダ行あり, UTF-8 想定）", "xml": "XML"}
    inp = {"kind": kind, "versions": [VERSION]}
    fields = []
    col = 1
    if kind == "csv":
        inp["version_source"] = "1"
        col = 2
    elif kind == "csv-header":
        inp["version_source"] = "CSVバージョン"
    else:
        inp["version_source"] = form["xml_record"] + "/@version"
        inp["root"] = form["xml_root"]
        inp["record"] = form["xml_record"]
    if kind != "xml":
        inp["file_prefixes"] = [form["prefix"] + ("" if kind == "csv" else "_H")]
    else:
        inp["file_prefixes"] = [form["prefix"]]
    groups = []
    for g in form["groups"]:
        number = next(f for f in form["fields"] if f.get("group") == g["id"] and f["type"] == "group-number")
        gs = {"id": g["id"], "label": g["label"]}
        if kind == "xml":
            gs["element"] = form["xml_record"] + "/" + g["element"]
            gs["number"] = number["xml"].split("/")[-1]
        groups.append(gs)
    for f in form["fields"]:
        if kind == "csv": src = col; col += 1
        elif kind == "csv-header": src = f["label"]
        else:
            src = f["xml"] if f.get("group") else form["xml_record"] + "/" + f["xml"]
        if f["type"] == "group-number":
            g = next(x for x in groups if x["id"] == f["group"])
            if kind != "xml": g["number"] = str(src)
            continue
        out = collections.OrderedDict([("id", f["id"]), ("label", f["label"]), ("source", src), ("type", f["type"])])
        if f.get("required"): out["required"] = True
        for k in ("pattern", "concept_map", "true", "false", "group"):
            if k in f: out[k] = f[k]
        out["to"] = f["to"]
        fields.append(out)
    if kind == "csv": inp["columns"] = col - 1
    doc = collections.OrderedDict([
        ("form", form["form"]), ("layout", ids[kind]), ("title", form["title"]),
        ("input", inp), ("keys", form["keys"]), ("groups", groups), ("fields", fields)])
    if form.get("checks"): doc["checks"] = form["checks"]
    name = {"csv": "csv", "csv-header": "csv-header", "xml": "xml"}[kind]
    dump(f"mappings/{form['form']}.{name}-{VERSION}.json", doc)
    return doc

LAYOUTS = {}
for form in FORMS + FORMS2:
    for kind in ("csv", "csv-header", "xml"):
        LAYOUTS[(form["form"], kind)] = layout(form, kind)

# ---------------- templates ----------------
def coding(system, code, display=None):
    c = collections.OrderedDict([("system", system), ("code", code)])
    if display: c["display"] = display
    return c
def cc(system, code, display, text=None):
    d = {"coding": [coding(system, code, display)]}
    if text: d["text"] = text
    return d
SUBJECT = {"reference": "@Patient[patient]"}
def obs(code, display, category="survey"):
    return {"status": "final",
            "category": [cc("http://terminology.hl7.org/CodeSystem/observation-category", category, None)],
            "code": cc("${cs}/observation-code", code, display), "subject": SUBJECT}
SECTION = lambda code, display: cc("${cs}/document-section", code, display)

def common_fixed(doc_code, doc_display, title, event_role, event_text, form):
    return [
        {"at": "Composition[composition]", "value": {
            "meta": {"profile": ["${sd}/" + form + "-composition"]},
            "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/composition-clinicaldocument-versionNumber",
                           "valueString": "1"}],
            "status": "final", "type": doc_code,
            "category": [cc("${cs}/document-category", "houmon-kango", "訪問看護")],
            "subject": SUBJECT,
            "author": [{"reference": "@Practitioner[author]"}, {"reference": "@Organization[station]"}],
            "title": title, "custodian": {"reference": "@Organization[station]"}}},
        {"at": f"Composition[composition].event[{event_role}]", "value": {"code": [{"text": event_text}]}},
        {"at": "Patient[patient].name[kanji]", "value": {
            "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation", "valueCode": "IDE"}],
            "use": "official"}},
        {"at": "Patient[patient].name[kana]", "value": {
            "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation", "valueCode": "SYL"}],
            "use": "official"}},
        {"at": "Patient[patient].identifier[hihokensha]", "value": {"system": "${sid-insured}"}},
        {"at": "Patient[patient].address[home]", "value": {"use": "home", "country": "JP"}},
        {"at": "Patient[patient].telecom[phone]", "value": {"system": "phone", "use": "home"}},
        {"at": "Coverage[kaigo]", "value": {
            "status": "active", "type": cc("${cs}/insurance-type", "kaigo", "介護保険"),
            "beneficiary": SUBJECT, "payor": [{"reference": "@Organization[insurer]"}]}},
        {"at": "Coverage[kaigo].identifier[hihokensha]", "value": {"system": "${sid-insured}"}},
        {"at": "Organization[insurer].identifier[hokensha]", "value": {"system": "${sid-insurer}"}},
        {"at": "Organization[insurer]", "value": {"type": [cc("http://terminology.hl7.org/CodeSystem/organization-type", "ins", "Insurance Company")]}},
        {"at": "Organization[station]", "value": {"type": [
            cc("http://terminology.hl7.org/CodeSystem/organization-type", "prov", "Healthcare Provider"),
            cc("${cs}/organization-kind", "houmon-kango-station", "訪問看護ステーション")]}},
        {"at": "Organization[station].identifier[jigyosho]", "value": {"system": "${sid-office}"}},
        {"at": "Organization[station].contact[admin]", "value": {
            "purpose": cc("http://terminology.hl7.org/CodeSystem/contactentity-type", "ADMIN", "Administrative")}},
        {"at": "Practitioner[*].name[kanji]", "value": {
            "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation", "valueCode": "IDE"}],
            "use": "official"}},
        {"at": "PractitionerRole[physician]", "value": {"code": [cc("http://terminology.hl7.org/CodeSystem/practitioner-role", "doctor", "Doctor", "主治医")]}},
        {"at": "Observation[youkaigo]", "value": obs("youkaigo-jotai-kubun", "要介護状態区分")},
        {"at": "Observation[shougai-jiritsudo]", "value": obs("shougai-koureisha-jiritsudo", "障害高齢者の日常生活自立度")},
        {"at": "Observation[ninchi-jiritsudo]", "value": obs("ninchisho-koureisha-jiritsudo", "認知症高齢者の日常生活自立度")},
    ]

def row(label, path): return {"label": label, "path": path}
RECIPIENT_ROWS = [row("氏名", "Patient[patient].name[kanji].text"), row("フリガナ", "Patient[patient].name[kana].text"),
    row("性別", "Patient[patient].gender"), row("生年月日", "Patient[patient].birthDate"),
    row("住所", "Patient[patient].address[home].text"), row("保険者番号", "Organization[insurer].identifier[hokensha].value"),
    row("被保険者番号", "Coverage[kaigo].subscriberId"),
    row("要介護状態区分", "Observation[youkaigo].valueCodeableConcept"),
    row("認定有効期間（開始）", "Observation[youkaigo].effectivePeriod.start"),
    row("認定有効期間（終了）", "Observation[youkaigo].effectivePeriod.end"),
    row("障害高齢者の日常生活自立度", "Observation[shougai-jiritsudo].valueCodeableConcept"),
    row("認知症高齢者の日常生活自立度", "Observation[ninchi-jiritsudo].valueCodeableConcept")]
RECIPIENT = {"title": "利用者・要介護認定の状況", "code": SECTION("care-recipient", "利用者・要介護認定の状況セクション"),
    "entries": ["Patient[patient]", "Coverage[kaigo]", "Organization[insurer]", "Observation[youkaigo]",
                "Observation[shougai-jiritsudo]", "Observation[ninchi-jiritsudo]"],
    "narrative": RECIPIENT_ROWS}
PHYSICIAN = {"title": "主治医", "code": SECTION("attending-physician", "主治医セクション"),
    "entries": ["PractitionerRole[physician]", "Practitioner[physician]", "Organization[clinic]"],
    "narrative": [row("主治医氏名", "Practitioner[physician].name[kanji].text"), row("医療機関名", "Organization[clinic].name")]}
PROVIDER_SEC = {"title": "訪問看護ステーション・作成者", "code": SECTION("provider", "訪問看護ステーション・作成者セクション"),
    "entries": ["Organization[station]", "Practitioner[author]"],
    "narrative": [row("事業所名", "Organization[station].name"), row("事業所番号", "Organization[station].identifier[jigyosho].value"),
                  row("管理者氏名", "Organization[station].contact[admin].name"),
                  row("作成者", "Practitioner[author].name[kanji].text"), row("職種", "Practitioner[author].qualification[shokushu].code")]}

k = KEIKAKU["form"]
keikaku = collections.OrderedDict([
    ("form", k), ("title", "訪問看護計画書"), ("uuid_namespace", "${base}"),
    ("bundle_profile", "${sd}/" + k + "-bundle"), ("output_prefix", k), ("composition", "Composition[composition]"),
    ("fixed", common_fixed({"coding": [coding("${jp-doc-types}", "56447-6", "計画書"),
                                       coding("${cs}/document-type", k, "訪問看護計画書")]},
                           None, "訪問看護計画書", "plan", "訪問看護計画", k) + [
        {"at": "Goal[goal]", "value": {"lifecycleStatus": "active", "subject": SUBJECT,
                                       "category": [cc("${cs}/goal-category", "nursing-rehabilitation", "看護・リハビリテーションの目標")]}},
        {"at": "Condition[problem-*]", "value": {
            "clinicalStatus": cc("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active"),
            "verificationStatus": cc("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", "Confirmed"),
            "category": [cc("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item", "Problem List Item")],
            "subject": SUBJECT}},
        {"at": "CarePlan[plan]", "value": {
            "status": "active", "intent": "plan", "category": [cc("${cs}/careplan-category", "houmon-kango-keikaku", "訪問看護計画")],
            "title": "訪問看護計画", "subject": SUBJECT, "author": {"reference": "@Practitioner[author]"},
            "addresses": [{"reference": "@Condition[problem-*]"}], "goal": [{"reference": "@Goal[goal]"}]}},
        {"at": "CarePlan[plan].activity[*]", "value": {"detail": {
            "reasonReference": [{"reference": "@Condition[problem-{n}]"}], "status": "in-progress"}}},
        {"at": "CarePlan[supplies]", "value": {
            "status": "active", "intent": "plan", "category": [cc("${cs}/careplan-category", "eisei-zairyo", "衛生材料等")],
            "title": "衛生材料等が必要な処置", "subject": SUBJECT}},
        {"at": "CarePlan[supplies].activity[*]", "value": {"detail": {
            "code": {"text": "衛生材料等が必要な処置"}, "status": "in-progress"}}},
        {"at": "Observation[eisei-umu]", "value": obs("eisei-zairyo-shochi-umu", "衛生材料等が必要な処置の有無")},
    ]),
    ("sections", [RECIPIENT,
        {"title": "看護・リハビリテーションの目標", "code": SECTION("nursing-goal", "看護・リハビリテーションの目標セクション"),
         "entries": ["Goal[goal]"], "narrative": [row("目標", "Goal[goal].description")]},
        {"title": "問題点・解決策・評価", "code": SECTION("problems-solutions", "問題点・解決策・評価セクション"),
         "entries": ["CarePlan[plan]", "Condition[problem-*]"],
         "narrative": [{"repeat": "CarePlan[plan].activity[*]", "rows": [
             row("年月日 {n}", "Condition[problem-{n}].recordedDate"), row("問題点 {n}", "Condition[problem-{n}].code"),
             row("解決策 {n}", "CarePlan[plan].activity[{n}].detail.description"),
             row("評価 {n}", "CarePlan[plan].activity[{n}].progress[eval].text")]},
             row("備考", "CarePlan[plan].note[bikou].text")]},
        {"title": "衛生材料等", "code": SECTION("hygiene-supplies", "衛生材料等セクション"),
         "entries": ["Observation[eisei-umu]", "CarePlan[supplies]"],
         "narrative": [row("処置の有無", "Observation[eisei-umu].valueBoolean"),
                       row("処置の内容", "CarePlan[supplies].activity[*].detail.description"),
                       row("衛生材料（種類・サイズ）等", "CarePlan[supplies].activity[*].detail.productCodeableConcept"),
                       row("必要量", "CarePlan[supplies].note[amount].text")]},
        PHYSICIAN, PROVIDER_SEC]),
])
dump(f"mappings/templates/{k}.json", keikaku)

h = HOUKOKU["form"]
houkoku = collections.OrderedDict([
    ("form", h), ("title", "訪問看護報告書"), ("uuid_namespace", "${base}"),
    ("bundle_profile", "${sd}/" + h + "-bundle"), ("output_prefix", h), ("composition", "Composition[composition]"),
    ("fixed", common_fixed({"coding": [coding("${cs}/document-type", h, "訪問看護報告書")]},
                           None, "訪問看護報告書", "report", "訪問看護報告対象期間", h) + [
        {"at": "Encounter[visit-*]", "value": {
            "status": "finished", "class": coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "HH", "home health"),
            "subject": SUBJECT, "serviceProvider": {"reference": "@Organization[station]"}}},
        {"at": "Observation[course]", "value": obs("byoujou-no-keika", "病状の経過", "exam")},
        {"at": "Procedure[nursing]", "value": {"status": "completed", "code": {"text": "看護・リハビリテーションの内容"},
                                               "subject": SUBJECT, "performer": [{"actor": {"reference": "@Practitioner[author]"}}]}},
        {"at": "Observation[home-care]", "value": obs("katei-no-kaigo-joukyou", "家庭での介護の状況", "social-history")},
        {"at": "Observation[supplies-usage]", "value": obs("eisei-zairyo-shiyou-joukyou", "衛生材料等の使用量および使用状況")},
        {"at": "Observation[supplies-usage].component[name]", "value": {"code": cc("${cs}/observation-code", "eisei-zairyo-meishou", "衛生材料等の名称")}},
        {"at": "Observation[supplies-usage].component[frequency]", "value": {"code": cc("${cs}/observation-code", "shiyou-koukan-hindo", "使用及び交換頻度")}},
        {"at": "Observation[supplies-usage].component[amount]", "value": {"code": cc("${cs}/observation-code", "shiyouryou", "使用量")}},
        {"at": "Observation[supplies-change]", "value": obs("eisei-zairyo-henkou-hitsuyousei", "衛生材料等の種類・量の変更の必要性")},
        {"at": "Observation[remarks]", "value": obs("tokki-jikou", "特記すべき事項")},
    ]),
    ("sections", [RECIPIENT,
        {"title": "訪問日", "code": SECTION("visits", "訪問日セクション"), "entries": ["Encounter[visit-*]"],
         "narrative": [{"repeat": "Encounter[visit-*]", "rows": [
             row("訪問日 {n}", "Encounter[visit-{n}].period.start"), row("区分 {n}", "Encounter[visit-{n}].type[kubun]")]}]},
        {"title": "病状の経過", "code": SECTION("disease-course", "病状の経過セクション"), "entries": ["Observation[course]"],
         "narrative": [row("病状の経過", "Observation[course].valueString")]},
        {"title": "看護・リハビリテーションの内容", "code": SECTION("nursing-content", "看護・リハビリテーションの内容セクション"),
         "entries": ["Procedure[nursing]"], "narrative": [row("内容", "Procedure[nursing].note[content].text")]},
        {"title": "家庭での介護の状況", "code": SECTION("home-care", "家庭での介護の状況セクション"),
         "entries": ["Observation[home-care]"], "narrative": [row("家庭での介護の状況", "Observation[home-care].valueString")]},
        {"title": "衛生材料等", "code": SECTION("hygiene-supplies", "衛生材料等セクション"),
         "entries": ["Observation[supplies-usage]", "Observation[supplies-change]"],
         "narrative": [row("名称", "Observation[supplies-usage].component[name].valueString"),
                       row("使用及び交換頻度", "Observation[supplies-usage].component[frequency].valueString"),
                       row("使用量", "Observation[supplies-usage].component[amount].valueString"),
                       row("変更の必要性", "Observation[supplies-change].valueBoolean"),
                       row("変更内容", "Observation[supplies-change].note[content].text")]},
        {"title": "特記すべき事項", "code": SECTION("remarks", "特記すべき事項セクション"), "entries": ["Observation[remarks]"],
         "narrative": [row("特記すべき事項", "Observation[remarks].valueString")]},
        PHYSICIAN, PROVIDER_SEC]),
])
dump(f"mappings/templates/{h}.json", houkoku)
for name, t in templates2.templates().items():
    dump(f"mappings/templates/{name}.json", t)
print("mappings written")
