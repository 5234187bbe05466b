#!/usr/bin/env bash
# Put MathJax 3, require.js and the Jupyter widget HTML manager under vendor/static/,
# from the npm registry, so the built book needs no CDN. Idempotent; not committed
# (MathJax alone is tens of MB). Exits 0 without npm: the book then uses CDNs.
set -euo pipefail
cd "$(dirname "$0")/.."
out=vendor/static
stamp=$out/.versions
versions="mathjax@3.2.2 requirejs@2.3.8 @jupyter-widgets/html-manager@1.0.15"
layout="widget fonts"   # what else is copied: change it to re-vendor with the same versions
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$versions; $layout" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "vendor_js: npm not found; the built pages will load MathJax and widgets from CDNs." >&2
  exit 0
fi
work=vendor/npm
mkdir -p "$work"
# shellcheck disable=SC2086
if ! npm install --silent --no-audit --no-fund --prefix "$work" $versions >/dev/null; then
  echo "vendor_js: npm install failed; the built pages will load from CDNs." >&2
  exit 0
fi
rm -rf "$out"
mkdir -p "$out/widgets"
cp -r "$work/node_modules/mathjax/es5" "$out/mathjax"
cp "$work/node_modules/requirejs/require.js" "$out/widgets/require.min.js"
dist="$work/node_modules/@jupyter-widgets/html-manager/dist"
cp "$dist/"*.js "$out/widgets/"
# the manager's stylesheet loads Font Awesome from the folder of embed-amd.js
# (tools/static/widgets-glue.js points require.js there)
cp "$dist/"*.woff2 "$dist/"*.woff "$dist/"*.ttf "$dist/"*.eot "$dist/"*.svg "$out/widgets/"
echo "$versions; $layout" > "$stamp"
echo "vendor_js: vendored $versions into $out"
