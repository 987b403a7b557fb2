# Field tables of the two forms: one row per item, with its CSV column, XML path and FHIR destinations.
NAME_TO = lambda res: [{"path": f"{res}.text", "part": "text"}, {"path": f"{res}.family", "part": "family"},
                       {"path": f"{res}.given[1]", "part": "given"}]
DATE_TIME = "{value}T00:00:00+09:00"

def F(id, label, type, xml, to=(), required=False, **kw):
    d = dict(id=id, label=label, type=type, xml=xml, to=list(to), required=required)
    d.update(kw)
    return d

COMMON_PATIENT = [
    F("hokensha", "保険者番号", "text", "利用者/保険者番号", required=True, pattern="^[0-9]{6}$",
      to=["Organization[insurer].identifier[hokensha].value"], fmt="6桁の数字"),
    F("hihokensha", "被保険者番号", "text", "利用者/被保険者番号", required=True, pattern="^([0-9]{10}|H[0-9]{9})$",
      to=["Patient[patient].identifier[hihokensha].value", "Coverage[kaigo].identifier[hihokensha].value",
          "Coverage[kaigo].subscriberId"], fmt="10桁の数字（生保単独は H + 9桁）"),
]
PATIENT = [
    F("kana", "利用者氏名フリガナ", "kana", "利用者/フリガナ", required=True,
      to=NAME_TO("Patient[patient].name[kana]"), fmt="カタカナ（半角・ひらがなは全角カタカナに変換）、姓と名は空白で区切る"),
    F("name", "利用者氏名", "person-name", "利用者/氏名", required=True,
      to=NAME_TO("Patient[patient].name[kanji]"), fmt="姓と名は空白で区切る"),
    F("gender", "性別", "code", "利用者/性別", required=True, concept_map="${base}/ConceptMap/gender",
      to=["Patient[patient].gender"]),
    F("birth", "生年月日", "wareki-date", "利用者/生年月日", required=True, to=["Patient[patient].birthDate"],
      fmt="YYYYMMDD または和暦（昭和15年3月2日, S15.3.2 など）"),
    F("postal", "郵便番号", "text", "利用者/郵便番号", pattern="^[0-9]{3}-?[0-9]{4}$",
      to=["Patient[patient].address[home].postalCode"], fmt="XXX-XXXX"),
    F("address", "住所", "text", "利用者/住所", to=["Patient[patient].address[home].text"]),
]
PHONE = [F("phone", "電話番号", "text", "利用者/電話番号", pattern="^[0-9-]{10,15}$",
           to=["Patient[patient].telecom[phone].value"])]
CARE_LEVEL = [
    F("youkaigo", "要介護状態区分", "code", "要介護認定/要介護状態区分", concept_map="${base}/ConceptMap/youkaigo",
      to=["Observation[youkaigo].valueCodeableConcept"]),
]
CERT_PERIOD = [
    F("nintei-start", "認定有効期間（開始）", "date", "要介護認定/有効期間開始", to=["Observation[youkaigo].effectivePeriod.start"]),
    F("nintei-end", "認定有効期間（終了）", "date", "要介護認定/有効期間終了", to=["Observation[youkaigo].effectivePeriod.end"]),
]
JIRITSUDO = [
    F("shougai", "障害高齢者の日常生活自立度", "code", "要介護認定/障害高齢者の日常生活自立度",
      concept_map="${base}/ConceptMap/shougai-jiritsudo", to=["Observation[shougai-jiritsudo].valueCodeableConcept"]),
    F("ninchi", "認知症高齢者の日常生活自立度", "code", "要介護認定/認知症高齢者の日常生活自立度",
      concept_map="${base}/ConceptMap/ninchi-jiritsudo", to=["Observation[ninchi-jiritsudo].valueCodeableConcept"]),
]
PROVIDER = [
    F("jigyosho", "事業所番号", "text", "事業所/事業所番号", required=True, pattern="^[0-9]{10}$",
      to=["Organization[station].identifier[jigyosho].value"], fmt="10桁"),
    F("jigyosho-name", "事業所名", "text", "事業所/事業所名", required=True, to=["Organization[station].name"]),
    F("kanrisha", "管理者氏名", "person-name", "事業所/管理者氏名",
      to=[{"path": "Organization[station].contact[admin].name", "part": "text"}]),
    F("author", "作成者氏名", "person-name", "作成者/氏名", required=True, to=NAME_TO("Practitioner[author].name[kanji]")),
    F("author-job", "作成者職種", "code", "作成者/職種", concept_map="${base}/ConceptMap/shokushu",
      to=["Practitioner[author].qualification[shokushu].code"]),
    F("doctor", "主治医氏名", "person-name", "主治医/氏名",
      to=NAME_TO("Practitioner[physician].name[kanji]") +
         [{"path": "PractitionerRole[physician].practitioner.reference", "format": "@Practitioner[physician]"}]),
    F("clinic", "主治医の医療機関名", "text", "主治医/医療機関名",
      to=["Organization[clinic].name",
          {"path": "PractitionerRole[physician].organization.reference", "format": "@Organization[clinic]"}]),
]

KEIKAKU = dict(
    form="houmon-kango-keikakusho", title="訪問看護計画書", prefix="HKKEIKAKU", xml_root="訪問看護計画書一覧",
    xml_record="訪問看護計画書", short="hkk",
    fields=COMMON_PATIENT + [
        F("created", "計画書作成日", "date", "作成日", required=True,
          to=[{"path": "Composition[composition].date", "format": DATE_TIME},
              "Composition[composition].event[plan].period.start", "CarePlan[plan].period.start",
              "CarePlan[plan].created"]),
    ] + PATIENT + PHONE + CARE_LEVEL + CERT_PERIOD + JIRITSUDO + PROVIDER + [
        F("goal", "看護・リハビリテーションの目標", "text", "計画/目標", required=True, to=["Goal[goal].description"],
          fmt="自由記述（改行・カンマ可）"),
        F("eisei-umu", "衛生材料等が必要な処置の有無", "flag", "衛生材料等/処置の有無", true=["1"], false=["2"],
          to=["Observation[eisei-umu].valueBoolean"], fmt="1 有 / 2 無"),
        F("shochi", "処置の内容", "text", "衛生材料等/処置の内容", to=["CarePlan[supplies].activity[1].detail.description"]),
        F("zairyo", "衛生材料（種類・サイズ）等", "text", "衛生材料等/衛生材料",
          to=["CarePlan[supplies].activity[1].detail.productCodeableConcept"]),
        F("hitsuyouryou", "必要量", "text", "衛生材料等/必要量",
          to=[{"path": "CarePlan[supplies].note[amount].text", "format": "必要量: {value}"}]),
        F("bikou", "備考", "text", "備考", to=["CarePlan[plan].note[bikou].text"], fmt="自由記述"),
        F("plan-no", "計画NO", "group-number", "計画/項目/@no", group="plan", fmt="1–99（同じ NO の行は1項目）"),
        F("plan-date", "年月日", "date", "年月日", group="plan", to=["Condition[problem-{n}].recordedDate"]),
        F("problem", "問題点", "text", "問題点", group="plan", to=["Condition[problem-{n}].code"]),
        F("solution", "解決策", "text", "解決策", group="plan", to=["CarePlan[plan].activity[{n}].detail.description"]),
        F("evaluation", "評価", "text", "評価", group="plan", to=["CarePlan[plan].activity[{n}].progress[eval].text"]),
    ],
    groups=[dict(id="plan", label="計画NO", element="計画/項目")],
    keys=["hokensha", "hihokensha", "created"],
)

HOUKOKU = dict(
    form="houmon-kango-houkokusho", title="訪問看護報告書", prefix="HKHOUKOKU", xml_root="訪問看護報告書一覧",
    xml_record="訪問看護報告書", short="hkh",
    fields=COMMON_PATIENT + [
        F("created", "報告書作成日", "date", "作成日", required=True,
          to=[{"path": "Composition[composition].date", "format": DATE_TIME}]),
        F("month", "報告対象年月", "month", "対象年月", required=True,
          to=["Composition[composition].event[report].period.start", "Composition[composition].event[report].period.end"],
          fmt="YYYYMM"),
    ] + PATIENT + CARE_LEVEL + JIRITSUDO + PROVIDER + [
        F("course", "病状の経過", "text", "病状の経過", to=["Observation[course].valueString"], fmt="自由記述"),
        F("care", "看護・リハビリテーションの内容", "text", "看護の内容", to=["Procedure[nursing].note[content].text"],
          fmt="自由記述"),
        F("home", "家庭での介護の状況", "text", "家庭での介護の状況", to=["Observation[home-care].valueString"], fmt="自由記述"),
        F("supply-name", "衛生材料等の名称", "text", "衛生材料等/名称",
          to=["Observation[supplies-usage].component[name].valueString"]),
        F("supply-frequency", "使用及び交換頻度", "text", "衛生材料等/使用及び交換頻度",
          to=["Observation[supplies-usage].component[frequency].valueString"]),
        F("supply-amount", "使用量", "text", "衛生材料等/使用量",
          to=["Observation[supplies-usage].component[amount].valueString"]),
        F("supply-change", "衛生材料等の種類・量の変更の必要性", "flag", "衛生材料等/変更の必要性", true=["1"], false=["2"],
          to=["Observation[supplies-change].valueBoolean"], fmt="1 有 / 2 無"),
        F("supply-change-text", "変更内容", "text", "衛生材料等/変更内容",
          to=["Observation[supplies-change].note[content].text"]),
        F("remarks", "特記すべき事項", "text", "特記すべき事項", to=["Observation[remarks].valueString"], fmt="自由記述"),
        F("visit-no", "訪問NO", "group-number", "訪問日/訪問/@no", group="visit", fmt="1–99"),
        F("visit-date", "訪問日", "date", "日付", group="visit", required=True,
          to=["Encounter[visit-{n}].period.start"]),
        F("visit-mark", "訪問の記号", "code", "記号", group="visit", concept_map="${base}/ConceptMap/houmon-kigou",
          to=["Encounter[visit-{n}].type[kubun]"], fmt="○ ◎ △ × ◇ □"),
    ],
    groups=[dict(id="visit", label="訪問NO", element="訪問日/訪問")],
    keys=["hokensha", "hihokensha", "created"],
)
FORMS = [KEIKAKU, HOUKOKU]
