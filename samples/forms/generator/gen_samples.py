import os
import sys, csv, io; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import *
from forms import KEIKAKU, HOUKOKU
from xml.sax.saxutils import escape, quoteattr

VERSION = "202208"
def patient(hokensha, hihokensha, kana, name, gender, birth, postal, address, phone, youkaigo, shougai, ninchi):
    return dict(hokensha=hokensha, hihokensha=hihokensha, kana=kana, name=name, gender=gender, birth=birth,
                postal=postal, address=address, phone=phone, youkaigo=youkaigo, shougai=shougai, ninchi=ninchi)
STATION = {"jigyosho": "1360000017", "jigyosho-name": "みどり訪問看護ステーション", "kanrisha": "青木 由美",
           "author": "佐藤 恵", "author-job": "1", "doctor": "松本 健一", "clinic": "さくら在宅クリニック"}
A = patient("131011", "0000012345", "ミドリカワ ハナコ", "緑川 花子", "2", "昭和15年3月2日", "160-0023",
            "東京都新宿区西新宿9丁目1番1号 みどりハイツ101", "03-0000-0001", "23", "22", "04")
B = patient("131011", "0000023456", "ｱｵﾔﾏ ﾀﾛｳ", "青山　太郎", "1", "S12.5.10", "1600024", "東京都新宿区西新宿9丁目2番3号",
            "03-0000-0002", "25", "41", "06")
C = patient("132019", "H000034567", "きのした うめ", "木下 うめ", "2", "19300815", "192-0001", "東京都八王子市架空町1-2-3",
            "", "12", "11", "02")
D = patient("131011", "0000045678", "ヤマブキ ジロウ", "山吹 次郎", "1", "平成元年1月8日", "", "東京都新宿区西新宿9丁目4番5号",
            "", "21", "01", "01")

def keikaku(p, created, plans, **extra):
    r = dict(p); r.update(STATION); r["created"] = created
    r.update({"nintei-start": "20230101", "nintei-end": "20231231",
              "goal": "褥瘡の悪化を防ぎ、自宅で安心して療養生活を送ることができる。\n家族の介護負担を軽減する。",
              "eisei-umu": "1", "shochi": "仙骨部褥瘡の処置（洗浄, 被覆）", "zairyo": "ハイドロコロイドドレッシング材 10cm×10cm",
              "hitsuyouryou": "週3枚", "bikou": "訪問予定：週3回（月・水・金）。\n通所介護を週1回利用中。"})
    r.update(extra)
    r["groups"] = {"plan": plans}
    return r
def plan(no, date, problem, solution, evaluation):
    return {"plan-no": no, "plan-date": date, "problem": problem, "solution": solution, "evaluation": evaluation}

K_A = keikaku(A, "20230401", [
    plan("1", "20230401", "仙骨部に褥瘡（d2）があり、悪化のおそれがある。", "2日に1回、洗浄と被覆材の交換を行う。\n体位変換の方法を家族に指導する。", "発赤の範囲は縮小傾向。"),
    plan("2", "20230401", "水分摂取量が少なく、脱水のおそれがある。", "1日の飲水量を記録し、\"こまめな水分補給\"を促す。", ""),
    plan("3", "20230415", "夜間の不眠の訴えがある。", "日中の活動量を増やし、主治医に報告する。", "睡眠時間は6時間程度に改善。")])
K_B = keikaku(B, "20230405", [
    plan("1", "20230405", "在宅酸素療法中で、労作時に息切れがある。", "SpO2を測定し、酸素流量の管理を確認する。", "安定している。"),
    plan("2", "20230405", "ADLの低下により転倒のおそれがある。", "住環境を確認し、手すりの設置を提案する, 福祉用具専門相談員と連携する。", "")],
    **{"eisei-umu": "2", "shochi": "", "zairyo": "", "hitsuyouryou": "", "bikou": ""})
K_C = keikaku(C, "20230410", [
    plan("1", "20230410", "服薬の飲み忘れがある。", "お薬カレンダーを用いて服薬を確認する。", "")],
    **{"eisei-umu": "", "shochi": "", "zairyo": "", "hitsuyouryou": "", "nintei-start": "", "nintei-end": ""})
K_D = keikaku(D, "20230420", [
    plan("1", "20230420", "腰痛のため入浴が困難。", "清拭と部分浴を行う。", "")],
    **{"eisei-umu": "2", "shochi": "", "zairyo": "", "hitsuyouryou": ""})

def houkoku(p, created, month, visits, **extra):
    r = dict(p); r.update(STATION); r["created"] = created; r["month"] = month
    r.update({"course": "褥瘡は縮小傾向にあり、滲出液も減少している。\n食事摂取量は8割程度, 体重は横ばい。",
              "care": "褥瘡処置（洗浄、被覆材交換）、全身状態の観察、服薬確認。\n家族へ体位変換の指導を行った。",
              "home": "長女が日中介護しているが、夜間の介護負担が大きいとの訴えあり。",
              "supply-name": "ハイドロコロイドドレッシング材", "supply-frequency": "2日に1回交換", "supply-amount": "月15枚",
              "supply-change": "1", "supply-change-text": "サイズを10cm×10cmから15cm×15cmに変更が必要。",
              "remarks": "4月20日に緊急訪問あり（発熱38.2℃）。主治医に報告済み。"})
    r.update(extra)
    r["groups"] = {"visit": visits}
    return r
def visit(no, date, mark): return {"visit-no": no, "visit-date": date, "visit-mark": mark}
H_A = houkoku(A, "20230501", "202304", [visit("1", "20230403", "○"), visit("2", "20230405", "○"), visit("3", "20230410", "◎"),
                                       visit("4", "20230420", "×"), visit("5", "20230424", "◇")])
H_B = houkoku(B, "20230502", "202304", [visit("1", "20230406", "○"), visit("2", "20230413", "△"), visit("3", "20230427", "○")],
              **{"supply-name": "", "supply-frequency": "", "supply-amount": "", "supply-change": "2", "supply-change-text": "",
                 "remarks": "", "course": "在宅酸素療法を継続。SpO2は安静時95%前後で経過。"})
H_C = houkoku(C, "20230503", "202304", [visit("1", "20230411", "○")],
              **{"supply-name": "", "supply-frequency": "", "supply-amount": "", "supply-change": "", "supply-change-text": "",
                 "home": "独居。近隣に住む長男が週2回訪問している。"})
H_D = houkoku(D, "20230504", "202304", [visit("1", "20230421", "○"), visit("2", "20230428", "○")],
              **{"supply-name": "", "supply-frequency": "", "supply-amount": "", "supply-change": "2", "supply-change-text": "", "remarks": ""})

def layout_fields(form):
    return [f for f in form["fields"]]

def csv_rows(form, records, header):
    fields = layout_fields(form)
    rows = []
    if header: rows.append(["CSVバージョン"] + [f["label"] for f in fields])
    for r in records:
        gid = form["groups"][0]["id"]
        items = r["groups"][gid]
        for i, item in enumerate(items):
            row = [VERSION]
            for f in fields:
                if f.get("group"): row.append(item.get(f["id"], ""))
                elif i == 0 or f["id"] in form["keys"]: row.append(r.get(f["id"], ""))
                else: row.append("")
            rows.append(row)
    return rows

def csv_text(rows, free_text_ids, fields, header):
    # Free text quoted (the care-data convention); codes, dates and numbers unquoted.
    out = io.StringIO()
    types = ["version"] + [f["type"] for f in fields]
    for n, row in enumerate(rows):
        cells = []
        for v, t in zip(row, types):
            if (t in ("text", "person-name", "kana") or (header and n == 0)) and v != "":
                cells.append('"' + v.replace('"', '""') + '"')
            else:
                cells.append(v)
        out.write(",".join(cells) + "\r\n")
    return out.getvalue()

def xml_text(form, records):
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f"<{form['xml_root']}>"]
    for r in records:
        tree = collections.OrderedDict()
        for f in form["fields"]:
            if f.get("group") or r.get(f["id"], "") == "": continue
            node = tree
            parts = f["xml"].split("/")
            for p in parts[:-1]: node = node.setdefault(p, collections.OrderedDict())
            node[parts[-1]] = r[f["id"]]
        g = form["groups"][0]
        gfields = [f for f in form["fields"] if f.get("group") == g["id"] and f["type"] != "group-number"]
        parent_path, item_name = g["element"].split("/")
        items = []
        for item in r["groups"][g["id"]]:
            no = item[[f for f in form["fields"] if f.get("group") == g["id"] and f["type"] == "group-number"][0]["id"]]
            inner = "".join(f"<{f['xml']}>{escape(item[f['id']])}</{f['xml']}>" for f in gfields if item.get(f["id"], "") != "")
            items.append(f"    <{item_name} no=\"{no}\">{inner}</{item_name}>")
        def render(node, indent):
            s = []
            for k, v in node.items():
                if isinstance(v, dict):
                    s.append(" " * indent + f"<{k}>")
                    s += render(v, indent + 2)
                    if k == parent_path: s += [" " * (indent - 2) + x for x in items]
                    s.append(" " * indent + f"</{k}>")
                else:
                    s.append(" " * indent + f"<{k}>{escape(v)}</{k}>")
            return s
        if parent_path not in tree: tree[parent_path] = collections.OrderedDict()
        lines.append(f"  <{form['xml_record']} version=\"{VERSION}\">")
        lines += render(tree, 4)
        lines.append(f"  </{form['xml_record']}>")
    lines.append(f"</{form['xml_root']}>")
    return "\n".join(lines) + "\n"

def write(path, data, encoding):
    full = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f: f.write(data.encode(encoding))

import samples2
samples2.write_samples()
for form, recs in ((KEIKAKU, dict(cp932=[K_A, K_B, K_C], header=[K_A, K_D], xml=[K_A, K_B])),
                   (HOUKOKU, dict(cp932=[H_A, H_B, H_C], header=[H_A, H_D], xml=[H_A, H_B]))):
    fields = layout_fields(form)
    d = f"samples/forms/{form['form']}"
    write(f"{d}/{form['prefix']}_202304_1360000017_13_20230501090000.csv",
          csv_text(csv_rows(form, recs["cp932"], False), None, fields, False), "cp932")
    write(f"{d}/{form['prefix']}_H_202304_1360000017_utf8.csv",
          csv_text(csv_rows(form, recs["header"], True), None, fields, True), "utf-8")
    write(f"{d}/{form['prefix']}_202304_1360000017.xml", xml_text(form, recs["xml"]), "utf-8")
print("samples written")
