#!/usr/bin/env bash
# Runs the CLI cases in tests/cli/cases/*: each folder holds `cmd` (one shell command line;
# $RENKEI is the binary, $CASE the case folder, $TMP a scratch folder, $SHARED ../shared),
# `exit` (the expected exit code) and optionally `stderr` / `stdout` (lines that must each
# appear in that stream, in any order) and `stdout_not` / `stderr_not` (lines that must not).
# `needs_shared` skips a case without ../shared; `needs_mount` skips it where a tmpfs cannot be
# mounted (a full-disk case). Adding a case adds no code.
#
# Hostile-input cases run the binary as `bounded KB SECONDS $RENKEI ...`: a subshell with
# `ulimit -v KB` (address space), `ulimit -t SECONDS` (CPU time) and 3×SECONDS of wall time. Exceeding either kills the
# process with a signal, so its exit code is above 128 and the case fails on the exit code. Under
# a sanitizer (RENKEI_SANITIZE set by CMake) the memory bound is left out: ASan/TSan reserve
# terabytes of address space up front.
set -uo pipefail
RENKEI="$(realpath "$1")"
root="$(cd "$(dirname "$0")" && pwd)"
SHARED="$(realpath -m "$root/../../../shared")"
export RENKEI SHARED
bounded() {
  local kb="$1" seconds="$2"
  shift 2
  (
    [ -n "${RENKEI_SANITIZE:-}" ] || ulimit -v "$kb"
    ulimit -t "$seconds"
    # Wall clock too (a wait on the network uses no CPU); generous, the machine may be busy.
    exec timeout -s KILL "$((seconds * 3))" "$@"
  )
}
export -f bounded
pass=0 fail=0 skip=0
# CLI_CASES (a glob, default *) runs a subset, e.g. CLI_CASES='hostile-*'.
for CASE in "$root"/cases/${CLI_CASES:-*}/; do
  CASE="${CASE%/}"
  name="$(basename "$CASE")"
  if [ -f "$CASE/needs_shared" ] && [ ! -d "$SHARED/reference" ]; then
    skip=$((skip + 1)); continue
  fi
  # needs_mount: the case mounts a small tmpfs (a full disk); skipped where that is not permitted.
  if [ -f "$CASE/needs_mount" ]; then
    probe="$(mktemp -d)"
    if mount -t tmpfs -o size=16k tmpfs "$probe" 2>/dev/null; then umount "$probe"; rmdir "$probe"; else
      rmdir "$probe"; echo "skip $name: cannot mount a tmpfs here"; skip=$((skip + 1)); continue
    fi
  fi
  TMP="$(mktemp -d)"
  export CASE TMP
  (cd "$TMP" && bash -c "$(cat "$CASE/cmd")" >"$TMP/.stdout" 2>"$TMP/.stderr")
  code=$?
  ok=1
  want="$(cat "$CASE/exit")"
  if [ "$code" != "$want" ]; then ok=0; echo "FAIL $name: exit $code, expected $want"; fi
  if [ "$code" -gt 128 ]; then echo "FAIL $name: killed by signal $((code - 128)) (a crash or a resource limit)"; fi
  for stream in stdout stderr; do
    if [ -f "$CASE/$stream" ]; then
      while IFS= read -r line; do
        [ -z "$line" ] && continue
        grep -qF -- "$line" "$TMP/.$stream" || { ok=0; echo "FAIL $name: $stream lacks: $line"; }
      done <"$CASE/$stream"
    fi
    if [ -f "$CASE/${stream}_not" ]; then
      while IFS= read -r line; do
        [ -z "$line" ] && continue
        grep -qF -- "$line" "$TMP/.$stream" && { ok=0; echo "FAIL $name: $stream has: $line"; }
      done <"$CASE/${stream}_not"
    fi
  done
  if [ $ok = 1 ]; then pass=$((pass + 1)); else
    fail=$((fail + 1))
    echo "--- stderr of $name:"; head -20 "$TMP/.stderr"
  fi
  rm -rf "$TMP"
done
echo "cli: $pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
