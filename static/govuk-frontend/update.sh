#!/usr/bin/env bash
# Rebuild the vendored GOV.UK Frontend from the npm registry. Needs Node and npm; users and CI don't.
# Usage: static/govuk-frontend/update.sh [VERSION]   (default: the version in VERSION)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
version=${1:-$(cat "$here/VERSION")}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "govuk-frontend@$version" >/dev/null
tar xzf "govuk-frontend-$version.tgz"
npm install --silent --no-save sass@1 >/dev/null
npx sass --no-source-map --style=compressed --quiet-deps \
  --load-path=package/dist/govuk "$here/build.scss" "$here/govuk-frontend.min.css"
cp package/dist/govuk/govuk-frontend.min.js "$here/govuk-frontend.min.js"
sed -n '/^## Licence/,$p' package/README.md > "$here/LICENCE.md"
echo "$version" > "$here/VERSION"
# The crown and GDS Transport are not vendored: this service runs on council domains.
if grep -q "GDS Transport" "$here/govuk-frontend.min.css"; then
  echo "error: the CSS still names GDS Transport" >&2; exit 1
fi
echo "GOV.UK Frontend $version built into $here"
