#!/usr/bin/env bash
# Benchmarks a USL fit of 100 points with confidence intervals (budget: under 50 ms) in Release,
# with BenchmarkDotNet, and prints the median of each benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."

artifacts="$(mktemp -d)"
trap 'rm -rf "$artifacts"' EXIT

dotnet run -c Release --project bench/FitBench -- \
  --filter '*FitBenchmarks*' --exporters json --artifacts "$artifacts" "$@" >"$artifacts/run.log" 2>&1 \
  || { tail -n 40 "$artifacts/run.log"; exit 1; }

report="$(find "$artifacts" -name '*-report-full-compressed.json' -o -name '*-report-full.json' | head -n 1)"
python3 - "$report" <<'PY'
import json, sys
with open(sys.argv[1]) as f:
    report = json.load(f)
for benchmark in report["Benchmarks"]:
    median_ms = benchmark["Statistics"]["Median"] / 1e6
    verdict = "ok, under 50 ms" if median_ms < 50 else "OVER the 50 ms budget"
    print(f'{benchmark["Method"]}: median {median_ms:.2f} ms ({verdict})')
PY
