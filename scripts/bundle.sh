#!/usr/bin/env bash
# Makes the release bundle for closed networks: one archive with the built server (dist/), the built
# staff UI (web/dist), the migrations, the runtime node_modules for linux-x64 and the operators'
# documents. It installs by extracting it: no registry is needed on the target machine.
#   npm run bundle            → release/gyokaku-<version>-linux-x64.tar.gz
#   BUNDLE_SKIP_BUILD=1 …     reuse an existing build (tests build once)
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(node -p 'require("./package.json").version')
name="gyokaku-${version}-linux-x64"
out_dir="${BUNDLE_OUT:-release}"
stage=$(mktemp -d "${TMPDIR:-/tmp}/gyokaku-bundle.XXXXXX")
trap 'rm -rf "$stage"' EXIT

[ "${BUNDLE_SKIP_BUILD:-}" = 1 ] || npm run build
[ -f dist/main.js ] && [ -f web/dist/index.html ] || { echo "dist/ または web/dist がありません。先に npm run build を実行してください。" >&2; exit 1; }

dir="$stage/$name"
mkdir -p "$dir/web" "$dir/docs"
cp -r dist "$dir/dist"
cp -r web/dist "$dir/web/dist"
cp -r migrations "$dir/migrations"
cp -r deploy "$dir/deploy"
cp package.json package-lock.json "$dir/"
cp deploy/README.md "$dir/README.md"
cp docs/operations.md "$dir/docs/" 2>/dev/null || true
[ -d docs/operations ] && cp -r docs/operations "$dir/docs/operations"
# Source maps stay: stack traces in the logs then name the TypeScript lines.

# Runtime packages only, exactly as locked; no install scripts run (none of them needs one: the
# argon2 binary comes as an optional platform package, PGlite is WebAssembly).
(cd "$dir" && npm ci --omit=dev --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error)
# npm's own bookkeeping is not needed to run
rm -f "$dir/node_modules/.package-lock.json"
# ECharts and its renderer ZRender ship prebuilt browser bundles, type declarations and TypeScript sources
# (dist/, types/, src/: about 60 MB) beside the ES modules the server draws with (echarts/core,
# echarts/lib/…, zrender/lib/…, imported only as ES modules): only those are needed
rm -rf "$dir/node_modules/echarts/dist" "$dir/node_modules/echarts/types" "$dir/node_modules/zrender/dist" "$dir/node_modules/zrender/src"

mkdir -p "$out_dir"
tar -C "$stage" -czf "$out_dir/$name.tar.gz" "$name"
installed=$(du -sm "$dir" | cut -f1)
echo "bundle: $out_dir/$name.tar.gz ($(du -h "$out_dir/$name.tar.gz" | cut -f1), installed ${installed} MB)"
