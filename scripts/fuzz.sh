#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets (clang, ASan+UBSan) into BUILD (default build-fuzz) and
# runs each for FUZZ_SECONDS (default 60), seeded from samples/ and, when present, ../shared/reference
# (copied into a temporary corpus at run time: shared data is never committed). Inputs that crash,
# leak, hang or exhaust memory are kept in $BUILD/fuzz-artifacts/<target>/; reproduce one with
#   $BUILD/tests/fuzz/fuzz_<target> FILE
# then fix it and keep FILE as tests/fuzz/regressions/<target>/<name> (replayed by `make test`).
# Usage: scripts/fuzz.sh [TARGET...]   (FUZZ_SECONDS, FUZZ_JOBS, BUILD from the environment)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD:-$root/build-fuzz}"
seconds="${FUZZ_SECONDS:-60}"
shared="$(realpath -m "$root/../shared/reference")"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fhir_json fhir_xml csv_reader xml_form_reader fhirpath form_converter validate)

if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ is not installed (scripts/setup.sh installs clang and libclang-rt-14-dev)" >&2
  exit 2
fi
# -O1 with line tables only: what libFuzzer recommends, and a much quicker build than -O2 -g.
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG" -DRENKEI_FUZZ=ON -DRENKEI_TESTS=OFF >/dev/null
cmake --build "$build" --target "${targets[@]/#/fuzz_}" -j "${FUZZ_JOBS:-$(nproc)}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# seed TARGET FILE...: copies existing files into the target's corpus.
seed() {
  local dir="$work/$1"; shift
  mkdir -p "$dir"
  local f
  for f in "$@"; do [ -f "$f" ] && cp "$f" "$dir/$(echo "$f" | md5sum | cut -c1-16)-$(basename "$f")"; done
  return 0
}
fhir_examples() {  # a bounded sample of the shared FHIR examples ($1: json|xml)
  [ -d "$shared" ] || return 0
  find "$shared/fhir-test-cases/r4" "$shared/fhirpath-r4" "$shared/jp-clins-1.5.2/examples" -name "*.$1" \
    -size -64k 2>/dev/null | sort | head -n 200
}
csv_samples() { find "$root/samples/forms" -name '*.csv' | sort; }
xml_samples() { find "$root/samples/forms" -name '*.xml' | sort; }
for t in "${targets[@]}"; do
  mkdir -p "$work/$t"
  case "$t" in
    fhir_json) mapfile -t f < <(find "$root/samples/fhir" -name '*.json'; fhir_examples json); seed "$t" "${f[@]}" ;;
    fhir_xml) mapfile -t f < <(fhir_examples xml); seed "$t" "${f[@]}" ;;
    validate) mapfile -t f < <(find "$root/samples/fhir" -name '*.json'; fhir_examples json | head -n 60;
                               fhir_examples xml | head -n 30); seed "$t" "${f[@]}" ;;
    xml_form_reader) mapfile -t f < <(xml_samples); seed "$t" "${f[@]}" ;;
    form_converter) mapfile -t f < <(csv_samples; xml_samples); seed "$t" "${f[@]}" ;;
    csv_reader)
      # The first byte of an input picks the encoding and header mode (fuzz_csv_reader.cpp).
      i=0
      while IFS= read -r f; do
        for mode in '\x00' '\x01' '\x06' '\x12'; do
          { printf "$mode"; cat "$f"; } >"$work/$t/seed-$i"; i=$((i + 1))
        done
      done < <(csv_samples) ;;
    fhirpath)
      if [ -f "$shared/fhir-test-cases/r4/fhirpath/tests-fhir-r4.xml" ]; then
        python3 - "$shared/fhir-test-cases/r4/fhirpath/tests-fhir-r4.xml" "$work/$t" <<'PY'
import sys, xml.etree.ElementTree as ET
for i, e in enumerate(ET.parse(sys.argv[1]).iter('expression')):
    if e.text:
        open(f"{sys.argv[2]}/expr-{i}", "w", encoding="utf-8").write(e.text)
PY
      fi
      for e in "name.given.first()" "Patient.name.where(family = 'Yamada').exists()" \
               "(1 | 2 | 3).repeat(\$this + 1).count() < 10" "contained.resolve()" \
               "extension('http://example.org/e').value * 2.5" "birthDate + 3 months > today()" \
               "managingOrganization.resolve().name.matches('^O.*')" "iif(active, 'a', 'b').length()"; do
        printf '%s' "$e" >"$work/$t/own-$(printf '%s' "$e" | md5sum | cut -c1-12)"
      done ;;
  esac
  # Earlier crashes seed their target too: the fuzzer starts from the known-bad corners.
  [ -d "$root/tests/fuzz/regressions/$t" ] && cp "$root/tests/fuzz/regressions/$t"/* "$work/$t/" 2>/dev/null || true
done

failed=()
for t in "${targets[@]}"; do
  artifacts="$build/fuzz-artifacts/$t"
  mkdir -p "$artifacts"
  echo "fuzz: $t for ${seconds}s ($(ls "$work/$t" | wc -l) seeds)"
  # -rss_limit_mb / -timeout turn memory blow-ups and hangs into findings as well.
  if ! "$build/tests/fuzz/fuzz_$t" "$work/$t" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2560 \
       -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts/" >"$build/fuzz-$t.log" 2>&1; then
    failed+=("$t")
    echo "fuzz: $t FOUND A PROBLEM; input(s) in $artifacts, log $build/fuzz-$t.log:" >&2
    grep -E "ERROR|SUMMARY|==[0-9]+==|Test unit written" "$build/fuzz-$t.log" | head -n 20 >&2 || true
  else
    grep -E "stat::number_of_executed_units|cov:" "$build/fuzz-$t.log" | tail -n 2 || true
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: problems in ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} target(s), no problem found in ${seconds}s each"
