import os
import sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import *
from forms import FORMS
from forms2 import FORMS2
TYPES = {"text": "自由記述", "code": "コード", "date": "YYYYMMDD（00000000 = なし）", "wareki-date": "YYYYMMDD または和暦",
         "month": "YYYYMM", "flag": "フラグ", "kana": "カタカナ", "person-name": "氏名（姓 名）", "group-number": "NO（1–99）", "number": "数値"}
def dest(to):
    out = []
    for t in to:
        if isinstance(t, str): out.append(f"`{t}`")
        else:
            s = f"`{t['path']}`"
            if t.get("part"): s += f" ({t['part']})"
            if t.get("format"): s += f" ← `{t['format']}`"
            out.append(s)
    return "<br>".join(out)
for form in FORMS + FORMS2:
    L = [f"# {form['title']}（`{form['form']}`）", "",
         f"Three layouts of CSV version `202208`, all producing the same document (see [README](README.md) for the mapping language).",
         "", "| layout id | input | recognised by |", "|---|---|---|",
         f"| `renkei-{form['short']}-csv-202208` | CSV without header (CP932 as the care-data spec; column 1 = `202208`), free text quoted | version + column count; file prefix `{form['prefix']}` |",
         f"| `renkei-{form['short']}-csvh-202208` | CSV with a header row (UTF-8; header names = the 項目名 below, plus `CSVバージョン`) | header names; prefix `{form['prefix']}_H` |",
         f"| `renkei-{form['short']}-xml-202208` | XML `<{form['xml_root']}>` of `<{form['xml_record']} version=\"202208\">` | root element |",
         "", f"Record keys (rows with the same keys are one {form['title']}): " + ", ".join(f"`{k}`" for k in form["keys"]) +
         ". In CSV, non-key items are written on the first row of the record only (rows for further "
         + " / ".join(g["label"].replace("NO", "").strip() for g in form["groups"]) + " items leave them blank, as in the care-data specification). "
         "Each repeating group has its own NO column; a row may carry one item of several groups.", "",
         "| col | 項目名 | format | required | code list | XML path (under the record element) | FHIR destination |",
         "|---|---|---|---|---|---|---|", "| 1 | CSVバージョン | `202208` | yes | | `@version` | (checked) |"]
    col = 2
    for f in form["fields"]:
        codes = ""
        if f.get("concept_map"):
            name = f["concept_map"].split("/")[-1]
            codes = " ".join(f"{s}={d}" for s, _, d in CODES[name]["rows"]) + f" (ConceptMap `{name}`)"
        if f["type"] == "flag": codes = "1=有 2=無"
        if f.get("group"): codes = (codes + " " if codes else "") + f"(group `{f['group']}`)"
        xml = f["xml"] if not f.get("group") else next(g for g in form["groups"] if g["id"] == f["group"])["element"] + "/" + f["xml"]
        pat = f.get("pattern", "").replace("|", "\\|")
        fmt = TYPES[f["type"]] + ((" — " + f["fmt"]) if f.get("fmt") else "") + ((" pattern `" + pat + "`") if pat else "")
        L.append(f"| {col} | {f['label']} | {fmt} | {'yes' if f.get('required') else ''} | {codes} | `{xml}` | {dest(f['to'])} |")
        col += 1
    if form.get("checks"):
        L += ["", "Record checks (an impossible combination rejects the record, citing the later field):", ""]
        for c in form["checks"]:
            lab = lambda i: next(f["label"] for f in form["fields"] if f["id"] == i)
            if c["kind"] == "date-order": L.append(f"- `date-order`: {lab(c['then'])} must not be before {lab(c['first'])}")
            else: L.append(f"- `bmi`: |{lab(c['bmi'])} − {lab(c['weight'])} / ({lab(c['height'])}/100)²| ≤ {c['tolerance']}")
    if form in FORMS2:
        L += ["", "Code lists are the ConceptMaps in `mappings/conceptmaps/` (legacy code → FHIR code of the CodeSystem "
              "`http://renkei.example.jp/fhir/CodeSystem/<name>` in `profiles/`); a code outside the list rejects the record."]
    L += ["", "Samples: `samples/forms/" + form["form"] + "/` (CP932 CSV with 3 patients, UTF-8 CSV with header, XML). "
          "Golden outputs: `tests/golden/" + form["short"] + "-*/expected.json`.", ""]
    with open(os.path.join(ROOT, f"docs/forms/{form['form']}.md"), "w", encoding="utf-8") as fh: fh.write("\n".join(L))
print("docs written")
