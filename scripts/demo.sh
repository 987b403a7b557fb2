#!/usr/bin/env bash
# The main job on the bundled samples: convert every legacy form sample to FHIR documents
# (validated as they are written) and validate the bundled FHIR samples; print a summary.
set -euo pipefail
renkei="${1:-build/renkei}"
cd "$(dirname "$0")/.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

status=0
if [ -d samples/forms ] && "$renkei" --help | grep -q "renkei convert"; then
  echo "== convert samples/forms → FHIR document Bundles (validated on the way)"
  mkdir -p "$out/docs"
  "$renkei" convert --output "$out/docs" --summary "$out/summary.json" samples/forms || status=1
  echo "== validate the converted documents again, independently (R4 core + profiles/)"
  "$renkei" validate --package profiles "$out/docs" || status=1
fi
echo "== validate samples/fhir"
"$renkei" validate samples/fhir/*.json || status=1
jp=../shared/reference
if [ -d "$jp/jp-clins-1.5.2" ] && [ -d samples/fhir/jp-clins ]; then
  echo "== validate the JP-CLINS 診療情報提供書 / 退院時サマリー samples (JP Core + JP-CLINS, errata on)"
  "$renkei" validate --jp-clins-errata --package "$jp/jp-core-1.1.2-url/jp-core.r4-1.1.2-url.tgz" \
    --package "$jp/jp-clins-1.5.2/jp-clins.r4-1.5.2-snap.tgz" samples/fhir/jp-clins 2>&1 | tail -n 1 || status=1
fi
echo "== FHIR JSON → XML → JSON round trip of samples/fhir"
n=0
for f in samples/fhir/*.json; do
  "$renkei" format --to xml "$f" > "$out/rt.xml"
  "$renkei" format --to json "$out/rt.xml" > "$out/rt.json"
  "$renkei" format --to json "$f" > "$out/orig.json"
  cmp -s "$out/orig.json" "$out/rt.json" || { echo "round trip changed $f"; status=1; }
  n=$((n + 1))
done
echo "$n sample(s) round-tripped through XML"
exit $status
