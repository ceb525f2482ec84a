#!/usr/bin/env bash
# Vendor Decap CMS's browser bundle into the package, so `almanac build` ships the
# web editor (dist/site/admin/) from a pip install, with no Node and no CDN.
#
# Re-runnable: fetches the pinned tarballs with npm (which checks them against the
# registry's integrity hashes), copies the minified dist files and the licences into
# pipeline/stages/admin/vendor/, and records the sha256 of every copied file in
# SHA256SUMS (tests/test_admin.py checks the shipped files against it).
#
#   bash tools/vendor-decap.sh            # then review `git diff --stat` and commit
set -euo pipefail

DECAP_VERSION=3.16.3        # decap-cms: the all-in-one bundle (decap-cms.js and its lazy chunks)
AUTH_VERSION=3.3.2         # decap-cms-lib-auth: the version decap-cms-app 3.16.3 pins; the one package of the bundle that carries the MIT LICENSE file

here=$(cd "$(dirname "$0")/.." && pwd)
dest="$here/pipeline/stages/admin/vendor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "decap-cms@$DECAP_VERSION" "decap-cms-lib-auth@$AUTH_VERSION" >/dev/null
mkdir cms auth
tar xzf "decap-cms-$DECAP_VERSION.tgz" -C cms
tar xzf "decap-cms-lib-auth-$AUTH_VERSION.tgz" -C auth

rm -rf "$dest"
mkdir -p "$dest"
# The entry file, its lazily loaded chunks (webpack finds them beside the entry
# script, so they must be served from the same folder) and the WebAssembly they load.
cp cms/package/dist/decap-cms.js "$dest/"
cp cms/package/dist/[0-9]*.decap-cms.js "$dest/"
cp cms/package/dist/*.wasm "$dest/"
cp cms/package/dist/decap-cms.js.LICENSE.txt "$dest/THIRD-PARTY-NOTICES.txt"
cp auth/package/LICENSE "$dest/LICENSE"
printf 'decap-cms %s\ndecap-cms-lib-auth %s (LICENSE)\n' "$DECAP_VERSION" "$AUTH_VERSION" >"$dest/VERSION"
(cd "$dest" && sha256sum -- $(ls | grep -v '^SHA256SUMS$' | sort) >SHA256SUMS)
echo "vendored decap-cms $DECAP_VERSION into $dest ($(du -sh "$dest" | cut -f1))"
