#!/usr/bin/env bash
# Usage: seed-fhir-cache.sh PACKAGE.tgz
# Unpacks a FHIR NPM package into the FHIR package cache as <cache>/<id>#<version>/package/...,
# reading id and version from its package/package.json. The cache is $FHIR_PACKAGE_CACHE, else
# $HOME/.fhir/packages (the same rule as renkei::definitions::fhir_package_cache_dir()).
# Idempotent: an id#version already in the cache is left as it is.
set -euo pipefail

if [[ $# -ne 1 || ! -f "$1" ]]; then
  echo "usage: $0 PACKAGE.tgz" >&2
  exit 2
fi
tgz="$1"
cache="${FHIR_PACKAGE_CACHE:-$HOME/.fhir/packages}"

manifest="$(tar -xzOf "$tgz" package/package.json)" || {
  echo "error: $tgz has no package/package.json" >&2
  exit 1
}

# First "name" / "version" keys of the manifest: npm puts the package's own ones at top level
# before any nested object that could hold keys of the same name.
manifest_value() {
  printf '%s\n' "$manifest" | sed -n "s/^[[:space:]]*\"$1\"[[:space:]]*:[[:space:]]*\"\([^\"]*\)\".*/\1/p" | head -n 1
}
id="$(manifest_value name)"
version="$(manifest_value version)"
# The two become a folder name: refuse anything that could escape the cache.
valid='^[A-Za-z0-9._@-][A-Za-z0-9._@+-]*$'
if [[ ! "$id" =~ $valid || ! "$version" =~ $valid || "$id" == *..* || "$version" == *..* ]]; then
  echo "error: $tgz: package.json name/version missing or not usable as a folder name" >&2
  exit 1
fi

target="$cache/$id#$version"
if [[ -f "$target/package/package.json" ]]; then
  echo "$id#$version already in $cache"
  exit 0
fi

mkdir -p "$cache"
staging="$(mktemp -d "$cache/.seed-XXXXXX")"
trap 'rm -rf "$staging"' EXIT
tar -xzf "$tgz" -C "$staging" --no-same-owner --no-same-permissions package
chmod -R u+rwX,go+rX "$staging"
rm -rf "$target"  # a half-seeded folder without package.json
mv "$staging" "$target"  # a rename, so a concurrent reader never sees a partial package
trap - EXIT
echo "seeded $id#$version into $cache"
