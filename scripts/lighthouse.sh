#!/usr/bin/env bash
# Run Lighthouse (desktop preset) on one Chinese and one English question page and print the four
# category scores. Not part of the test command (it needs npm and takes ~1 min); the GitHub workflow
# runs it. Usage: bash scripts/lighthouse.sh [chapter/question-id]
set -euo pipefail
cd "$(dirname "$0")/.."
PAGE="${1:-activations/draw-activation-graphs}"
CHROME_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
export CHROME_PATH
OUT="$(mktemp -d)"
trap 'kill "${SERVER_PID:-0}" 2>/dev/null || true; rm -rf "$OUT"' EXIT

NO_MKDOCS_2_WARNING=1 python3 -m mkdocs build --strict --quiet --site-dir "$OUT/site"
python3 scripts/serve_gzip.py "$OUT/site" 8765 &  # gzip, as GitHub Pages serves it
SERVER_PID=$!
sleep 1

# Lighthouse is pinned; npm installs it into a throw-away prefix.
npm install --silent --prefix "$OUT/npm" lighthouse@13.5.0 >/dev/null
LH="$OUT/npm/node_modules/.bin/lighthouse"

for url in "http://127.0.0.1:8765/$PAGE/" "http://127.0.0.1:8765/en/$PAGE/"; do
  "$LH" "$url" --quiet --preset=desktop --output=json --output-path="$OUT/report.json" \
    --chrome-flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync" >/dev/null
  python3 - "$url" "$OUT/report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[2]))
scores = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
print(sys.argv[1], "  ".join(f"{k}={v}" for k, v in scores.items()))
for cat in report["categories"].values():
    for ref in cat["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] > 0 and audit.get("score") is not None and audit["score"] < 1:
            print(f"   - {cat['id']}: {audit['id']} ({audit['score']})")
PY
done
