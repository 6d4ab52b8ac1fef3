#!/usr/bin/env bash
# Regenerate the XML beside every corpus source with the installed policyversions command.
set -euo pipefail
cd "$(dirname "$0")"
bin=${POLICYVERSIONS:-../.venv/bin/policyversions}
for source in */*.txt */*.md; do
  [ "$(basename "$source")" = README.md ] && continue
  "$bin" show "$source" --format xml > "${source%.*}.xml.tmp"
  mv "${source%.*}.xml.tmp" "${source%.*}.xml"
  echo "wrote ${source%.*}.xml"
done
