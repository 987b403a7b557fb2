# Field tables of the three admission/discharge forms (issue 6): 別紙様式50, 入院時情報提供書, 退院・退所情報記録書.
# Same shape as forms.py (one row per item: CSV column order, XML path, FHIR destinations), plus several
# repeating groups per form (checkbox lists become a group of coded rows) and declarative checks.
from common import *
from forms import F, NAME_TO, DATE_TIME, COMMON_PATIENT

def table(name, title, rows, cs=None):
    CODES[name] = dict(title=title, target="${cs}/" + (cs or name), cs=cs or name, rows=rows)
def same(*pairs):  # legacy code = FHIR code
    return [(c, c, d) for c, d in pairs]

table("adl-level", "ADLの介助の程度", [("1", "independent", "自立"), ("2", "supervision", "見守り"),
      ("3", "partial-assistance", "一部介助"), ("4", "full-assistance", "全介助")])
table("adl-item", "ADLの項目", [("01", "idou", "移動"), ("02", "ijou", "移乗"), ("03", "koui", "更衣"), ("04", "seiyou", "整容"),
      ("05", "nyuyoku", "入浴"), ("06", "shokuji", "食事"), ("07", "hainyou", "排尿"), ("08", "haiben", "排便"), ("09", "kikyo", "起居動作")])
table("ninchi-kinou", "認知機能の状況", [("1", "no-problem", "問題なし"), ("2", "mild", "軽度低下"), ("3", "moderate-or-severe", "中等度以上の低下")])
table("haisetsu-houhou", "排泄方法", [("1", "toilet", "トイレ"), ("2", "portable-toilet", "ポータブルトイレ"), ("3", "diaper", "おむつ"),
      ("4", "catheter-pouch", "カテーテル・パウチ")])
table("suimin", "睡眠の状態", [("1", "good", "良"), ("2", "poor", "不良")])
table("iryo-shochi", "医療処置", [("01", "tenteki", "点滴"), ("02", "sanso", "酸素療法"), ("03", "kakutan-kyuin", "喀痰吸引"),
      ("04", "kikan-sekkai", "気管切開"), ("05", "irou", "胃ろう"), ("06", "keibi-eiyou", "経鼻栄養"), ("07", "keichou-eiyou", "経腸栄養"),
      ("08", "jokuso", "褥瘡"), ("09", "nyoudou-catheter", "尿道カテーテル"), ("10", "nyouro-stoma", "尿路ストーマ"),
      ("11", "shoukakan-stoma", "消化管ストーマ"), ("12", "itami-control", "痛みコントロール"), ("13", "haiben-control", "排便コントロール"),
      ("14", "jiko-chusha", "自己注射"), ("99", "other", "その他")])
table("byomei-kubun", "病名の区分", [("1", "main", "主病名"), ("2", "secondary", "副病名"), ("3", "history", "既往歴")])
table("eiyou-hyouka", "栄養評価（GLIM基準）", [("1", "no-malnutrition", "低栄養非該当"), ("2", "moderate", "中等度低栄養"),
      ("3", "severe", "重度低栄養")])
table("eiyou-hokyu", "栄養補給方法", [("1", "oral", "経口"), ("2", "enteral", "経腸（経管）"), ("3", "parenteral", "静脈")])
table("enge-gakkai", "嚥下調整食 学会分類2021コード", same(("0j", "0j"), ("0t", "0t"), ("1j", "1j"), ("2-1", "2-1"), ("2-2", "2-2"),
      ("3", "3"), ("4", "4")))
table("toromi", "とろみの程度", [("0", "none", "なし"), ("1", "mild", "薄いとろみ"), ("2", "moderate", "中間のとろみ"), ("3", "extreme", "濃いとろみ")])
table("nintei-joukyou", "要介護認定の状況", [("1", "certified", "認定済"), ("2", "applying", "申請中"), ("3", "change-applying", "区分変更申請中"),
      ("4", "not-applied", "未申請"), ("5", "change-needed", "要区分変更")])
table("futan-wariai", "介護保険の自己負担割合", [("1", "10", "1割"), ("2", "20", "2割"), ("3", "30", "3割"), ("9", "unknown", "不明")])
table("jukyo", "住居の種類", [("1", "detached", "戸建て"), ("2", "apartment", "集合住宅")])
table("setai", "世帯構成", [("1", "alone", "独居"), ("2", "elderly", "高齢者世帯"), ("3", "with-child", "子と同居"), ("9", "other", "その他")])
table("zokugara", "続柄", [("01", "spouse", "配偶者"), ("02", "child", "子"), ("03", "child-in-law", "子の配偶者"), ("04", "grandchild", "孫"),
      ("05", "sibling", "兄弟姉妹"), ("99", "other", "その他")])
table("kaigoryoku", "介護力", [("1", "sufficient", "十分"), ("2", "partial", "一部"), ("3", "none", "見込めない")])
table("conference", "カンファレンス等の希望", [("1", "innai", "院内の多職種カンファレンスへの参加"),
      ("2", "taiin-mae", "退院前カンファレンスへの参加"), ("3", "houmon-shidou", "退院前訪問指導を行う場合の同行")])
table("mahi", "麻痺の状況", [("1", "none", "なし"), ("2", "mild", "軽度"), ("3", "moderate", "中度"), ("4", "severe", "重度")])
table("shokuji-keitai", "食事形態", [("1", "regular", "普通"), ("2", "chopped", "きざみ"), ("3", "dysphagia-diet", "嚥下障害食"),
      ("4", "blended", "ミキサー"), ("5", "tube-feeding", "経管栄養"), ("9", "other", "その他")])
table("enge", "嚥下機能（むせ）", [("1", "none", "むせない"), ("2", "sometimes", "時々むせる"), ("3", "always", "常にむせる")])
table("gishi", "義歯", [("1", "none", "なし"), ("2", "partial", "部分義歯"), ("3", "full", "総義歯")])
table("koukou-seiketsu", "口腔清潔", [("1", "good", "良"), ("2", "poor", "不良"), ("3", "very-poor", "著しく不良")])
table("omutsu", "オムツ・パッドの使用", [("1", "none", "なし"), ("2", "night", "夜間"), ("3", "always", "常時")])
table("ishi-sotsu", "コミュニケーションの状況", [("1", "no-problem", "問題なし"), ("2", "some-difficulty", "やや難あり"), ("3", "difficult", "困難")])
table("seishin", "精神面・認知の課題", [("01", "genshi-genchou", "幻視・幻聴"), ("02", "koufun", "興奮"), ("03", "shousou-fuon", "焦燥・不穏"),
      ("04", "mousou", "妄想"), ("05", "bouryoku", "暴力・攻撃性"), ("06", "kaigo-teikou", "介護への抵抗"), ("07", "fumin", "不眠"),
      ("08", "chuuya-gyakuten", "昼夜逆転"), ("09", "haikai", "徘徊"), ("10", "kiken-koui", "危険行為"), ("11", "fuketsu-koui", "不潔行為"),
      ("12", "ninchi-teika", "認知機能低下"), ("13", "senmou", "せん妄"), ("99", "other", "その他")])
table("shikkan-reki", "疾患歴", [("1", "malignant-tumor", "悪性腫瘍"), ("2", "dementia", "認知症"), ("3", "respiratory-infection", "急性呼吸器感染症"),
      ("4", "cerebrovascular", "脳血管障害"), ("5", "fracture", "骨折"), ("9", "other", "その他")])
table("yakuzai-kanri", "薬剤管理", [("1", "self", "自己管理"), ("2", "others", "他者による管理")])
table("fukuyaku", "服薬状況", [("1", "as-prescribed", "処方通り"), ("2", "sometimes-forgets", "時々飲み忘れ"), ("3", "often-forgets", "飲み忘れが多い"),
      ("4", "refuses", "服薬拒否")])
table("shinsatsu-houhou", "診察方法", [("1", "outpatient", "通院"), ("2", "home-visit", "訪問診療")])
table("idou-shudan", "移動手段", [("1", "independent", "自立"), ("2", "cane", "杖"), ("3", "walker", "歩行器"), ("4", "wheelchair", "車いす"),
      ("9", "other", "その他")])
table("nyuyoku-houhou", "入浴方法", [("1", "independent", "自立"), ("2", "shower", "シャワー浴"), ("3", "general-bath", "一般浴"),
      ("4", "mechanical-bath", "機械浴"), ("5", "none", "行わず")])
table("byoujou-antei", "疾患の状況", [("1", "stable", "安定"), ("2", "unstable", "不安定")])
table("kango-shiten", "退院後に必要な看護の視点", [("01", "ketsuatsu", "血圧"), ("02", "suibun-seigen", "水分制限"), ("03", "shokuji-seigen", "食事制限"),
      ("04", "shoku-keitai", "食形態"), ("05", "enge", "嚥下"), ("06", "koukuu-care", "口腔ケア"), ("07", "seiketsu-care", "清潔ケア"),
      ("08", "kettou-control", "血糖コントロール"), ("09", "haisetsu", "排泄"), ("10", "hifu", "皮膚状態"), ("11", "suimin", "睡眠"),
      ("12", "ninchi-seishin", "認知機能・精神面"), ("13", "fukuyaku-shidou", "服薬指導"), ("14", "ryouyou-shidou", "療養上の指導"),
      ("15", "terminal", "ターミナル"), ("99", "other", "その他")])
table("rehab-shiten", "退院後に必要なリハビリの視点", [("01", "honnin-shidou", "本人指導"), ("02", "kazoku-shidou", "家族指導"),
      ("03", "kansetsu-kadouiki", "関節可動域練習"), ("04", "kinryoku", "筋力増強練習"), ("05", "balance", "バランス練習"),
      ("06", "mahi-kaizen", "麻痺・筋緊張改善練習"), ("07", "kihon-dousa", "起居／立位等基本動作練習"), ("08", "sesshoku-enge", "摂食・嚥下訓練"),
      ("09", "gengo", "言語訓練"), ("10", "adl", "ADL練習"), ("11", "iadl", "IADL練習"), ("12", "toutsuu", "疼痛管理"),
      ("13", "sougu", "更生装具・福祉用具等管理"), ("14", "undou-taiyou", "運動耐容能練習"), ("15", "chiiki-katsudou", "地域活動支援"),
      ("16", "shakai-sanka", "社会参加支援"), ("17", "shuurou", "就労支援"), ("99", "other", "その他")])
table("kaigi-shusseki", "会議出席", [("1", "attended", "有"), ("2", "not-attended", "無")])

CM = lambda name: "${base}/ConceptMap/" + name
def code(id, label, xml, cmap, to, **kw):
    return F(id, label, "code", xml, to=to, concept_map=CM(cmap), **kw)
def text(id, label, xml, to, **kw):
    return F(id, label, "text", xml, to=to, fmt=kw.pop("fmt", "自由記述（改行・カンマ可）"), **kw)
def flag(id, label, xml, to, **kw):
    return F(id, label, "flag", xml, to=to, true=["1"], false=["2"], fmt="1 有 / 2 無", **kw)
def obs_code(id, label, xml, cmap, role=None, **kw):
    return code(id, label, xml, cmap, [f"Observation[{role or id}].valueCodeableConcept"], **kw)
def obs_text(id, label, xml, role=None, **kw):
    return text(id, label, xml, [f"Observation[{role or id}].valueString"], **kw)
def number(id, label, xml, to, unit, **kw):
    return F(id, label, "number", xml, to=to, fmt=f"数値（{unit}）", **kw)

PATIENT_BASIC = [
    F("kana", "利用者氏名フリガナ", "kana", "利用者/フリガナ", required=True, to=NAME_TO("Patient[patient].name[kana]"),
      fmt="カタカナ（半角・ひらがなは全角カタカナに変換）、姓と名は空白で区切る"),
    F("name", "利用者氏名", "person-name", "利用者/氏名", required=True, to=NAME_TO("Patient[patient].name[kanji]"), fmt="姓と名は空白で区切る"),
    F("gender", "性別", "code", "利用者/性別", required=True, concept_map=CM("gender"), to=["Patient[patient].gender"]),
    F("birth", "生年月日", "wareki-date", "利用者/生年月日", required=True, to=["Patient[patient].birthDate"],
      fmt="YYYYMMDD または和暦（昭和15年3月2日, S15.3.2 など）"),
    F("postal", "郵便番号", "text", "利用者/郵便番号", pattern="^[0-9]{3}-?[0-9]{4}$", to=["Patient[patient].address[home].postalCode"], fmt="XXX-XXXX"),
    F("address", "住所", "text", "利用者/住所", to=["Patient[patient].address[home].text"]),
]
PHONE = F("phone", "電話番号", "text", "利用者/電話番号", pattern="^[0-9-]{10,15}$", to=["Patient[patient].telecom[phone].value"])
YOUKAIGO = [
    code("youkaigo", "要介護状態区分", "要介護認定/要介護状態区分", "youkaigo", ["Observation[youkaigo].valueCodeableConcept"]),
    F("nintei-start", "認定有効期間（開始）", "date", "要介護認定/有効期間開始", to=["Observation[youkaigo].effectivePeriod.start"]),
    F("nintei-end", "認定有効期間（終了）", "date", "要介護認定/有効期間終了", to=["Observation[youkaigo].effectivePeriod.end"]),
]
NINTEI_JOUKYOU = obs_code("nintei-joukyou", "要介護認定の状況", "要介護認定/認定の状況", "nintei-joukyou")
JIRITSUDO = [
    obs_code("shougai", "障害高齢者の日常生活自立度", "要介護認定/障害高齢者の日常生活自立度", "shougai-jiritsudo", role="shougai-jiritsudo"),
    obs_code("ninchi", "認知症高齢者の日常生活自立度", "要介護認定/認知症高齢者の日常生活自立度", "ninchi-jiritsudo", role="ninchi-jiritsudo"),
]
HOSPITAL = [
    F("hospital-code", "医療機関コード", "text", "医療機関/医療機関コード", pattern="^[0-9]{10}$",
      to=["Organization[hospital].identifier[iryoukikan].value"], fmt="10桁（都道府県番号2桁 + 点数表番号1桁 + 医療機関コード7桁）"),
    F("hospital-name", "医療機関名", "text", "医療機関/医療機関名", required=True, to=["Organization[hospital].name"]),
]
CM_OFFICE = [
    F("jigyosho", "居宅介護支援事業所番号", "text", "居宅介護支援事業所/事業所番号", required=True, pattern="^[0-9]{10}$",
      to=["Organization[cm-office].identifier[jigyosho].value"], fmt="10桁"),
    F("jigyosho-name", "居宅介護支援事業所名", "text", "居宅介護支援事業所/事業所名", required=True, to=["Organization[cm-office].name"]),
    F("jigyosho-tel", "事業所電話番号", "text", "居宅介護支援事業所/電話番号", pattern="^[0-9-]{10,15}$",
      to=["Organization[cm-office].telecom[phone].value"]),
    F("care-manager", "ケアマネジャー氏名", "person-name", "居宅介護支援事業所/ケアマネジャー氏名", required=True,
      to=NAME_TO("Practitioner[care-manager].name[kanji]")),
]
def adl_group(xml="ADL"):
    return [F("adl-no", "ADL NO", "group-number", "@no", group="adl", fmt="1–99"),
            code("adl-item", "ADL項目", "項目", "adl-item", ["Observation[adl-{n}].code"], group="adl", required=True),
            code("adl-level", "ADL介助の程度", "程度", "adl-level", ["Observation[adl-{n}].valueCodeableConcept"], group="adl", required=True)]
def shochi_group(dest):
    return [F("shochi-no", "医療処置NO", "group-number", "@no", group="shochi", fmt="1–99"),
            code("shochi-code", "医療処置", "処置", "iryo-shochi", [f"{dest}[shochi-{{n}}].code"], group="shochi", required=True),
            text("shochi-detail", "医療処置の内容・留意点", "内容", [f"{dest}[shochi-{{n}}].note[detail].text"], group="shochi")]
SEISHIN = [F("seishin-no", "精神面の課題NO", "group-number", "@no", group="seishin", fmt="1–99"),
           code("seishin-code", "精神面の課題", "課題", "seishin", ["Observation[seishin-{n}].valueCodeableConcept"], group="seishin", required=True)]
CHECKS_STAY = lambda start, end: [{"kind": "date-order", "first": start, "then": end}]
BODY_QTY = lambda role: f"Observation[{role}].valueQuantity"

# ---------------------------------------------------------------- 別紙様式50
Y50 = dict(
    form="kango-eiyou-jouhou", title="看護及び栄養管理等に関する情報（別紙様式50）", prefix="KANGOEIYOU", short="ke",
    xml_root="看護及び栄養管理等に関する情報一覧", xml_record="看護及び栄養管理等に関する情報",
    fields=COMMON_PATIENT + [
        F("created", "記入日", "date", "記入日", required=True,
          to=[{"path": "Composition[composition].date", "format": DATE_TIME}, "Composition[composition].event[care].period.start"]),
    ] + PATIENT_BASIC + HOSPITAL + [
        F("ward", "病棟", "text", "医療機関/病棟", to=["Organization[ward].name"]),
        F("admission", "入院日", "date", "入院/入院日", required=True, to=["Encounter[stay].period.start"]),
        F("discharge", "退院（予定）日", "date", "入院/退院予定日", to=["Encounter[stay].period.end"]),
        text("course", "入院中の経過", "看護/入院中の経過", ["Observation[course].valueString"]),
    ] + JIRITSUDO + [
        obs_code("ninchi-kinou", "認知機能", "看護/認知機能", "ninchi-kinou"),
        obs_code("haisetsu", "排泄方法", "看護/排泄方法", "haisetsu-houhou"),
        obs_code("suimin", "睡眠", "看護/睡眠", "suimin"),
        flag("minzai", "眠剤の使用", "看護/眠剤", ["Observation[suimin].component[minzai].valueBoolean"]),
        flag("jokuso", "褥瘡の有無", "看護/褥瘡の有無", ["Observation[jokuso].valueBoolean"]),
        text("jokuso-detail", "褥瘡の部位・DESIGN-R", "看護/褥瘡の状態", ["Observation[jokuso].note[detail].text"]),
        obs_text("uketome-honnin", "本人の受け止め", "看護/本人の受け止め"),
        obs_text("uketome-kazoku", "家族の受け止め・介護状況", "看護/家族の受け止め"),
        F("nurse", "記入者（看護師）", "person-name", "看護/記入者", required=True, to=NAME_TO("Practitioner[nurse].name[kanji]")),
        number("height", "身長", "栄養/身長", [BODY_QTY("height")], "cm"),
        number("weight", "体重", "栄養/体重", [BODY_QTY("weight")], "kg"),
        number("bmi", "BMI", "栄養/BMI", [BODY_QTY("bmi")], "kg/m2"),
        text("weight-change", "体重変化", "栄養/体重変化", ["Observation[weight].note[change].text"]),
        obs_code("eiyou-hyouka", "栄養評価（GLIM基準）", "栄養/栄養評価", "eiyou-hyouka"),
        number("energy", "必要栄養量 エネルギー", "栄養/必要エネルギー", ["Observation[hitsuyou-eiyou].component[energy].valueQuantity"], "kcal/日"),
        number("protein", "必要栄養量 たんぱく質", "栄養/必要たんぱく質", ["Observation[hitsuyou-eiyou].component[protein].valueQuantity"], "g/日"),
        number("water", "必要栄養量 水分", "栄養/必要水分", ["Observation[hitsuyou-eiyou].component[water].valueQuantity"], "mL/日"),
        obs_code("eiyou-hokyu", "栄養補給方法", "栄養/栄養補給方法", "eiyou-hokyu"),
        flag("enge-chousei", "嚥下調整食の必要性", "栄養/嚥下調整食の必要性", ["Observation[enge-chousei].valueBoolean"]),
        code("enge-code", "嚥下調整食 学会分類コード", "栄養/学会分類コード", "enge-gakkai",
             ["Observation[enge-chousei].component[gakkai].valueCodeableConcept"]),
        obs_code("toromi", "とろみ", "栄養/とろみ", "toromi"),
        text("allergy", "食物アレルギー", "栄養/食物アレルギー", ["AllergyIntolerance[food].code"]),
        obs_text("kinshi", "禁止食品", "栄養/禁止食品", role="kinshi-shokuhin"),
        obs_text("sesshu", "摂取状況", "栄養/摂取状況", role="sesshu-joukyou"),
        F("dietitian", "記入者（管理栄養士）", "person-name", "栄養/記入者", to=NAME_TO("Practitioner[dietitian].name[kanji]")),
        F("byomei-no", "病名NO", "group-number", "@no", group="byomei", fmt="1–99"),
        text("byomei", "病名", "病名", ["Condition[disease-{n}].code"], group="byomei", required=True),
        code("byomei-kubun", "病名の区分", "区分", "byomei-kubun", ["Condition[disease-{n}].category[kubun]"], group="byomei"),
    ] + adl_group() + shochi_group("Procedure") + [
        F("mondai-no", "看護上の問題NO", "group-number", "@no", group="mondai", fmt="1–99"),
        text("mondai", "継続する看護上の問題等", "問題", ["Condition[nursing-problem-{n}].code"], group="mondai", required=True),
        text("care-method", "ケア時の具体的な方法や留意点", "ケアの方法", ["ServiceRequest[care-{n}].note[method].text",
             {"path": "CarePlan[nursing].activity[{n}].reference", "format": "@ServiceRequest[care-{n}]"}], group="mondai"),
    ],
    groups=[dict(id="byomei", label="病名NO", element="病名一覧/病名"), dict(id="adl", label="ADL NO", element="看護/ADL一覧/ADL"),
            dict(id="shochi", label="医療処置NO", element="看護/医療処置一覧/医療処置"),
            dict(id="mondai", label="看護上の問題NO", element="看護/看護上の問題一覧/看護上の問題")],
    keys=["hokensha", "hihokensha", "created"],
    checks=[{"kind": "date-order", "first": "admission", "then": "discharge"},
            {"kind": "bmi", "height": "height", "weight": "weight", "bmi": "bmi", "tolerance": 1.0}],
)

# ---------------------------------------------------------------- 入院時情報提供書
NYUIN = dict(
    form="nyuin-jouhou-teikyousho", title="入院時情報提供書", prefix="NYUINJOHO", short="nj",
    xml_root="入院時情報提供書一覧", xml_record="入院時情報提供書",
    fields=COMMON_PATIENT + [
        F("created", "記入日", "date", "記入日", required=True,
          to=[{"path": "Composition[composition].date", "format": DATE_TIME}]),
        F("provided", "情報提供日", "date", "情報提供日", to=["Composition[composition].event[provision].period.start"]),
        F("admission", "入院日", "date", "入院日", required=True, to=["Encounter[stay].period.start"]),
    ] + PATIENT_BASIC + [PHONE] + HOSPITAL + [
        F("hospital-staff", "医療機関の担当者名", "person-name", "医療機関/担当者名",
          to=[{"path": "Organization[hospital].contact[tantou].name", "part": "text"}]),
    ] + CM_OFFICE + [
        F("jigyosho-fax", "事業所FAX番号", "text", "居宅介護支援事業所/FAX番号", pattern="^[0-9-]{10,15}$",
          to=["Organization[cm-office].telecom[fax].value"]),
    ] + YOUKAIGO + [NINTEI_JOUKYOU] + JIRITSUDO + [
        obs_code("futan-wariai", "介護保険の自己負担割合", "基本情報/自己負担割合", "futan-wariai"),
        obs_code("jukyo", "住環境（住居の種類）", "基本情報/住居の種類", "jukyo", role="jukankyo"),
        F("kyoshitsu-kai", "居室の階", "number", "基本情報/居室階", to=["Observation[jukankyo].component[floor].valueInteger"], fmt="整数"),
        flag("elevator", "エレベーターの有無", "基本情報/エレベーター", ["Observation[jukankyo].component[elevator].valueBoolean"]),
        text("jukankyo-tokki", "住環境の特記事項", "基本情報/住環境特記事項", ["Observation[jukankyo].note[tokki].text"]),
        obs_code("setai", "世帯構成", "家族/世帯構成", "setai"),
        flag("nicchu-dokkyo", "日中独居", "家族/日中独居", ["Observation[setai].component[nicchu-dokkyo].valueBoolean"]),
        F("shukaigo-name", "主介護者氏名", "person-name", "家族/主介護者/氏名", to=NAME_TO("RelatedPerson[main-caregiver].name[kanji]")),
        code("shukaigo-zokugara", "主介護者の続柄", "家族/主介護者/続柄", "zokugara", ["RelatedPerson[main-caregiver].relationship[zokugara]"]),
        F("shukaigo-tel", "主介護者の電話番号", "text", "家族/主介護者/電話番号", pattern="^[0-9-]{10,15}$",
          to=["RelatedPerson[main-caregiver].telecom[phone].value"]),
        F("keyperson-name", "キーパーソン氏名", "person-name", "家族/キーパーソン/氏名", to=NAME_TO("RelatedPerson[key-person].name[kanji]")),
        code("keyperson-zokugara", "キーパーソンの続柄", "家族/キーパーソン/続柄", "zokugara", ["RelatedPerson[key-person].relationship[zokugara]"]),
        F("keyperson-tel", "キーパーソンの連絡先", "text", "家族/キーパーソン/電話番号", pattern="^[0-9-]{10,15}$",
          to=["RelatedPerson[key-person].telecom[phone].value"]),
        obs_text("shumi", "本人の趣味・興味・関心領域等", "意向/趣味"),
        obs_text("seikatsu-reki", "本人の生活歴", "意向/生活歴"),
        obs_text("ikou-honnin", "入院前の本人の生活に対する意向", "意向/本人の意向"),
        obs_text("ikou-kazoku", "入院前の家族の生活に対する意向", "意向/家族の意向"),
        obs_text("service-riyou", "入院前の介護サービスの利用状況", "介護サービスの利用状況"),
        obs_text("zaitaku-youken", "在宅生活に必要な要件", "今後の展望/在宅生活に必要な要件"),
        obs_code("kaigoryoku", "退院後の介護力", "今後の展望/介護力", "kaigoryoku"),
        obs_text("tenbou", "今後の在宅生活の展望（特記事項）", "今後の展望/特記事項"),
        obs_code("mahi", "麻痺の状況", "身体/麻痺", "mahi"),
        flag("jokuso", "褥瘡の有無", "身体/褥瘡", ["Observation[jokuso].valueBoolean"]),
        obs_code("shokuji-keitai", "食事形態", "身体/食事形態", "shokuji-keitai"),
        obs_code("toromi", "水分とろみ", "身体/とろみ", "toromi"),
        obs_code("enge", "嚥下機能", "身体/嚥下機能", "enge"),
        obs_code("gishi", "義歯", "身体/義歯", "gishi"),
        obs_code("koukou-seiketsu", "口腔清潔", "身体/口腔清潔", "koukou-seiketsu"),
        obs_code("omutsu", "オムツ・パッド", "身体/オムツ", "omutsu"),
        obs_code("suimin", "睡眠", "身体/睡眠", "suimin"),
        flag("minzai", "眠剤の使用", "身体/眠剤", ["Observation[suimin].component[minzai].valueBoolean"]),
        obs_code("shiryoku", "視力", "身体/視力", "ishi-sotsu"),
        obs_code("chouryoku", "聴力", "身体/聴力", "ishi-sotsu"),
        obs_code("gengo", "言語", "身体/言語", "ishi-sotsu"),
        obs_code("ishi-sotsu", "意思疎通", "身体/意思疎通", "ishi-sotsu"),
        obs_text("nyuin-reki", "最近半年間での入院（理由・期間）", "身体/最近の入院"),
        text("naifuku", "内服薬", "お薬/内服薬", ["MedicationStatement[naifuku].medicationCodeableConcept"]),
        obs_code("yakuzai-kanri", "薬剤管理", "お薬/薬剤管理", "yakuzai-kanri"),
        obs_code("fukuyaku", "服薬状況", "お薬/服薬状況", "fukuyaku"),
        text("okusuri-tokki", "お薬に関する特記事項", "お薬/特記事項", ["MedicationStatement[naifuku].note[tokki].text"]),
        F("clinic", "かかりつけ医 医療機関名", "text", "かかりつけ医/医療機関名",
          to=["Organization[clinic].name", {"path": "PractitionerRole[physician].organization.reference", "format": "@Organization[clinic]"}]),
        F("clinic-tel", "かかりつけ医 電話番号", "text", "かかりつけ医/電話番号", pattern="^[0-9-]{10,15}$",
          to=["Organization[clinic].telecom[phone].value"]),
        F("doctor", "かかりつけ医 医師名", "person-name", "かかりつけ医/医師名",
          to=NAME_TO("Practitioner[physician].name[kanji]") +
             [{"path": "PractitionerRole[physician].practitioner.reference", "format": "@Practitioner[physician]"}]),
        obs_code("shinsatsu", "診察方法", "かかりつけ医/診察方法", "shinsatsu-houhou", role="shinsatsu-houhou"),
        text("shinsatsu-hindo", "診察頻度", "かかりつけ医/頻度", ["Observation[shinsatsu-houhou].note[hindo].text"], fmt="自由記述（例: 2回/月）"),
        F("conf-no", "カンファレンス希望NO", "group-number", "@no", group="conference", fmt="1–99"),
        code("conf-code", "カンファレンス等の希望", "種類", "conference", ["ServiceRequest[conference-{n}].code"], group="conference", required=True),
        text("conf-youbou", "具体的な要望", "要望", ["ServiceRequest[conference-{n}].note[youbou].text"], group="conference"),
    ] + adl_group() + SEISHIN + [
        F("shikkan-no", "疾患歴NO", "group-number", "@no", group="shikkan", fmt="1–99"),
        code("shikkan-code", "疾患歴", "疾患", "shikkan-reki", ["Condition[shikkan-{n}].code"], group="shikkan", required=True),
        text("shikkan-detail", "疾患歴の詳細", "詳細", ["Condition[shikkan-{n}].note[detail].text"], group="shikkan"),
    ] + shochi_group("Procedure"),
    groups=[dict(id="conference", label="カンファレンス希望NO", element="カンファレンス一覧/カンファレンス"),
            dict(id="adl", label="ADL NO", element="身体/ADL一覧/ADL"), dict(id="seishin", label="精神面の課題NO", element="身体/精神面一覧/精神面"),
            dict(id="shikkan", label="疾患歴NO", element="疾患歴一覧/疾患歴"),
            dict(id="shochi", label="医療処置NO", element="医療処置一覧/医療処置")],
    keys=["hokensha", "hihokensha", "created"],
    checks=[{"kind": "date-order", "first": "nintei-start", "then": "nintei-end"}],
)

# ---------------------------------------------------------------- 退院・退所情報記録書
TAIIN = dict(
    form="taiin-jouhou-kirokusho", title="退院・退所情報記録書", prefix="TAIINJOHO", short="tj",
    xml_root="退院退所情報記録書一覧", xml_record="退院退所情報記録書",
    fields=COMMON_PATIENT + [
        F("created", "記入日", "date", "記入日", required=True, to=[{"path": "Composition[composition].date", "format": DATE_TIME}]),
        F("admission", "入院（所）日", "date", "入院概要/入院日", required=True, to=["Encounter[stay].period.start"]),
        F("discharge", "退院（所）予定日", "date", "入院概要/退院予定日", required=True, to=["Encounter[stay].period.end"]),
        text("gen-in", "入院原因疾患（入所目的等）", "入院概要/原因疾患", ["Encounter[stay].reasonCode[gen-in]"]),
    ] + PATIENT_BASIC + HOSPITAL + [
        F("ward", "入院・入所先の棟・室", "text", "医療機関/棟室", to=["Organization[ward].name"]),
    ] + CM_OFFICE + [
        code("youkaigo", "退院時の要介護度", "要介護認定/要介護状態区分", "youkaigo", ["Observation[youkaigo].valueCodeableConcept"]),
        NINTEI_JOUKYOU,
        F("clinic", "今後の医学管理 医療機関名", "text", "今後の医学管理/医療機関名", to=["Organization[clinic].name"]),
        obs_code("igaku-kanri", "今後の医学管理の方法", "今後の医学管理/方法", "shinsatsu-houhou"),
        obs_code("idou-shudan", "移動手段", "入院中の状況/移動手段", "idou-shudan"),
        obs_code("haisetsu", "排泄方法", "入院中の状況/排泄方法", "haisetsu-houhou"),
        obs_code("nyuyoku", "入浴方法", "入院中の状況/入浴方法", "nyuyoku-houhou"),
        obs_code("shokuji-keitai", "食事形態", "入院中の状況/食事形態", "shokuji-keitai"),
        text("udf", "UDF等の食形態区分", "入院中の状況/UDF区分", ["Observation[shokuji-keitai].note[udf].text"]),
        obs_code("enge", "嚥下機能（むせ）", "入院中の状況/嚥下機能", "enge"),
        obs_code("gishi", "義歯", "入院中の状況/義歯", "gishi"),
        obs_code("koukou-seiketsu", "口腔清潔", "入院中の状況/口腔清潔", "koukou-seiketsu"),
        obs_code("koukou-care", "口腔ケア", "入院中の状況/口腔ケア", "adl-level"),
        obs_code("suimin", "睡眠", "入院中の状況/睡眠", "suimin"),
        flag("minzai", "眠剤の使用", "入院中の状況/眠剤", ["Observation[suimin].component[minzai].valueBoolean"]),
        obs_text("uketome-honnin", "本人の病気・障害・後遺症等の受け止め方", "受け止め/本人の受け止め"),
        obs_text("ikou-honnin", "本人の退院後の生活に関する意向", "受け止め/本人の意向"),
        obs_text("uketome-kazoku", "家族の病気・障害・後遺症等の受け止め方", "受け止め/家族の受け止め"),
        obs_text("ikou-kazoku", "家族の退院後の生活に関する意向", "受け止め/家族の意向"),
        flag("kinki", "禁忌事項の有無", "退院後に必要な事項/禁忌の有無", ["Observation[kinki].valueBoolean"]),
        text("kinki-detail", "禁忌の内容・留意点", "退院後に必要な事項/禁忌の内容", ["Observation[kinki].note[detail].text"]),
        obs_text("yogo", "症状・病状の予後・予測", "退院後に必要な事項/予後"),
        obs_text("sogai", "退院に際しての日常生活の阻害要因", "阻害要因"),
        obs_text("fukki-youken", "在宅復帰のために整えなくてはならない要件", "在宅復帰の要件"),
        F("byomei-no", "疾患NO", "group-number", "@no", group="byomei", fmt="1–99"),
        text("byomei", "現在治療中の疾患", "疾患名", ["Condition[disease-{n}].code"], group="byomei", required=True),
        code("byomei-antei", "疾患の状況", "状況", "byoujou-antei", ["Condition[disease-{n}].stage[status].summary"], group="byomei"),
    ] + SEISHIN + shochi_group("ServiceRequest") + [
        F("kango-no", "看護の視点NO", "group-number", "@no", group="kango", fmt="1–99"),
        code("kango-code", "看護の視点", "視点", "kango-shiten", ["ServiceRequest[kango-{n}].code"], group="kango", required=True),
        text("kango-detail", "看護の視点の詳細", "詳細", ["ServiceRequest[kango-{n}].note[detail].text"], group="kango"),
        F("rehab-no", "リハビリの視点NO", "group-number", "@no", group="rehab", fmt="1–99"),
        code("rehab-code", "リハビリの視点", "視点", "rehab-shiten", ["ServiceRequest[rehab-{n}].code"], group="rehab", required=True),
        text("rehab-detail", "リハビリの視点の詳細", "詳細", ["ServiceRequest[rehab-{n}].note[detail].text"], group="rehab"),
        F("kikitori-no", "聞き取り回目", "group-number", "@no", group="kikitori", fmt="1–99"),
        F("kikitori-date", "聞き取り日", "date", "聞き取り日", group="kikitori", required=True, to=["Encounter[interview-{n}].period.start"]),
        text("kikitori-shokushu", "情報提供を受けた職種（氏名）", "職種氏名", ["Encounter[interview-{n}].participant[informant].type[shokushu].text"],
             group="kikitori", fmt="自由記述（例: 看護師（山田））"),
        code("kikitori-kaigi", "会議出席", "会議出席", "kaigi-shusseki", ["Encounter[interview-{n}].type[kaigi]"], group="kikitori"),
    ],
    groups=[dict(id="byomei", label="疾患NO", element="疾患一覧/疾患"), dict(id="seishin", label="精神面の課題NO", element="入院中の状況/認知精神一覧/認知精神"),
            dict(id="shochi", label="医療処置NO", element="退院後に必要な事項/医療処置一覧/医療処置"),
            dict(id="kango", label="看護の視点NO", element="退院後に必要な事項/看護の視点一覧/看護の視点"),
            dict(id="rehab", label="リハビリの視点NO", element="退院後に必要な事項/リハビリの視点一覧/リハビリの視点"),
            dict(id="kikitori", label="聞き取り回目", element="聞き取り記録/聞き取り")],
    keys=["hokensha", "hihokensha", "created"],
    checks=[{"kind": "date-order", "first": "admission", "then": "discharge"}],
)
FORMS2 = [Y50, NYUIN, TAIIN]
