#!/usr/bin/env bash
# Regenerates docs/report-diagnose.png, the README's picture of a report: diagnoses the bundled lab (about a
# minute: `scalelab diagnose --max-duration 40s`) into samples/diagnose-lab.json (the result docs/reports.md's
# examples and the report tests read), writes its HTML report, and has headless Chromium photograph the top of the
# page (the verdict and the first charts) at 1280 px wide.
#   scripts/report-screenshot.sh                 diagnose the lab, keep the result, photograph its report
#   scripts/report-screenshot.sh --from D.json   photograph the report of an existing result (samples/diagnose-lab.json)
# Needs a Release build (dotnet build src/ScaleLab.Cli -c Release) and /usr/bin/chromium (Debian's chromium;
# ./test.sh installs it). Exits 0 when the PNG was written, 1 when a step failed, 2 on misuse.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

dll=src/ScaleLab.Cli/bin/Release/net10.0/scalelab.dll
chromium=/usr/bin/chromium
output=docs/report-diagnose.png
from=
case "${1:-}" in
    "") ;;
    --from) from=${2:?"usage: scripts/report-screenshot.sh [--from RESULT.json]"} ;;
    *) echo "usage: scripts/report-screenshot.sh [--from RESULT.json]" >&2; exit 2 ;;
esac
[ -f "$dll" ] || { echo "report-screenshot: $dll not found: build first (dotnet build src/ScaleLab.Cli -c Release)" >&2; exit 2; }
[ -x "$chromium" ] || { echo "report-screenshot: $chromium not found: apt-get install chromium" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -z "$from" ]; then
    echo "report-screenshot: diagnosing the bundled lab (about a minute)" >&2
    # Exit 1 is a verdict the command was asked to fail on; only 2 and 3 mean no result.
    timeout 300 dotnet "$dll" diagnose --max-duration 40s --json "$work/diagnose.json" >/dev/null || [ $? -eq 1 ]
    mv "$work/diagnose.json" samples/diagnose-lab.json
    from=samples/diagnose-lab.json
fi

dotnet "$dll" report "$from" -o "$work/report.html" >/dev/null
# A fresh profile, no network, no first-run chatter; the page itself fetches nothing (its policy forbids it).
timeout 120 "$chromium" --headless=new --no-sandbox --disable-gpu --no-first-run --disable-extensions \
    --disable-background-networking --hide-scrollbars --force-color-profile=srgb --user-data-dir="$work/profile" \
    --window-size=1280,1700 --screenshot="$work/report.png" "file://$work/report.html" >/dev/null 2>&1
[ -s "$work/report.png" ] || { echo "report-screenshot: chromium wrote no screenshot" >&2; exit 1; }
mv "$work/report.png" "$output"
echo "report-screenshot: $output written from $from"
