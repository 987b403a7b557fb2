# Synthetic records (no real people) and the generic CSV / XML writers of the admission/discharge forms.
import csv, io
from common import *
from forms2 import Y50, NYUIN, TAIIN
from xml.sax.saxutils import escape

VERSION = "202208"
def person(hokensha, hihokensha, kana, name, gender, birth, postal, address, phone=""):
    return dict(hokensha=hokensha, hihokensha=hihokensha, kana=kana, name=name, gender=gender, birth=birth,
                postal=postal, address=address, phone=phone)
A = person("131011", "0000112345", "ハナミズキ サクラ", "花水木 さくら", "2", "昭和13年4月5日", "160-0023",
           "東京都新宿区西新宿9丁目7番1号 はなみずき荘203", "03-0000-0101")
B = person("131011", "0000123456", "ｸｽﾉｷ ｲﾁﾛｳ", "楠木　一郎", "1", "S9.11.20", "1600024", "東京都新宿区西新宿9丁目8番2号", "03-0000-0102")
C = person("132019", "H000134567", "ひいらぎ とめ", "柊 とめ", "2", "19290301", "192-0001", "東京都八王子市架空町4-5-6")
HOSP = {"hospital-code": "1310000011", "hospital-name": "架空中央病院"}
CMO = {"jigyosho": "1370000025", "jigyosho-name": "ひだまり居宅介護支援事業所", "jigyosho-tel": "03-0000-0200",
       "care-manager": "高橋 直子"}
def rec(p, **kw):
    r = dict(p); r.update(kw); return r

Y50_A = rec(A, **HOSP, created="20230610", ward="4階東病棟", admission="20230501", discharge="20230615",
    course="5月1日に右大腿骨頸部骨折で入院し、5月3日に人工骨頭置換術を施行。\n術後はリハビリを継続, 歩行器で病棟内を移動できる。",
    shougai="22", ninchi="03", **{"ninchi-kinou": "2", "haisetsu": "2", "suimin": "2", "minzai": "1", "jokuso": "1",
    "jokuso-detail": "仙骨部 d2-e1s3i0g1n0p0 (DESIGN-R 2020)", "uketome-honnin": "「早く家に帰りたい」と話している。",
    "uketome-kazoku": "長女は自宅での介護を希望しているが, 夜間の介護に不安がある。", "nurse": "中村 明美",
    "height": "150.0", "weight": "42.5", "bmi": "18.9", "weight-change": "入院時 45.0kg から 1か月で 2.5kg 減少",
    "eiyou-hyouka": "2", "energy": "1400", "protein": "55", "water": "1200", "eiyou-hokyu": "1", "enge-chousei": "1",
    "enge-code": "3", "toromi": "1", "allergy": "えび, かに", "kinshi": "生もの（易感染のため）",
    "sesshu": "主食 8割、副食 6割。\n水分はとろみ付きで 1日 1000mL 程度。", "dietitian": "小林 由香"},
    groups={"byomei": [dict(no="1", byomei="右大腿骨頸部骨折", **{"byomei-kubun": "1"}),
                       dict(no="2", byomei="高血圧症", **{"byomei-kubun": "3"}), dict(no="3", byomei="骨粗鬆症", **{"byomei-kubun": "2"})],
            "adl": [dict(no="1", **{"adl-item": "01", "adl-level": "2"}), dict(no="2", **{"adl-item": "05", "adl-level": "3"}),
                    dict(no="3", **{"adl-item": "06", "adl-level": "1"})],
            "shochi": [dict(no="1", **{"shochi-code": "08", "shochi-detail": "1日1回 洗浄後にハイドロコロイド材で被覆"}),
                       dict(no="2", **{"shochi-code": "13", "shochi-detail": "酸化マグネシウム内服, 3日排便なければ坐薬"})],
            "mondai": [dict(no="1", mondai="転倒のリスクがある。", **{"care-method": "歩行時は歩行器を使用し、夜間はポータブルトイレを設置する。"}),
                       dict(no="2", mondai="仙骨部の褥瘡", **{"care-method": "2時間ごとの体位変換, \"除圧マット\"の使用を継続する。"})]})
Y50_B = rec(B, **HOSP, created="20230612", admission="20230520", discharge="20230620",
    course="誤嚥性肺炎で入院。抗菌薬治療で改善した。", shougai="31", ninchi="05",
    **{"haisetsu": "3", "suimin": "1", "minzai": "2", "jokuso": "2", "nurse": "中村 明美", "height": "165", "weight": "50.2",
       "bmi": "18.4", "eiyou-hyouka": "3", "energy": "1500", "protein": "60", "water": "1300", "eiyou-hokyu": "2",
       "enge-chousei": "1", "enge-code": "2-1", "toromi": "2"},
    groups={"byomei": [dict(no="1", byomei="誤嚥性肺炎", **{"byomei-kubun": "1"})],
            "adl": [dict(no="1", **{"adl-item": "01", "adl-level": "4"})], "shochi": [dict(no="1", **{"shochi-code": "06"})],
            "mondai": [dict(no="1", mondai="誤嚥のリスク", **{"care-method": "食事は30度ギャッジアップで介助する。"})]})
Y50_C = rec(C, **HOSP, created="20230615", admission="20230601", shougai="21", ninchi="02",
    **{"nurse": "山田 花", "height": "145.5", "weight": "38", "bmi": "17.9"},
    groups={"byomei": [dict(no="1", byomei="心不全", **{"byomei-kubun": "1"})], "adl": [], "shochi": [], "mondai": []})

NJ_A = rec(A, **HOSP, **CMO, created="20230502", provided="20230502", admission="20230501",
    **{"hospital-staff": "地域連携室 鈴木 誠", "jigyosho-fax": "03-0000-0201", "youkaigo": "22", "nintei-start": "20221101",
       "nintei-end": "20241031", "nintei-joukyou": "1", "shougai": "22", "ninchi": "03", "futan-wariai": "1", "jukyo": "2",
       "kyoshitsu-kai": "2", "elevator": "2", "jukankyo-tokki": "玄関に3段の段差あり。\n浴室に手すりなし。", "setai": "3", "nicchu-dokkyo": "1",
       "shukaigo-name": "花水木 ゆり", "shukaigo-zokugara": "02", "shukaigo-tel": "090-0000-0301", "keyperson-name": "花水木 健",
       "keyperson-zokugara": "03", "keyperson-tel": "090-0000-0302", "shumi": "園芸, 俳句", "seikatsu-reki": "元小学校教諭。夫と死別後は長女夫婦と同居。",
       "ikou-honnin": "住み慣れた自宅で, 花の世話を続けたい。", "ikou-kazoku": "できる限り自宅で介護したい。\n日中は仕事で不在のため通所サービスを利用したい。",
       "service-riyou": "通所介護 週2回、福祉用具貸与（歩行器）", "zaitaku-youken": "トイレまで歩行器で移動できること。",
       "kaigoryoku": "2", "tenbou": "退院後は訪問看護の追加を検討。", "mahi": "1", "jokuso": "2", "shokuji-keitai": "2", "toromi": "1",
       "enge": "2", "gishi": "2", "koukou-seiketsu": "1", "omutsu": "2", "suimin": "2", "minzai": "1", "shiryoku": "1",
       "chouryoku": "2", "gengo": "1", "ishi-sotsu": "1", "nyuin-reki": "2023年1月 肺炎で2週間入院", "naifuku": "アムロジピン錠5mg 1日1回朝食後\n酸化マグネシウム錠330mg 1日3回",
       "yakuzai-kanri": "2", "fukuyaku": "2", "okusuri-tokki": "長女がお薬カレンダーで管理。", "clinic": "さくら在宅クリニック",
       "clinic-tel": "03-0000-0401", "doctor": "松本 健一", "shinsatsu": "2", "shinsatsu-hindo": "2回/月"},
    groups={"conference": [dict(no="1", **{"conf-code": "2", "conf-youbou": "退院前カンファレンスに長女と参加したい。"}),
                           dict(no="2", **{"conf-code": "3"})],
            "adl": [dict(no="1", **{"adl-item": "01", "adl-level": "2"}), dict(no="2", **{"adl-item": "03", "adl-level": "3"}),
                    dict(no="3", **{"adl-item": "05", "adl-level": "3"})],
            "seishin": [dict(no="1", **{"seishin-code": "07"}), dict(no="2", **{"seishin-code": "09"})],
            "shikkan": [dict(no="1", **{"shikkan-code": "5", "shikkan-detail": "2023年5月 右大腿骨頸部骨折"}), dict(no="2", **{"shikkan-code": "2"})],
            "shochi": [dict(no="1", **{"shochi-code": "13", "shochi-detail": "下剤の調整"})]})
NJ_B = rec(B, **HOSP, **CMO, created="20230521", admission="20230520",
    **{"youkaigo": "24", "nintei-joukyou": "1", "shougai": "31", "ninchi": "05", "futan-wariai": "2", "setai": "2",
       "keyperson-name": "楠木 和子", "keyperson-zokugara": "01", "mahi": "3", "jokuso": "1", "shokuji-keitai": "3", "enge": "3"},
    groups={"conference": [], "adl": [dict(no="1", **{"adl-item": "01", "adl-level": "4"})], "seishin": [], "shikkan": [],
            "shochi": [dict(no="1", **{"shochi-code": "02"}), dict(no="2", **{"shochi-code": "03"})]})
NJ_C = rec(C, **HOSP, **CMO, created="20230602", admission="20230601", **{"nintei-joukyou": "2", "setai": "1"},
    groups={"conference": [dict(no="1", **{"conf-code": "1"})], "adl": [], "seishin": [], "shikkan": [], "shochi": []})

TJ_A = rec(A, **HOSP, **CMO, created="20230612", admission="20230501", discharge="20230615", ward="4階東病棟 412号室",
    **{"gen-in": "右大腿骨頸部骨折（自宅で転倒）", "youkaigo": "23", "nintei-joukyou": "5", "clinic": "さくら在宅クリニック",
       "igaku-kanri": "2", "idou-shudan": "3", "haisetsu": "2", "nyuyoku": "2", "shokuji-keitai": "2", "udf": "容易にかめる",
       "enge": "2", "gishi": "2", "koukou-seiketsu": "2", "koukou-care": "3", "suimin": "2", "minzai": "1",
       "uketome-honnin": "骨折は治ったと思っている。", "ikou-honnin": "自宅で花の世話をしたい。", "uketome-kazoku": "歩けるようになるか心配。",
       "ikou-kazoku": "日中は通所介護, 夜間は家族で介護したい。", "kinki": "1", "kinki-detail": "股関節の過屈曲・内旋は禁忌（脱臼予防）。\n正座をしない。",
       "yogo": "歩行器歩行は安定。転倒による再骨折のリスクあり。", "sogai": "夜間のトイレ移動, 段差",
       "fukki-youken": "ポータブルトイレの設置と、玄関の段差解消（手すり）。"},
    groups={"byomei": [dict(no="1", byomei="右大腿骨頸部骨折（術後）", **{"byomei-antei": "1"}), dict(no="2", byomei="高血圧症", **{"byomei-antei": "1"})],
            "seishin": [dict(no="1", **{"seishin-code": "13"})],
            "shochi": [dict(no="1", **{"shochi-code": "08", "shochi-detail": "仙骨部の褥瘡処置を継続"})],
            "kango": [dict(no="1", **{"kango-code": "10", "kango-detail": "仙骨部の皮膚状態の観察"}), dict(no="2", **{"kango-code": "13"})],
            "rehab": [dict(no="1", **{"rehab-code": "02", "rehab-detail": "移乗介助の方法を家族に指導"}), dict(no="2", **{"rehab-code": "10"})],
            "kikitori": [dict(no="1", **{"kikitori-date": "20230605", "kikitori-shokushu": "看護師（中村）", "kikitori-kaigi": "2"}),
                         dict(no="2", **{"kikitori-date": "20230612", "kikitori-shokushu": "理学療法士（井上）, 医療ソーシャルワーカー（森）", "kikitori-kaigi": "1"})]})
TJ_B = rec(B, **HOSP, **CMO, created="20230618", admission="20230520", discharge="20230620",
    **{"youkaigo": "25", "nintei-joukyou": "1", "idou-shudan": "4", "haisetsu": "3", "shokuji-keitai": "5", "enge": "3", "kinki": "2"},
    groups={"byomei": [dict(no="1", byomei="誤嚥性肺炎", **{"byomei-antei": "2"})], "seishin": [],
            "shochi": [dict(no="1", **{"shochi-code": "06"}), dict(no="2", **{"shochi-code": "03"})],
            "kango": [dict(no="1", **{"kango-code": "05"})], "rehab": [dict(no="1", **{"rehab-code": "08"})],
            "kikitori": [dict(no="1", **{"kikitori-date": "20230618", "kikitori-kaigi": "1"})]})
TJ_C = rec(C, **HOSP, **CMO, created="20230620", admission="20230601", discharge="20230625", **{"youkaigo": "12"},
    groups={"byomei": [dict(no="1", byomei="心不全", **{"byomei-antei": "1"})], "seishin": [], "shochi": [], "kango": [],
            "rehab": [], "kikitori": [dict(no="1", **{"kikitori-date": "20230620"})]})
SAMPLES2 = {Y50["form"]: [Y50_A, Y50_B, Y50_C], NYUIN["form"]: [NJ_A, NJ_B, NJ_C], TAIIN["form"]: [TJ_A, TJ_B, TJ_C]}

def group_number_id(form, gid):
    return next(f["id"] for f in form["fields"] if f.get("group") == gid and f["type"] == "group-number")

def csv_rows(form, records, header):
    fields = form["fields"]
    rows = [["CSVバージョン"] + [f["label"] for f in fields]] if header else []
    for r in records:
        n = max([1] + [len(v) for v in r["groups"].values()])
        for i in range(n):
            row = [VERSION]
            for f in fields:
                g = f.get("group")
                if g:
                    items = r["groups"].get(g, [])
                    item = items[i] if i < len(items) else {}
                    key = "no" if f["type"] == "group-number" else f["id"]
                    row.append(item.get(key, ""))
                elif i == 0 or f["id"] in form["keys"]: row.append(r.get(f["id"], ""))
                else: row.append("")
            rows.append(row)
    return rows

def csv_text(form, rows, header):
    out = io.StringIO()
    types = ["version"] + [f["type"] for f in form["fields"]]
    for n, row in enumerate(rows):
        cells = []
        for v, t in zip(row, types):
            quote = (t in ("text", "person-name", "kana") or (header and n == 0)) and v != ""
            cells.append('"' + v.replace('"', '""') + '"' if quote else v)
        out.write(",".join(cells) + "\r\n")
    return out.getvalue()

def xml_text(form, records):
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f"<{form['xml_root']}>"]
    for r in records:
        tree = collections.OrderedDict()
        def node_at(path):
            node = tree
            for p in path:
                node = node.setdefault(p, collections.OrderedDict())
            return node
        for f in form["fields"]:
            if f.get("group") or r.get(f["id"], "") == "": continue
            parts = f["xml"].split("/")
            node_at(parts[:-1])[parts[-1]] = r[f["id"]]
        for g in form["groups"]:
            items = r["groups"].get(g["id"], [])
            if not items: continue
            parts = g["element"].split("/")
            gfields = [f for f in form["fields"] if f.get("group") == g["id"] and f["type"] != "group-number"]
            node_at(parts[:-1]).setdefault("\0items", []).extend(
                f"<{parts[-1]} no=\"{it['no']}\">" + "".join(f"<{f['xml']}>{escape(it[f['id']])}</{f['xml']}>"
                                                           for f in gfields if it.get(f["id"], "")) + f"</{parts[-1]}>"
                for it in items)
        def render(node, indent):
            s = []
            for k, v in node.items():
                if k == "\0items": s += [" " * indent + x for x in v]
                elif isinstance(v, dict):
                    s += [" " * indent + f"<{k}>"] + render(v, indent + 2) + [" " * indent + f"</{k}>"]
                else:
                    s.append(" " * indent + f"<{k}>{escape(v)}</{k}>")
            return s
        lines.append(f"  <{form['xml_record']} version=\"{VERSION}\">")
        lines += render(tree, 4)
        lines.append(f"  </{form['xml_record']}>")
    lines.append(f"</{form['xml_root']}>")
    return "\n".join(lines) + "\n"

def write(path, data, encoding):
    full = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f: f.write(data.encode(encoding))

def sample_paths(form):
    d = f"samples/forms/{form['form']}"
    return {"csv-cp932": f"{d}/{form['prefix']}_202306_1370000025_20230620090000.csv",
            "csv-header": f"{d}/{form['prefix']}_H_202306_1370000025_utf8.csv",
            "xml": f"{d}/{form['prefix']}_202306_1370000025.xml"}

def write_samples():
    for form in (Y50, NYUIN, TAIIN):
        recs = SAMPLES2[form["form"]]
        p = sample_paths(form)
        write(p["csv-cp932"], csv_text(form, csv_rows(form, recs, False), False), "cp932")
        # As for the nursing forms: A in all three files, B in CP932 CSV and XML, C in both CSVs.
        write(p["csv-header"], csv_text(form, csv_rows(form, [recs[0], recs[2]], True), True), "utf-8")
        write(p["xml"], xml_text(form, recs[:2]), "utf-8")
