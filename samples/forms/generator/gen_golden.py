import os
import sys, copy; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_samples import *
import shutil
G = os.path.join(ROOT, "tests/golden")
# One case per sample file.
for form in (KEIKAKU, HOUKOKU):
    d = os.path.join(ROOT, f"samples/forms/{form['form']}")
    for f in sorted(os.listdir(d)):
        kind = "xml" if f.endswith(".xml") else ("csv-header" if "_H_" in f else "csv-cp932")
        case = os.path.join(G, f"{form['short']}-{kind}")
        os.makedirs(case, exist_ok=True)
        ext = ".xml" if f.endswith(".xml") else ".csv"
        shutil.copy(os.path.join(d, f), os.path.join(case, "input" + ext))
        with open(os.path.join(case, "form"), "w") as fh: fh.write(form["form"] + "\n")

# Bad input: every kind of problem once, each in its own patient's record, plus good records around them.
def rec(base, **changes):
    r = copy.deepcopy(base); r.update(changes); return r
P = lambda n: f"00000900{n:02d}"
good1 = rec(K_A, hihokensha=P(1))
bad_date = rec(K_B, hihokensha=P(2), created="20231345")
bad_code = rec(K_C, hihokensha=P(3), youkaigo="29")
bad_kana = rec(K_D, hihokensha=P(4), kana="Yamabuki Jiro")
missing = rec(K_B, hihokensha=P(5), name="")
bad_insured = rec(K_C, hihokensha="12345")
good2 = rec(K_D, hihokensha=P(7))
rows = csv_rows(KEIKAKU, [good1, bad_date, bad_code, bad_kana, missing, bad_insured, good2], False)
fields = layout_fields(KEIKAKU)
text = csv_text(rows, None, fields, False)
data = text.encode("cp932")
lines = data.split(b"\r\n")
# A wrong CSV version on the good2 record's row would reject it; use a separate record instead.
wrong_version = csv_text(csv_rows(KEIKAKU, [rec(K_A, hihokensha=P(8))], False), None, fields, False).encode("cp932")
wrong_version = wrong_version.replace(b"202208,", b"201910,", 1)
# An undecodable byte inside the address of another record.
undecodable = csv_text(csv_rows(KEIKAKU, [rec(K_D, hihokensha=P(9))], False), None, fields, False).encode("cp932")
undecodable = undecodable.replace("西新宿".encode("cp932"), b"\xff\xff", 1)
# A quoted field that never closes, at the end of the file.
truncated = csv_text(csv_rows(KEIKAKU, [rec(K_C, hihokensha=P(10))], False), None, fields, False).encode("cp932")
cut = truncated.index("お薬カレンダー".encode("cp932"))
truncated = truncated[:cut]
case = os.path.join(G, "hkk-bad-input"); os.makedirs(case, exist_ok=True)
with open(os.path.join(case, "input.csv"), "wb") as fh: fh.write(data + wrong_version + undecodable + truncated)
with open(os.path.join(case, "form"), "w") as fh: fh.write("houmon-kango-keikakusho\n")
# XML with a bad record between good ones.
x = xml_text(KEIKAKU, [rec(K_A, hihokensha=P(11)), rec(K_B, hihokensha=P(12), birth="昭和70年1月1日"), rec(K_D, hihokensha=P(13))])
case = os.path.join(G, "hkk-bad-xml"); os.makedirs(case, exist_ok=True)
with open(os.path.join(case, "input.xml"), "w", encoding="utf-8") as fh: fh.write(x)
with open(os.path.join(case, "form"), "w") as fh: fh.write("houmon-kango-keikakusho\n")
# Unknown layout.
case = os.path.join(G, "unknown-layout"); os.makedirs(case, exist_ok=True)
with open(os.path.join(case, "input.csv"), "w", encoding="utf-8") as fh: fh.write("201910,1,2,3\r\n")
print("golden inputs written")

# ---- the admission/discharge forms (issue 6): one case per sample file, and bad input per form.
import samples2
from forms2 import Y50, NYUIN, TAIIN
for form in (Y50, NYUIN, TAIIN):
    for kind, path in samples2.sample_paths(form).items():
        case = os.path.join(G, f"{form['short']}-{kind}")
        os.makedirs(case, exist_ok=True)
        shutil.copy(os.path.join(ROOT, path), os.path.join(case, "input" + (".xml" if kind == "xml" else ".csv")))
        with open(os.path.join(case, "form"), "w") as fh: fh.write(form["form"] + "\n")
def rec2(base, **changes):
    r = copy.deepcopy(base); r.update(changes); return r
Q = lambda n: f"00000960{n:02d}"
# Impossible combinations and a checkbox code outside its list, each in its own record between good ones.
bad = {
    Y50["form"]: [rec2(samples2.Y50_A, hihokensha=Q(1)),
                  rec2(samples2.Y50_B, hihokensha=Q(2), discharge="20230401"),            # 退院日 before 入院日
                  rec2(samples2.Y50_B, hihokensha=Q(3), bmi="25.0"),                      # BMI vs height/weight
                  rec2(samples2.Y50_C, hihokensha=Q(4), toromi="7"),                      # とろみ code outside its list
                  rec2(samples2.Y50_C, hihokensha=Q(5), groups={**samples2.Y50_C["groups"], "shochi": [dict(no="1", **{"shochi-code": "42"})]}),
                  rec2(samples2.Y50_C, hihokensha=Q(6), height="abc"),                    # not a number
                  rec2(samples2.Y50_B, hihokensha=Q(7))],
    TAIIN["form"]: [rec2(samples2.TJ_A, hihokensha=Q(11), discharge="20230430"),
                    rec2(samples2.TJ_B, hihokensha=Q(12), groups={**samples2.TJ_B["groups"], "rehab": [dict(no="1", **{"rehab-code": "77"})]}),
                    rec2(samples2.TJ_C, hihokensha=Q(13))],
    NYUIN["form"]: [rec2(samples2.NJ_A, hihokensha=Q(21), **{"nintei-start": "20241101"}),
                    rec2(samples2.NJ_B, hihokensha=Q(22), **{"keyperson-zokugara": "07"}),
                    rec2(samples2.NJ_C, hihokensha=Q(23))],
}
for form in (Y50, NYUIN, TAIIN):
    case = os.path.join(G, f"{form['short']}-bad-input"); os.makedirs(case, exist_ok=True)
    with open(os.path.join(case, "input.csv"), "wb") as fh:
        fh.write(samples2.csv_text(form, samples2.csv_rows(form, bad[form["form"]], False), False).encode("cp932"))
    with open(os.path.join(case, "form"), "w") as fh: fh.write(form["form"] + "\n")
case = os.path.join(G, "ke-bad-xml"); os.makedirs(case, exist_ok=True)
with open(os.path.join(case, "input.xml"), "w", encoding="utf-8") as fh:
    fh.write(samples2.xml_text(Y50, bad[Y50["form"]][:3]))
with open(os.path.join(case, "form"), "w") as fh: fh.write(Y50["form"] + "\n")
print("admission/discharge golden inputs written")
