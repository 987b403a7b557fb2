#!/usr/bin/env bash
# Installs everything Renkei needs on Debian 12, idempotently: the build dependencies from
# Debian's packages and the pinned FHIR R4 definitions from npm. Fast when all is present.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

packages=(
  build-essential cmake ninja-build pkg-config git
  libsimdjson-dev libxerces-c-dev libicu-dev libfmt-dev
  libboost-dev libboost-program-options-dev libarchive-dev libgoogle-perftools-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev
  nodejs npm
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # nodejs/npm from another source (nvm, NodeSource) are fine too
    if { [ "$p" = nodejs ] && command -v node >/dev/null; } || { [ "$p" = npm ] && command -v npm >/dev/null; }; then
      continue
    fi
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      echo "setup: missing packages (${missing[*]}) and not root: install them with apt-get" >&2
      exit 2
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

"$here/setup-definitions.sh"
