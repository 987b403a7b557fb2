# Throwaway-style generator kept for reproducibility: writes mappings/, profiles/, docs/forms/, samples/forms/
# and the golden inputs from the field tables in forms.py. Run: python3 gen_mappings.py gen_profiles.py …
# Shared definitions for generating the mapping data, profiles, docs and samples (throwaway generator).
import json, os, collections
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../../.."))
BASE = "http://renkei.example.jp/fhir"

def dump(path, obj):
    full = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=2)
        f.write("\n")

# ---- code tables: (legacy code, target code, display) ----
CODES = collections.OrderedDict()
CODES["gender"] = dict(title="性別", target="http://hl7.org/fhir/administrative-gender", own=False, rows=[
    ("1", "male", "男性"), ("2", "female", "女性")])
CODES["youkaigo"] = dict(title="要介護状態区分", target="${cs}/youkaigo-jotai-kubun", cs="youkaigo-jotai-kubun", rows=[
    ("01", "01", "非該当"), ("06", "06", "事業対象者"), ("12", "12", "要支援1"), ("13", "13", "要支援2"),
    ("21", "21", "要介護1"), ("22", "22", "要介護2"), ("23", "23", "要介護3"), ("24", "24", "要介護4"), ("25", "25", "要介護5")])
CODES["shougai-jiritsudo"] = dict(title="障害高齢者の日常生活自立度（寝たきり度）", target="${cs}/shougai-koureisha-jiritsudo",
    cs="shougai-koureisha-jiritsudo", rows=[
    ("01", "independent", "自立"), ("11", "J1", "J1"), ("12", "J2", "J2"), ("21", "A1", "A1"), ("22", "A2", "A2"),
    ("31", "B1", "B1"), ("32", "B2", "B2"), ("41", "C1", "C1"), ("42", "C2", "C2")])
CODES["ninchi-jiritsudo"] = dict(title="認知症高齢者の日常生活自立度", target="${cs}/ninchisho-koureisha-jiritsudo",
    cs="ninchisho-koureisha-jiritsudo", rows=[
    ("01", "independent", "自立"), ("02", "I", "Ⅰ"), ("03", "IIa", "Ⅱa"), ("04", "IIb", "Ⅱb"), ("05", "IIIa", "Ⅲa"),
    ("06", "IIIb", "Ⅲb"), ("07", "IV", "Ⅳ"), ("08", "M", "M")])
CODES["shokushu"] = dict(title="職種", target="${cs}/shokushu", cs="shokushu", rows=[
    ("1", "nurse", "看護師"), ("2", "assistant-nurse", "准看護師"), ("3", "public-health-nurse", "保健師"),
    ("4", "physical-therapist", "理学療法士"), ("5", "occupational-therapist", "作業療法士"), ("6", "speech-therapist", "言語聴覚士")])
CODES["houmon-kigou"] = dict(title="訪問日の記号", target="${cs}/houmon-kubun", cs="houmon-kubun", rows=[
    ("○", "visit", "訪問"), ("◎", "multiple-visits", "1日に2回以上の訪問"), ("△", "special-instruction", "特別訪問看護指示書に基づく訪問"),
    ("×", "emergency", "緊急時訪問"), ("◇", "therapist", "理学療法士等による訪問"), ("□", "long-visit", "長時間訪問")])
