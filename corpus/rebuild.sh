#!/usr/bin/env bash
# Regenerate what the corpus derives from its sources, with the installed policyversions:
# 1. the XML beside every source (what the importers make of it);
# 2. the corpus repository (policyversions.json, policies/), recorded afresh from history.toml.
# Review `git diff corpus/` afterwards: a rebuild rewrites the recorded times in the indexes
# (and so their hash chains and heads).
set -euo pipefail
cd "$(dirname "$0")"
bin=${POLICYVERSIONS:-../.venv/bin/policyversions}
python=${PYTHON:-../.venv/bin/python}
for source in */*.txt */*.md; do
  [ "$(basename "$source")" = README.md ] && continue
  "$bin" show "$source" --format xml > "${source%.*}.xml.tmp"
  mv "${source%.*}.xml.tmp" "${source%.*}.xml"
  echo "wrote ${source%.*}.xml"
done
rm -rf policies policyversions.json README.txt .gitignore .lock
"$python" build_repository.py .
