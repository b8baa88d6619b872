#!/usr/bin/env bash
# Build the GOV.UK Frontend assets into src/councilstat/web/static/govuk/.
#
# The output is committed, so the Python side (and CI) never needs npm. Run this
# only after changing package.json/package-lock.json or scss/*.scss:
#     npm run build:assets      (or: bash scripts/build_assets.sh)
# Safe to re-run: `npm ci` runs only when node_modules is missing or out of date
# with package-lock.json, and the output folder is rebuilt from scratch.
#
# What is (deliberately) not copied from node_modules/govuk-frontend/dist/govuk/assets:
#   fonts/   GDS Transport may only be used on GOV.UK; we use a system font.
#   images/  every image there (favicon, app icons, crest, Open Graph image)
#            is GOV.UK's crown or crest, which is for GOV.UK only. Our CSS
#            refers to no image (see scss/_image-url.scss); this script checks that.
set -euo pipefail

cd "$(dirname "$0")/.."

out=src/councilstat/web/static/govuk
dist=node_modules/govuk-frontend/dist/govuk
stamp=node_modules/.councilstat-lock.sha256

lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -d node_modules || ! -f $stamp || $(cat "$stamp") != "$lock_hash" ]]; then
    npm ci --no-audit --no-fund
    echo "$lock_hash" >"$stamp"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

npx --no-install sass --load-path=node_modules --style=compressed --no-source-map \
    scss/app.scss "$tmp/app.css"
# The JS ends with a sourceMappingURL comment, so ship the .map too (browser
# dev tools fetch it; nothing else does).
cp "$dist/govuk-frontend.min.js" "$dist/govuk-frontend.min.js.map" "$tmp/"

# Every url() in the CSS must point at a file we ship (whitenoise's manifest
# storage fails on a missing one), and none may be GOV.UK branding.
while read -r ref; do
    case $ref in
        *crest* | *crown* | *fonts/*) echo "build_assets: GOV.UK-only asset referenced: $ref" >&2; exit 1 ;;
        /static/govuk/*) [[ -f $tmp/${ref#/static/govuk/} ]] || { echo "build_assets: missing $ref" >&2; exit 1; } ;;
        data:*) ;;
        *) echo "build_assets: unexpected url($ref)" >&2; exit 1 ;;
    esac
done < <(grep -o 'url([^)]*)' "$tmp/app.css" | sed -E 's/^url\(["'\'']?//; s/["'\'']?\)$//' || true)

rm -rf "$out"
mkdir -p "$out"
cp "$tmp"/* "$out/"
echo "build_assets: wrote $(cd "$out" && ls | tr '\n' ' ')"
