#!/usr/bin/env bash
# bench/vs-wrk.sh: how much CPU does scalelab's generator spend per request, compared with wrk?
#
# A one-worker nginx pinned to CPU 0 returns "hello world\n" (12 bytes) with keep-alive. wrk and
# `scalelab run` take turns loading it, pinned to CPU 1, with 32 connections for 10 s, three rounds each.
# For every run we measure the WHOLE process: user+sys CPU seconds from /usr/bin/time (start-up, JIT, warm-up,
# connection set-up and shut-down included) and the requests it completed (wrk's "N requests in", scalelab's
# JSON `requests`). The figure of merit is µs of generator CPU per completed request; the script prints the
# medians and the ratio scalelab/wrk of the medians. Goal: 1.0 or below; gate: 1.3 (exit 1 above it).
#
# Usage: bench/vs-wrk.sh
# Environment: ROUNDS (3), DURATION (seconds, 10), CONNECTIONS (32),
#              SCALELAB=/path/to/scalelab to use a binary instead of building src/ScaleLab.Cli.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
GOAL=1.0
GATE=1.3
[[ $ROUNDS =~ ^[1-9][0-9]?$ && $DURATION =~ ^[1-9][0-9]*$ && $CONNECTIONS =~ ^[1-9][0-9]*$ ]] ||
    die "ROUNDS (1-99), DURATION and CONNECTIONS must be positive integers"

TMP_DIR=""
NGINX_PID=""
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_tool
    stop_pid "$NGINX_PID"
    [[ -n $TMP_DIR ]] && rm -rf "$TMP_DIR"
    exit "$rc"
}
trap cleanup EXIT
trap interrupted INT
trap 'exit 143' TERM

ensure_tools wrk:wrk nginx:nginx-light taskset:util-linux /usr/bin/time:time curl:curl python3:python3 timeout:coreutils
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
TMP_DIR=$(mktemp -d /tmp/scalelab-vs-wrk.XXXXXX)

read -r SERVER_CPU LOAD_CPU < <(pick_cpus)

say "== scalelab vs wrk: generator CPU per request =="
say "machine: $(machine_line)"
say "target : nginx, 1 worker pinned to CPU $SERVER_CPU, 'return 200 \"hello world\\n\"', keep-alive, no access log"
say "load   : wrk -t1 -c$CONNECTIONS -d${DURATION}s  vs  scalelab run -c $CONNECTIONS -d ${DURATION}s, each pinned to CPU $LOAD_CPU;"
say "         $ROUNDS rounds, alternately; whole-process CPU (user+sys, /usr/bin/time, start-up and warm-up included)"
say "         divided by the requests each completed. Goal: scalelab/wrk <= $GOAL; issue gate <= $GATE."
if [[ $SERVER_CPU == "$LOAD_CPU" ]]; then
    say "NOTE   : this machine (or affinity mask) has one CPU only: nginx and the generator are both pinned to CPU $SERVER_CPU,"
    say "         so they share it; req/s are then far below a two-core run, CPU per request is still comparable."
fi
read -r load1 _ < /proc/loadavg
if python3 -c "import sys; sys.exit(0 if float('$load1') > 0.5 * $(nproc) else 1)"; then
    say "WARNING: the machine is busy (load average $load1 on $(nproc) CPUs): other processes share the pinned CPUs;"
    say "         req/s will be low and noisy; CPU per request is less affected but cache and scheduler effects remain."
fi
say ""

build_scalelab

# --- nginx: one worker, on a free port ---
URL=""
start_hello_nginx 4096 "$SERVER_CPU"
say "nginx  : pid $NGINX_PID on $URL (pinned to CPU $SERVER_CPU)"
say ""

# --- the rounds ---
# Each run: run_tool (a process group of its own, so that Ctrl-C stops the script at once: see lib.sh) >
# /usr/bin/time (its rusage covers the tool and the tiny `timeout`) > timeout (a bound in case a tool hangs;
# --foreground keeps it in the group) > taskset (execs the tool: same process, same rusage).
RESULTS="$TMP_DIR/results.tsv"
: >"$RESULTS"
LIMIT=$((DURATION + 40))
run_wrk() {
    local r=$1 out="$TMP_DIR/wrk-$1.out" tf="$TMP_DIR/wrk-$1.time"
    if ! run_tool /usr/bin/time -f 'CPU %U %S %e' -o "$tf" timeout --foreground -k 5 "$LIMIT" \
        taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "$URL" >"$out" 2>&1; then
        cat "$out" "$tf" >&2
        die "wrk failed in round $r"
    fi
    local requests rps errors cpu
    requests=$(awk '/ requests in / {print $1; exit}' "$out")
    rps=$(awk '/^Requests\/sec:/ {print $2; exit}' "$out")
    errors=$(awk '/Socket errors:|Non-2xx/ {printf "%s; ", $0}' "$out")
    cpu=$(awk '/^CPU / {print $2, $3, $4}' "$tf")
    [[ -n $requests && -n $cpu ]] || { cat "$out" "$tf" >&2; die "could not read wrk's output in round $r"; }
    printf '%s\twrk\t%s\t%s\t%s\t-\t%s\n' "$r" "$requests" "$rps" "${cpu// /$'\t'}" "${errors:-none}" >>"$RESULTS"
}
run_scalelab() {
    local r=$1 out="$TMP_DIR/scalelab-$1.out" tf="$TMP_DIR/scalelab-$1.time" json="$TMP_DIR/scalelab-$1.json"
    # stdout and stderr go to a file: no terminal, so scalelab prints plain progress lines, not a live display.
    if ! run_tool /usr/bin/time -f 'CPU %U %S %e' -o "$tf" timeout --foreground -k 5 "$LIMIT" \
        taskset -c "$LOAD_CPU" "$SCALELAB" run "$URL" -c "$CONNECTIONS" -d "${DURATION}s" --json "$json" >"$out" 2>&1; then
        cat "$out" "$tf" >&2
        die "scalelab failed in round $r"
    fi
    local fields cpu
    fields=$(python3 - "$json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
g = d.get("generator", {})
errors = d.get("errors", 0)
kinds = ",".join(f"{k}:{v}" for k, v in (d.get("errorKinds") or {}).items())
warn = " ".join(d.get("warnings") or [])
note = (f"{errors} errors {kinds}" if errors else "none") + (f"; warnings: {warn}" if warn else "")
print(d["requests"], d["throughput"], g.get("cpuPerRequestMicroseconds", "-"), note, sep="\t")
EOF
)
    cpu=$(awk '/^CPU / {print $2, $3, $4}' "$tf")
    [[ -n $fields && -n $cpu ]] || { cat "$out" "$tf" >&2; die "could not read scalelab's output in round $r"; }
    IFS=$'\t' read -r requests rps inproc note <<<"$fields"
    printf '%s\tscalelab\t%s\t%s\t%s\t%s\t%s\n' "$r" "$requests" "$rps" "${cpu// /$'\t'}" "$inproc" "$note" >>"$RESULTS"
}

for ((round = 1; round <= ROUNDS; round++)); do
    say "round $round/$ROUNDS: wrk ..."
    run_wrk "$round"
    say "round $round/$ROUNDS: scalelab ..."
    run_scalelab "$round"
    kill -0 "$NGINX_PID" 2>/dev/null || die "nginx died during round $round"
done
say ""

python3 - "$RESULTS" "$GOAL" "$GATE" <<'EOF'
import statistics, sys
path, goal, gate = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
rows = []
for line in open(path):
    r, tool, requests, rps, user, sys_, elapsed, inproc, note = line.rstrip("\n").split("\t")
    cpu = float(user) + float(sys_)
    requests = int(requests)
    rows.append(dict(round=int(r), tool=tool, requests=requests, rps=float(rps), user=float(user),
                     sys=float(sys_), cpu=cpu, elapsed=float(elapsed),
                     us=cpu * 1e6 / requests if requests else float("inf"), inproc=inproc, note=note))

print("per run (CPU = whole process, user+sys; µs/req = CPU / requests completed;")
print("         'in-run' = scalelab's own generator.cpuPerRequestMicroseconds, measured window only)")
print(f"{'round':>5}  {'tool':<8}  {'requests':>9}  {'req/s':>9}  {'CPU s':>6}  {'(user+sys)':<13}  {'wall s':>6}  {'µs/req':>7}  {'in-run':>6}  errors")
for x in rows:
    print(f"{x['round']:>5}  {x['tool']:<8}  {x['requests']:>9}  {x['rps']:>9.0f}  {x['cpu']:>6.2f}  "
          f"{x['user']:.2f}+{x['sys']:.2f}{'':<4}  {x['elapsed']:>6.2f}  {x['us']:>7.2f}  {x['inproc']:>6}  {x['note']}")

med = {}
print()
print("medians")
for tool in ("wrk", "scalelab"):
    xs = [x for x in rows if x["tool"] == tool]
    med[tool] = {k: statistics.median(x[k] for x in xs) for k in ("rps", "cpu", "us")}
    m = med[tool]
    print(f"  {tool:<8}  {m['rps']:>9.0f} req/s  {m['cpu']:>6.2f} CPU s  {m['us']:>7.2f} µs CPU/request")

ratio = med["scalelab"]["us"] / med["wrk"]["us"]
speed = med["scalelab"]["rps"] / med["wrk"]["rps"]
# Informative: each round's ratio pairs two runs made back to back, under the same background load.
per_round = [s["us"] / w["us"] for w in rows if w["tool"] == "wrk"
             for s in rows if s["tool"] == "scalelab" and s["round"] == w["round"]]
print()
print(f"ratio scalelab/wrk, CPU per request (medians): {ratio:.2f}   (goal <= {goal}, issue gate <= {gate})")
print(f"ratio scalelab/wrk, CPU per request by round : {', '.join(f'{x:.2f}' for x in per_round)}"
      f" (median {statistics.median(per_round):.2f}; informative)")
print(f"ratio scalelab/wrk, req/s (medians)          : {speed:.2f}   (informative: nginx on one core bounds both)")
if ratio <= goal:
    print("RESULT: PASS (at or below the goal)")
elif ratio <= gate:
    print("RESULT: PASS the gate, above the goal")
else:
    print("RESULT: FAIL (above the gate)")
    sys.exit(1)
EOF
