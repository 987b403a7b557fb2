# Document templates of the three admission/discharge forms (issue 6). Narrative rows are derived from the
# field tables: a section lists every field whose first destination lands in one of its entries.
from common import *
from forms2 import Y50, NYUIN, TAIIN
import re

def glob(pattern, text):  # '*' only (brackets are literal, unlike fnmatch)
    return re.fullmatch(".*".join(re.escape(p) for p in pattern.split("*")), text) is not None

CLINS = "http://jpfhir.jp/fhir/clins/CodeSystem/document-section"
def coding(system, code, display=None):
    c = collections.OrderedDict([("system", system), ("code", code)])
    if display: c["display"] = display
    return c
def cc(system, code, display, text=None):
    d = {"coding": [coding(system, code, display)]}
    if text: d["text"] = text
    return d
SUBJECT = {"reference": "@Patient[patient]"}
OBS_CAT = "http://terminology.hl7.org/CodeSystem/observation-category"
def obs(code, display, category="survey"):
    v = {"status": "final", "category": [cc(OBS_CAT, category, None)], "subject": SUBJECT}
    if code: v["code"] = cc("${cs}/observation-code", code, display)
    return v
IDE = {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation", "valueCode": "IDE"}], "use": "official"}
SYL = {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation", "valueCode": "SYL"}], "use": "official"}
ORG_TYPE = "http://terminology.hl7.org/CodeSystem/organization-type"
UCUM = "http://unitsofmeasure.org"
def qty(unit): return {"unit": unit, "system": UCUM, "code": unit}

# Observation roles → (code, display, category) of the project observation-code CodeSystem.
OBS = {
    "youkaigo": ("youkaigo-jotai-kubun", "要介護状態区分", "survey"),
    "shougai-jiritsudo": ("shougai-koureisha-jiritsudo", "障害高齢者の日常生活自立度", "survey"),
    "ninchi-jiritsudo": ("ninchisho-koureisha-jiritsudo", "認知症高齢者の日常生活自立度", "survey"),
    "nintei-joukyou": ("nintei-joukyou", "要介護認定の状況", "survey"),
    "course": ("nyuinchuu-no-keika", "入院中の経過", "exam"),
    "ninchi-kinou": ("ninchi-kinou", "認知機能", "survey"), "haisetsu": ("haisetsu-houhou", "排泄方法", "survey"),
    "suimin": ("suimin", "睡眠", "survey"), "jokuso": ("jokuso", "褥瘡の有無", "exam"),
    "uketome-honnin": ("uketome-honnin", "本人の受け止め", "social-history"),
    "uketome-kazoku": ("uketome-kazoku", "家族の受け止め", "social-history"),
    "eiyou-hyouka": ("eiyou-hyouka", "栄養評価", "survey"), "hitsuyou-eiyou": ("hitsuyou-eiyouryou", "必要栄養量", "survey"),
    "eiyou-hokyu": ("eiyou-hokyu-houhou", "栄養補給方法", "survey"),
    "enge-chousei": ("enge-chouseishoku-hitsuyousei", "嚥下調整食の必要性", "survey"), "toromi": ("toromi", "とろみ", "survey"),
    "kinshi-shokuhin": ("kinshi-shokuhin", "禁止食品", "survey"), "sesshu-joukyou": ("sesshu-joukyou", "摂取状況", "survey"),
    "futan-wariai": ("futan-wariai", "介護保険の自己負担割合", "social-history"), "jukankyo": ("jukankyo", "住環境", "social-history"),
    "setai": ("setai-kousei", "世帯構成", "social-history"), "shumi": ("shumi", "本人の趣味・興味・関心領域等", "social-history"),
    "seikatsu-reki": ("seikatsu-reki", "本人の生活歴", "social-history"),
    "ikou-honnin": ("ikou-honnin", "本人の生活に対する意向", "social-history"),
    "ikou-kazoku": ("ikou-kazoku", "家族の生活に対する意向", "social-history"),
    "service-riyou": ("kaigo-service-riyou", "介護サービスの利用状況", "social-history"),
    "zaitaku-youken": ("zaitaku-youken", "在宅生活に必要な要件", "social-history"),
    "kaigoryoku": ("kaigoryoku", "介護力", "social-history"), "tenbou": ("zaitaku-tenbou", "今後の在宅生活の展望", "social-history"),
    "mahi": ("mahi", "麻痺の状況", "exam"), "shokuji-keitai": ("shokuji-keitai", "食事形態", "survey"),
    "enge": ("enge-kinou", "嚥下機能", "exam"), "gishi": ("gishi", "義歯", "exam"), "koukou-seiketsu": ("koukou-seiketsu", "口腔清潔", "exam"),
    "omutsu": ("omutsu", "オムツ・パッドの使用", "survey"), "shiryoku": ("shiryoku", "視力", "exam"), "chouryoku": ("chouryoku", "聴力", "exam"),
    "gengo": ("gengo", "言語", "exam"), "ishi-sotsu": ("ishi-sotsu", "意思疎通", "survey"),
    "nyuin-reki": ("nyuin-reki", "最近半年間での入院", "social-history"),
    "yakuzai-kanri": ("yakuzai-kanri", "薬剤管理", "survey"), "fukuyaku": ("fukuyaku-joukyou", "服薬状況", "survey"),
    "shinsatsu-houhou": ("shinsatsu-houhou", "かかりつけ医の診察方法", "survey"),
    "igaku-kanri": ("igaku-kanri", "今後の医学管理の方法", "survey"),
    "idou-shudan": ("idou-shudan", "移動手段", "survey"), "nyuyoku": ("nyuyoku-houhou", "入浴方法", "survey"),
    "koukou-care": ("koukou-care", "口腔ケア", "survey"),
    "kinki": ("kinki-jikou", "禁忌事項の有無", "survey"), "yogo": ("yogo-yosoku", "症状・病状の予後・予測", "exam"),
    "sogai": ("sogai-youin", "退院に際しての日常生活の阻害要因", "survey"),
    "fukki-youken": ("zaitaku-fukki-youken", "在宅復帰のために整えなくてはならない要件", "survey"),
    "seishin-*": ("seishin-kadai", "精神面・認知の課題", "survey"),
}
COMPONENTS = {  # (observation role, component key) → code
    ("suimin", "minzai"): ("minzai", "眠剤の使用"), ("jokuso", "x"): None,
    ("hitsuyou-eiyou", "energy"): ("hitsuyou-energy", "必要エネルギー量"),
    ("hitsuyou-eiyou", "protein"): ("hitsuyou-tanpakushitsu", "必要たんぱく質量"),
    ("hitsuyou-eiyou", "water"): ("hitsuyou-suibun", "必要水分量"),
    ("enge-chousei", "gakkai"): ("enge-gakkai-code", "嚥下調整食 学会分類コード"),
    ("jukankyo", "floor"): ("kyoshitsu-kai", "居室の階"), ("jukankyo", "elevator"): ("elevator", "エレベーターの有無"),
    ("setai", "nicchu-dokkyo"): ("nicchu-dokkyo", "日中独居"),
}
UNITS = {("hitsuyou-eiyou", "energy"): "kcal/d", ("hitsuyou-eiyou", "protein"): "g/d", ("hitsuyou-eiyou", "water"): "mL/d"}
OBS_CODES = [(c, d) for c, d, _ in OBS.values()] + [v for v in COMPONENTS.values() if v] + [("adl", "ADL")]

def destinations(form):
    for f in form["fields"]:
        for t in f["to"]:
            yield f, (t if isinstance(t, str) else t["path"])

def fixed_for(form, doc_type, author, custodian, category):
    k = form["form"]
    out = [
        {"at": "Composition[composition]", "value": {
            "meta": {"profile": ["${sd}/" + k + "-composition"]},
            "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/composition-clinicaldocument-versionNumber", "valueString": "1"}],
            "status": "final", "type": doc_type, "category": [category], "subject": SUBJECT,
            "author": [{"reference": author}, {"reference": custodian}], "title": form["title"],
            "custodian": {"reference": custodian}}},
        {"at": "Patient[patient].name[kanji]", "value": IDE}, {"at": "Patient[patient].name[kana]", "value": SYL},
        {"at": "Patient[patient].identifier[hihokensha]", "value": {"system": "${sid-insured}"}},
        {"at": "Patient[patient].address[home]", "value": {"use": "home", "country": "JP"}},
        {"at": "Patient[patient].telecom[phone]", "value": {"system": "phone", "use": "home"}},
        {"at": "Coverage[kaigo]", "value": {"status": "active", "type": cc("${cs}/insurance-type", "kaigo", "介護保険"),
                                            "beneficiary": SUBJECT, "payor": [{"reference": "@Organization[insurer]"}]}},
        {"at": "Coverage[kaigo].identifier[hihokensha]", "value": {"system": "${sid-insured}"}},
        {"at": "Organization[insurer].identifier[hokensha]", "value": {"system": "${sid-insurer}"}},
        {"at": "Organization[insurer]", "value": {"type": [cc(ORG_TYPE, "ins", "Insurance Company")]}},
        {"at": "Organization[hospital]", "value": {"type": [cc(ORG_TYPE, "prov", "Healthcare Provider"),
                                                            cc("${cs}/organization-kind", "hospital", "病院・診療所")]}},
        {"at": "Organization[hospital].identifier[iryoukikan]", "value": {"system": "${sid-medical-institution}"}},
        {"at": "Organization[hospital].contact[tantou]", "value": {"purpose": cc("http://terminology.hl7.org/CodeSystem/contactentity-type", "ADMIN", "Administrative")}},
        {"at": "Organization[ward]", "value": {"type": [cc(ORG_TYPE, "dept", "Hospital Department")], "partOf": {"reference": "@Organization[hospital]"}}},
        {"at": "Organization[cm-office]", "value": {"type": [cc(ORG_TYPE, "prov", "Healthcare Provider"),
                                                             cc("${cs}/organization-kind", "kyotaku-kaigo-shien", "居宅介護支援事業所")]}},
        {"at": "Organization[cm-office].identifier[jigyosho]", "value": {"system": "${sid-office}"}},
        {"at": "Organization[cm-office].telecom[phone]", "value": {"system": "phone", "use": "work"}},
        {"at": "Organization[cm-office].telecom[fax]", "value": {"system": "fax", "use": "work"}},
        {"at": "Organization[clinic].telecom[phone]", "value": {"system": "phone", "use": "work"}},
        {"at": "Practitioner[*].name[kanji]", "value": IDE},
        {"at": "PractitionerRole[physician]", "value": {"code": [cc("http://terminology.hl7.org/CodeSystem/practitioner-role", "doctor", "Doctor", "かかりつけ医")]}},
        {"at": "Encounter[stay]", "value": {"status": "in-progress", "class": coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP", "inpatient encounter"),
                                            "subject": SUBJECT, "serviceProvider": {"reference": "@Organization[hospital]"}}},
        {"at": "Encounter[interview-*]", "value": {"status": "finished", "class": coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"),
                                                   "subject": SUBJECT, "serviceProvider": {"reference": "@Organization[hospital]"}}},
        {"at": "RelatedPerson[*]", "value": {"patient": SUBJECT}},
        {"at": "RelatedPerson[*].name[kanji]", "value": IDE},
        {"at": "RelatedPerson[*].telecom[phone]", "value": {"system": "phone"}},
        {"at": "RelatedPerson[main-caregiver]", "value": {"relationship": [cc("${cs}/related-person-role", "main-caregiver", "主介護者")]}},
        {"at": "RelatedPerson[key-person]", "value": {"relationship": [cc("${cs}/related-person-role", "key-person", "キーパーソン")]}},
        {"at": "Condition[*]", "value": {
            "clinicalStatus": cc("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active"),
            "verificationStatus": cc("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", "Confirmed"), "subject": SUBJECT}},
        {"at": "Condition[nursing-problem-*]", "value": {"category": [cc("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item", "Problem List Item")]}},
        {"at": "Condition[shikkan-*]", "value": {"category": [cc("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item", "Problem List Item")]}},
        {"at": "Procedure[*]", "value": {"status": "in-progress", "subject": SUBJECT}},
        {"at": "ServiceRequest[*]", "value": {"status": "active", "intent": "plan", "subject": SUBJECT}},
        {"at": "ServiceRequest[care-*]", "value": {"code": {"text": "ケア時の具体的な方法や留意点"},
                                                   "reasonReference": [{"reference": "@Condition[nursing-problem-{n}]"}]}},
        {"at": "ServiceRequest[conference-*]", "value": {"requester": {"reference": "@Practitioner[care-manager]"}}},
        {"at": "CarePlan[nursing]", "value": {"status": "active", "intent": "plan", "title": "継続する看護上の問題等とケアの方法",
                                               "category": [cc("${cs}/careplan-category", "kango-keizoku", "継続する看護")],
                                               "subject": SUBJECT, "addresses": [{"reference": "@Condition[nursing-problem-*]"}]}},
        {"at": "AllergyIntolerance[food]", "value": {
            "clinicalStatus": cc("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active", "Active"),
            "verificationStatus": cc("http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "confirmed", "Confirmed"),
            "category": ["food"], "patient": SUBJECT}},
        {"at": "MedicationStatement[naifuku]", "value": {"status": "active", "subject": SUBJECT}},
        {"at": "Observation[adl-*]", "value": obs(None, None)},
        {"at": "Observation[height]", "value": {"status": "final", "category": [cc(OBS_CAT, "vital-signs", "Vital Signs")],
            "code": cc("http://loinc.org", "8302-2", "Body height", "身長"), "subject": SUBJECT, "valueQuantity": qty("cm")}},
        {"at": "Observation[weight]", "value": {"status": "final", "category": [cc(OBS_CAT, "vital-signs", "Vital Signs")],
            "code": cc("http://loinc.org", "29463-7", "Body weight", "体重"), "subject": SUBJECT, "valueQuantity": qty("kg")}},
        {"at": "Observation[bmi]", "value": {"status": "final", "category": [cc(OBS_CAT, "vital-signs", "Vital Signs")],
            "code": cc("http://loinc.org", "39156-5", "Body mass index (BMI) [Ratio]", "BMI"), "subject": SUBJECT, "valueQuantity": qty("kg/m2")}},
    ]
    for role, (c, d, cat) in OBS.items():
        out.append({"at": f"Observation[{role}]", "value": obs(c, d, cat)})
    for (role, key), v in COMPONENTS.items():
        if not v: continue
        val = {"code": cc("${cs}/observation-code", v[0], v[1])}
        if (role, key) in UNITS: val["valueQuantity"] = qty(UNITS[(role, key)])
        out.append({"at": f"Observation[{role}].component[{key}]", "value": val})
    # Only the anchors this form can produce (keeps each template readable).
    produced = set()
    for f, path in destinations(form):
        produced.add(path.split(".")[0].replace("{n}", "*"))
    def used(anchor):
        res = anchor.split(".")[0]
        return any(glob(p, res) or glob(res, p) for p in produced)
    return [x for x in out if used(x["at"])]

def section(code, title, entries, form, national=False):
    c = cc(CLINS, code, title + "セクション") if national else cc("${cs}/document-section", code, title + "セクション")
    rows, repeats = [], collections.OrderedDict()
    for f, path in destinations(form):
        res = path.split(".")[0]
        if path != (f["to"][0] if isinstance(f["to"][0], str) else f["to"][0]["path"]): continue
        if not any(glob(e, res.replace("{n}", "1")) for e in entries): continue
        if f.get("group"):
            repeats.setdefault(res.replace("{n}", "*"), []).append({"label": f["label"] + " {n}", "path": path})
        else:
            rows.append({"label": f["label"], "path": path})
    narrative = rows + [{"repeat": r, "rows": rs} for r, rs in repeats.items()]
    return collections.OrderedDict([("title", title), ("code", c), ("entries", entries), ("narrative", narrative)])

RECIPIENT = lambda form, extra: section("care-recipient", "利用者・要介護認定の状況", ["Patient[patient]", "Coverage[kaigo]", "Organization[insurer]"] + extra, form)
# The section CodeSystem displays must be "<title>セクション"; titles of the national sections follow JP-CLINS.
PROJECT_SECTIONS = collections.OrderedDict()
def P(code, title, entries, form):
    PROJECT_SECTIONS[code] = title + "セクション"
    return section(code, title, entries, form)
NATIONAL = [("322", "入院時詳細"), ("324", "退院時詳細"), ("333", "入院中経過"), ("370", "既往歴"), ("510", "アレルギー・不耐性反応"),
            ("614", "退院時身体所見")]
N = dict((t, c) for c, t in NATIONAL)
def NS(title, entries, form): return section(N[title], title, entries, form, national=True)

def template(form, doc_type, author, custodian, sections):
    category = cc("${cs}/document-category", "nyutaiin-renkei", "入退院時の連携")
    return collections.OrderedDict([
        ("form", form["form"]), ("title", form["title"]), ("uuid_namespace", "${base}"),
        ("bundle_profile", "${sd}/" + form["form"] + "-bundle"), ("output_prefix", form["form"]),
        ("composition", "Composition[composition]"),
        ("fixed", fixed_for(form, doc_type, author, custodian, category)), ("sections", sections)])

def templates():
    y, n, t = Y50, NYUIN, TAIIN
    out = {}
    out[y["form"]] = template(y, {"coding": [coding("${jp-doc-types}", "34746-8", "看護サマリ"), coding("${cs}/document-type", y["form"], "看護及び栄養管理等に関する情報")]},
        "@Practitioner[nurse]", "@Organization[hospital]", [
        RECIPIENT(y, ["Observation[shougai-jiritsudo]", "Observation[ninchi-jiritsudo]"]),
        NS("退院時詳細", ["Encounter[stay]", "Organization[hospital]", "Organization[ward]"], y),
        P("diseases", "病名・既往", ["Condition[disease-*]"], y),
        NS("入院中経過", ["Observation[course]"], y),
        P("adl-status", "ADL・日常生活の状況", ["Observation[adl-*]", "Observation[ninchi-kinou]", "Observation[haisetsu]", "Observation[suimin]"], y),
        P("medical-procedures", "医療処置・褥瘡", ["Procedure[shochi-*]", "Observation[jokuso]"], y),
        P("perception", "本人・家族の受け止めと意向", ["Observation[uketome-honnin]", "Observation[uketome-kazoku]"], y),
        P("nursing-problems", "継続する看護上の問題等", ["CarePlan[nursing]", "Condition[nursing-problem-*]", "ServiceRequest[care-*]"], y),
        NS("退院時身体所見", ["Observation[height]", "Observation[weight]", "Observation[bmi]"], y),
        P("nutrition", "栄養管理等", ["Observation[eiyou-hyouka]", "Observation[hitsuyou-eiyou]", "Observation[eiyou-hokyu]",
            "Observation[enge-chousei]", "Observation[toromi]", "Observation[kinshi-shokuhin]", "Observation[sesshu-joukyou]"], y),
        NS("アレルギー・不耐性反応", ["AllergyIntolerance[food]"], y),
        P("hospital-authors", "医療機関・記入者", ["Organization[hospital]", "Practitioner[nurse]", "Practitioner[dietitian]"], y)])
    out[n["form"]] = template(n, {"coding": [coding("${cs}/document-type", n["form"], "入院時情報提供書")]},
        "@Practitioner[care-manager]", "@Organization[cm-office]", [
        RECIPIENT(n, ["Observation[youkaigo]", "Observation[nintei-joukyou]", "Observation[shougai-jiritsudo]", "Observation[ninchi-jiritsudo]",
                      "Observation[futan-wariai]"]),
        NS("入院時詳細", ["Encounter[stay]", "Organization[hospital]"], n),
        P("living-environment", "住環境", ["Observation[jukankyo]"], n),
        P("family", "家族の構成・連絡先", ["Observation[setai]", "RelatedPerson[*]"], n),
        P("wishes", "本人・家族の意向", ["Observation[shumi]", "Observation[seikatsu-reki]", "Observation[ikou-honnin]", "Observation[ikou-kazoku]"], n),
        P("care-services", "入院前の介護サービスの利用状況", ["Observation[service-riyou]"], n),
        P("home-outlook", "今後の在宅生活の展望", ["Observation[zaitaku-youken]", "Observation[kaigoryoku]", "Observation[tenbou]"], n),
        P("conference", "カンファレンス等の希望", ["ServiceRequest[conference-*]"], n),
        P("physical-function", "身体・生活機能の状況", ["Observation[mahi]", "Observation[jokuso]", "Observation[adl-*]", "Observation[shokuji-keitai]",
            "Observation[toromi]", "Observation[enge]", "Observation[gishi]", "Observation[koukou-seiketsu]", "Observation[omutsu]",
            "Observation[suimin]", "Observation[shiryoku]", "Observation[chouryoku]", "Observation[gengo]", "Observation[ishi-sotsu]",
            "Observation[seishin-*]"], n),
        NS("既往歴", ["Condition[shikkan-*]", "Observation[nyuin-reki]"], n),
        P("medical-procedures", "医療処置・褥瘡", ["Procedure[shochi-*]"], n),
        P("medication", "お薬について", ["MedicationStatement[naifuku]", "Observation[yakuzai-kanri]", "Observation[fukuyaku]"], n),
        P("attending-physician", "主治医", ["PractitionerRole[physician]", "Practitioner[physician]", "Organization[clinic]", "Observation[shinsatsu-houhou]"], n),
        P("care-manager", "居宅介護支援事業所・ケアマネジャー", ["Organization[cm-office]", "Practitioner[care-manager]"], n)])
    out[t["form"]] = template(t, {"coding": [coding("${cs}/document-type", t["form"], "退院・退所情報記録書")]},
        "@Practitioner[care-manager]", "@Organization[cm-office]", [
        RECIPIENT(t, ["Observation[youkaigo]", "Observation[nintei-joukyou]"]),
        NS("退院時詳細", ["Encounter[stay]", "Organization[hospital]", "Organization[ward]", "Organization[clinic]", "Observation[igaku-kanri]"], t),
        P("diseases", "病名・既往", ["Condition[disease-*]"], t),
        P("hospital-stay-status", "入院中の状況", ["Observation[idou-shudan]", "Observation[haisetsu]", "Observation[nyuyoku]",
            "Observation[shokuji-keitai]", "Observation[enge]", "Observation[gishi]", "Observation[koukou-seiketsu]", "Observation[koukou-care]",
            "Observation[suimin]", "Observation[seishin-*]"], t),
        P("perception", "本人・家族の受け止めと意向", ["Observation[uketome-honnin]", "Observation[ikou-honnin]", "Observation[uketome-kazoku]",
            "Observation[ikou-kazoku]"], t),
        P("after-discharge", "退院後に必要な事項", ["ServiceRequest[shochi-*]", "ServiceRequest[kango-*]", "ServiceRequest[rehab-*]",
            "Observation[kinki]", "Observation[yogo]"], t),
        P("discharge-barriers", "阻害要因・在宅復帰の要件", ["Observation[sogai]", "Observation[fukki-youken]"], t),
        P("interviews", "聞き取りの記録", ["Encounter[interview-*]"], t),
        P("care-manager", "居宅介護支援事業所・ケアマネジャー", ["Organization[cm-office]", "Practitioner[care-manager]"], t)])
    return out
