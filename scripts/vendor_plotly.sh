#!/usr/bin/env bash
# Refresh swot/report/vendor/plotly-cartesian.min.js from the npm registry (maintainers only;
# the bundle is committed, so installing swot never needs npm). Usage: scripts/vendor_plotly.sh 4.1.1
set -euo pipefail
version="${1:?usage: $0 PLOTLY_JS_VERSION}"
here="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "plotly.js-cartesian-dist-min@${version}" >/dev/null && tar xzf ./*.tgz)
cp "$tmp/package/plotly-cartesian.min.js" "$here/swot/report/vendor/plotly-cartesian.min.js"
cp "$tmp/package/LICENSE" "$here/swot/report/vendor/LICENSE-plotly.js"
sha256sum "$here/swot/report/vendor/plotly-cartesian.min.js"
