#!/usr/bin/env bash
# How precisely the lab keeps simulated time on this machine: how late PreciseDelay (the lab's --io-ms wait) ends
# delays of 1 to 20 ms, beside Task.Delay, and how close the capacity model's closed-loop throughput comes to its
# ceiling workers / (io + cpu). A measurement, not a test: the figures depend on how busy the machine is.
# Usage: bench/lab-timing.sh [--samples N] [--seconds S]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
trap interrupted INT TERM

command -v dotnet >/dev/null 2>&1 || die "dotnet (the .NET 10 SDK) is needed to build bench/LabTiming"
mkdir -p "$OUT_DIR"
say "building bench/LabTiming (Release) into bench/.out/lab-timing ..."
if ! run_tool dotnet publish "$BENCH_DIR/LabTiming" -c Release -o "$OUT_DIR/lab-timing" \
    --artifacts-path "$OUT_DIR/artifacts" --nologo >"$OUT_DIR/lab-timing-publish.log" 2>&1; then
    tail -n 30 "$OUT_DIR/lab-timing-publish.log" >&2
    die "dotnet publish of bench/LabTiming failed (log: bench/.out/lab-timing-publish.log)"
fi

machine_line
run_tool "$OUT_DIR/lab-timing/LabTiming" "$@"
