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
  echo "== validate the converted documents again, independently"
  "$renkei" validate "$out/docs" || status=1
fi
echo "== validate samples/fhir"
"$renkei" validate samples/fhir || status=1
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
