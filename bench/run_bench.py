#!/usr/bin/env python3
"""`make bench`: generates the synthetic corpus, runs renkei_bench, the CLI (for peak RSS) and
the JS peers (../shared/peers, when node and npm are available), and prints ONE table.

  run_bench.py --bench BIN --renkei BIN --source DIR --shared DIR [--docs N] [--work DIR]

--docs (or $RENKEI_BENCH_DOCS, default 20000) sizes the throughput corpus; the RSS runs always
use 1k and 100k documents ($RENKEI_BENCH_RSS_DOCS overrides the large one)."""
import argparse, os, platform, re, shutil, subprocess, sys, tempfile, time


def kv(text):
    out = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2:
            try:
                out[parts[0]] = float(parts[1])
            except ValueError:
                pass
    return out


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout


def log(msg):
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def peers(shared, work, dirs):
    """FHIR.js and Medplum via corpus-run.mjs over each dir: {(dir, tool): res/s}."""
    src = os.path.join(shared, "peers")
    if not (shutil.which("node") and shutil.which("npm") and os.path.isdir(src)):
        return {}, "node/npm or ../shared/peers not available"
    dst = os.path.join(work, "peers")
    if not os.path.isdir(os.path.join(dst, "node_modules")):
        shutil.copytree(src, dst, dirs_exist_ok=True)
        try:
            run(["npm", "install", "--no-audit", "--no-fund"], cwd=dst)
        except subprocess.CalledProcessError as e:
            return {}, "npm install failed: " + e.stderr.strip().splitlines()[-1]
    rates = {}
    for name, d in dirs.items():
        out = run(["node", "corpus-run.mjs", d], cwd=dst)
        for line in out.splitlines():
            m = re.match(r"== (\S+).*\((\d+) res/s, ([\d.]+) MiB/s\)", line)
            if m:
                tool = "FHIR.js" if m.group(1).startswith("FHIR.js") else "Medplum"
                rates[(name, tool)] = float(m.group(2))
    return rates, ""


FORM_SAMPLES = (  # every form's multi-patient UTF-8 CSV sample
    "houmon-kango-keikakusho/HKKEIKAKU_H_202304_1360000017_utf8.csv",
    "houmon-kango-houkokusho/HKHOUKOKU_H_202304_1360000017_utf8.csv",
    "kango-eiyou-jouhou/KANGOEIYOU_H_202306_1370000025_utf8.csv",
    "nyuin-jouhou-teikyousho/NYUINJOHO_H_202306_1370000025_utf8.csv",
    "taiin-jouhou-kirokusho/TAIINJOHO_H_202306_1370000025_utf8.csv",
)


def form_csv(sample, path, records, first_number=1):
    """A multi-patient CSV of one form: the sample's patients (consecutive rows with the same
    保険者番号 + 被保険者番号 form one record) replicated with distinct 被保険者番号, so every record
    is its own document."""
    import csv
    with open(sample, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, groups = rows[0], []
    for r in rows[1:]:
        if not groups or (r[1], r[2]) != (groups[-1][0][1], groups[-1][0][2]):
            groups.append([r])
        else:
            groups[-1].append(r)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        w.writerow(header)
        for i in range(records):
            for r in groups[i % len(groups)]:
                r = list(r)
                r[2] = f"{first_number + i:010d}"
                w.writerow(r)


def forms_corpus(source, work, records, forms=FORM_SAMPLES):
    """The forms corpus: `records` records spread evenly over every form, one CSV per form (a
    layout is recognised per file). Returns the CSV paths, in a fixed order."""
    paths = []
    for k, sample in enumerate(forms):
        sample = os.path.join(source, "samples/forms", sample)
        if not os.path.exists(sample):
            return []
        n = records // len(forms) + (1 if k < records % len(forms) else 0)
        path = os.path.join(work, f"forms-{k + 1}-{os.path.basename(sample)}")
        form_csv(sample, path, n, first_number=1 + k * records)
        paths.append(path)
    return paths


def convert_runs(a, work, records):
    """renkei convert over the forms corpus, with and without validation, per thread count,
    then renkei validate over its output per thread count. Rates include start-up."""
    import json
    csv_paths = forms_corpus(a.source, work, records)
    if not csv_paths:
        return {}
    out = {}
    for label, extra in (("convert", ["--no-validate"]), ("convert_validate", []),
                         ("convert_j2", ["--no-validate", "--jobs", "2"]), ("convert_validate_j2", ["--jobs", "2"])):
        if "--jobs" not in extra:
            extra = extra + ["--jobs", "1"]
        summary = os.path.join(work, f"summary-{label}.json")
        r = kv(run([a.bench, "rss", a.renkei, "convert", "--to", "ndjson", "-o", "-", "--summary", summary] + extra
                   + csv_paths, stdin=subprocess.DEVNULL))
        try:
            with open(summary) as f:
                written = json.load(f).get("written", 0)
        except (OSError, ValueError):
            written = 0
        if r.get("exit") in (0, 1) and written:
            out[label] = written / r["seconds"]
    # The converted documents themselves through the validate pipeline (batch time only).
    docs = os.path.join(work, "converted.ndjson")
    with open(docs, "w") as f:
        subprocess.run([a.renkei, "convert", "--no-validate", "--to", "ndjson", "-o", "-"] + csv_paths, stdout=f,
                       stderr=subprocess.DEVNULL, check=False)
    for jobs in (1, 2):
        summary = os.path.join(work, f"summary-converted-{jobs}.json")
        subprocess.run([a.renkei, "validate", "--jobs", str(jobs), "--format", "json", "--summary", summary, docs],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        try:
            with open(summary) as f:
                s = json.load(f)
            out[f"validate_converted_j{jobs}"] = s["read"] / s["seconds"]
            out["converted_bytes_per_doc"] = s["bytes"] / max(1, s["read"])
        except (OSError, ValueError, KeyError, ZeroDivisionError):
            pass
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", required=True)
    ap.add_argument("--renkei", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--shared", default="")
    ap.add_argument("--docs", type=int, default=int(os.environ.get("RENKEI_BENCH_DOCS", "20000")))
    ap.add_argument("--rss-docs", type=int, default=int(os.environ.get("RENKEI_BENCH_RSS_DOCS", "100000")))
    ap.add_argument("--work", default=os.environ.get("RENKEI_BENCH_DIR", ""))
    a = ap.parse_args()
    work = a.work or tempfile.mkdtemp(prefix="renkei-bench-")
    os.makedirs(work, exist_ok=True)
    ref = os.path.join(a.shared, "reference") if a.shared else ""
    started = time.time()

    log(f"generating {a.docs} documents in {work}")
    corpus = os.path.join(work, "corpus.ndjson")
    docs_dir = os.path.join(work, "docs")
    shutil.rmtree(docs_dir, ignore_errors=True)
    gen = kv(run([a.bench, "generate", str(a.docs), corpus, docs_dir, "500"]))
    small = os.path.join(work, "corpus-1k.ndjson")
    large = os.path.join(work, f"corpus-{a.rss_docs}.ndjson")
    run([a.bench, "generate", "1000", small])
    run([a.bench, "generate", str(a.rss_docs), large])

    r4_dir = ""
    tgz = os.path.join(ref, "fhir", "hl7.fhir.r4.examples-4.0.1-instances.tgz") if ref else ""
    if tgz and os.path.exists(tgz):
        r4_root = os.path.join(work, "r4")
        if not os.path.isdir(os.path.join(r4_root, "package")):
            os.makedirs(r4_root, exist_ok=True)
            run(["tar", "xzf", tgz, "-C", r4_root])
        r4_dir = os.path.join(r4_root, "package")

    jp = []
    if ref:
        for p in ("jp-core-1.1.2-url/jp-core.r4-1.1.2-url.tgz", "jp-clins-1.5.2/jp-clins.r4-1.5.2-snap.tgz"):
            if os.path.exists(os.path.join(ref, p)):
                jp += ["--package", os.path.join(ref, p)]

    log("measuring Renkei (load, validate x1/x2 threads, invariants, simdjson, R4 examples)")
    # Engine load is measured with the definitions in the OS file cache (as on a machine that runs
    # Renkei regularly): one throw-away validation reads them first. A cold disk read after a
    # reboot or a rebuild costs several hundred ms more, which is the disk's, not Renkei's.
    subprocess.run([a.renkei, "validate", "--format", "json", small], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    cmd = [a.bench, "measure", "--corpus", corpus, "--profiles", os.path.join(a.source, "profiles")] + jp
    if r4_dir:
        cmd += ["--r4", r4_dir]
    if jp:
        for d in ("eReferral-example.json", "eDischargeSummary-example.json"):
            path = os.path.join(a.source, "samples", "fhir", "jp-clins", d)
            if os.path.exists(path):
                cmd += ["--jp-doc", path]
    m = kv(run(cmd))

    log("peak RSS: renkei validate --jobs 2 over 1k and %d documents (R4 core + JP Core + JP-CLINS)" % a.rss_docs)
    rss = {}
    for label, path in (("1k", small), ("large", large)):
        out = kv(run([a.bench, "rss", a.renkei, "validate", "--jobs", "2", "--format", "json",
                      "--summary", os.path.join(work, f"summary-{label}.json")] + jp + [path],
                     stdin=subprocess.DEVNULL))
        rss[label] = out

    form_records = max(1000, a.docs // 4)
    log("convert: renkei convert over %d records of the %d forms" % (form_records, len(FORM_SAMPLES)))
    try:
        conv = convert_runs(a, work, form_records)
    except (subprocess.CalledProcessError, OSError):
        conv = {}

    log("JS peers (FHIR.js, Medplum) on 500 generated documents and the R4 examples")
    peer_dirs = {"generated": docs_dir}
    if r4_dir:
        peer_dirs["r4"] = r4_dir
    try:
        p, why = peers(a.shared, work, peer_dirs)
    except (subprocess.CalledProcessError, OSError) as e:
        p, why = {}, f"peer run failed: {e}"

    def f(x, digits=0):
        return "n/a" if x is None else f"{x:,.{digits}f}"

    def ratio(ours, key):
        return "n/a" if key not in p or not ours else f"{ours / p[key]:.1f}×"

    rows = []
    add = lambda *c: rows.append(c)
    add("validate generated documents (docs/s)", f(m.get("validate_j1_docs_s")), f(m.get("validate_j2_docs_s")),
        "target ≥ 10,000/s with 2 threads")
    add("  CPU busy during that run (cores)", f(m.get("validate_j1_cpu"), 2), f(m.get("validate_j2_cpu"), 2),
        "below 2.0 with 2 threads: the machine was busy with other work")
    add("validate generated documents (MB/s)", f(m.get("validate_j1_mb_s"), 1), f(m.get("validate_j2_mb_s"), 1),
        f"{gen.get('corpus_bytes', 0) / max(1, gen.get('corpus_docs', 1)):,.0f} B/doc")
    add("convert forms → documents, no validation (docs/s)", f(conv.get("convert")), f(conv.get("convert_j2")),
        f"renkei convert --no-validate --jobs N over {form_records:,} records, the 5 forms in equal parts; incl. start-up")
    add("convert + validate (docs/s)", f(conv.get("convert_validate")), f(conv.get("convert_validate_j2")),
        "target ≥ 5,000/s with 2 threads; incl. start-up")
    add("validate the converted documents (docs/s)", f(conv.get("validate_converted_j1")),
        f(conv.get("validate_converted_j2")),
        f"renkei validate on convert's output, {f(conv.get('converted_bytes_per_doc'))} B/doc; batch time")
    add("validate, invariants off (docs/s)", f(m.get("inv_off_docs_s")), "",
        f"invariants cost {100 * (1 - m['inv_on_docs_s'] / m['inv_off_docs_s']):.0f}% of validation time"
        if m.get("inv_off_docs_s") else "")
    add("simdjson raw parse, same docs (docs/s)", f(m.get("simdjson_docs_s")), "",
        f"{f(m.get('simdjson_mb_s'))} MB/s: the ceiling")
    add("R4 examples corpus validate (res/s)", f(m.get("r4_docs_s")), "",
        f"{f(m.get('r4_mb_s'), 1)} MB/s; {int(m.get('r4_invalid', 0))} with errors")
    add("R4 examples, invariants off (res/s)", f(m.get("r4_noinv_docs_s")), "", "")
    if m.get("r4_invariant_evals") and m.get("r4_docs_s") and m.get("r4_noinv_docs_s"):
        r4_docs = 712
        added = r4_docs / m["r4_docs_s"] - r4_docs / m["r4_noinv_docs_s"]  # seconds the invariants add per pass
        evals = m["r4_invariant_evals"]
        add("R4 examples: invariant evaluations per pass", f(evals), "",
            f"{f(evals / added) if added > 0 else 'n/a'} evaluations/s of invariant time; "
            f"{f(evals / (r4_docs / m['r4_docs_s']))} per second of full validation")
    for tool in ("FHIR.js", "Medplum"):
        add(f"{tool} on generated documents (res/s)", f(p.get(("generated", tool))), "",
            f"Renkei ÷ {tool} = {ratio(m.get('validate_j1_docs_s'), ('generated', tool))} (1 thread)")
        add(f"{tool} on R4 examples (res/s)", f(p.get(("r4", tool))), "",
            f"Renkei ÷ {tool} = {ratio(m.get('r4_docs_s'), ('r4', tool))}"
            + (" (target ≥ 5×)" if tool == "FHIR.js" else ""))
    r1, rl = rss["1k"].get("rss_kb", 0) / 1024, rss["large"].get("rss_kb", 0) / 1024
    add("peak RSS, 1k documents (MB)", "", f(r1), "R4 core + JP Core + JP-CLINS; target ≤ 300 MB")
    add(f"peak RSS, {a.rss_docs // 1000}k documents (MB)", "", f(rl),
        f"+{100 * (rl - r1) / r1:.1f}% over 1k (target ≤ 10%); {rss['large'].get('seconds', 0):.1f} s"
        if r1 else "")
    add("engine load → first validated document (ms)", f(m.get("load_ms")), "",
        "R4 core + project profiles; target < 500 ms")
    add("  … with JP Core + JP-CLINS packages (ms)", f(m.get("load_jp_ms")), "", "")
    if m.get("jp_doc_ms") is not None:
        add("JP-CLINS 診療情報提供書 / 退院時サマリー, warm (ms/document)", f(m.get("jp_doc_ms"), 2), "",
            f"samples/fhir/jp-clins, read + full validation; {int(m.get('jp_doc_invalid', 0))} invalid; "
            "target well under 10 ms (issue #7)")

    print()
    print(f"Renkei benchmark — {time.strftime('%Y-%m-%d')}, {platform.node()}, {os.cpu_count()} CPUs, "
          f"{platform.processor() or platform.machine()}; corpus {a.docs:,} documents")
    print()
    print("| measure | 1 thread | 2 threads | notes |")
    print("|---|---:|---:|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    if why:
        print(f"\nJS peers not run: {why}")
    print(f"\nThroughput: best of 2–3 runs; load average at the end {os.getloadavg()[0]:.1f}.")
    print(f"(bench wall time {time.time() - started:.0f} s; work dir {work})")
    if not a.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
