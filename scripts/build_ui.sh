#!/usr/bin/env bash
# Rebuild the web UI's vendored assets (src/sitroom/web/static/vendor) from npm packages.
# node_modules live in a temporary folder, never in the repository; the output is committed,
# so `pip install -e .` needs no npm.
set -euo pipefail
ui="$(cd "$(dirname "$0")/../src/sitroom/web/ui" && pwd)"
work="${SITROOM_UI_BUILD:-$(mktemp -d)}"
cp "$ui/package.json" "$work/"
[ -f "$ui/package-lock.json" ] && cp "$ui/package-lock.json" "$work/"
(cd "$work" && npm install --no-audit --no-fund --ignore-scripts)
cp "$work/package-lock.json" "$ui/package-lock.json"
SITROOM_UI_MODULES="$work/node_modules" node "$ui/build.mjs"
