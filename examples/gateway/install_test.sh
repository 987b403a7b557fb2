#!/usr/bin/env bash
# ctest: `cmake --install` into a temporary prefix, build examples/gateway against the
# installed package with find_package(renkei), and run it on a good and a broken document.
# usage: install_test.sh BUILD_DIR SOURCE_DIR [SANITIZER]
# (a sanitizer build's archive needs the example built with the same -fsanitize)
set -euo pipefail
build="$1" src="$2" sanitize="${3:-}"
flags=""
case "$sanitize" in
  address) flags="-fsanitize=address,undefined" ;;
  thread) flags="-fsanitize=thread" ;;
esac
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
test -f "$work/prefix/include/renkei/renkei.hpp"
test -f "$work/prefix/lib/cmake/renkei/renkeiConfig.cmake"
# The public header must compile on its own, without the engine's include paths.
echo '#include <renkei/renkei.hpp>
int main() { renkei::ValidateOptions o; return o.invariants ? 0 : 1; }' >"$work/header_only.cpp"
c++ -std=c++20 -fsyntax-only -I"$work/prefix/include" "$work/header_only.cpp"
cmake -S "$src/examples/gateway" -B "$work/gateway" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" >/dev/null
cmake --build "$work/gateway" >/dev/null
printf '{"resourceType":"Patient","birthDate":"1974-13-45"}' >"$work/bad.json"
out="$("$work/gateway/gateway" --threads 3 --rounds 5 "$src/samples/fhir/discharge-summary-document.json" "$work/bad.json")"
echo "$out"
grep -q "discharge-summary-document.json: valid" <<<"$out"
grep -q "bad.json: invalid errors=1" <<<"$out"
grep -q "disagreements 0" <<<"$out"
# The installed CLI finds its mappings and profiles under <prefix>/share/renkei and converts a form.
cp "$src/samples/forms/houmon-kango-keikakusho/HKKEIKAKU_H_202304_1360000017_utf8.csv" "$work/form.csv"
docs="$(cd "$work" && "$work/prefix/bin/renkei" convert --to ndjson form.csv | wc -l)"
echo "installed renkei convert: $docs document(s)"
test "$docs" -ge 1
