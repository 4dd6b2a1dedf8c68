#!/usr/bin/env bash
# bench/memory.sh: does scalelab's memory stay flat over a long run, and what does one connection cost, against wrk?
#
# Both against a one-worker nginx on 127.0.0.1 that returns "hello world\n" (12 bytes) with keep-alive.
#  1. RSS over a long run: `scalelab run -c LONG_CONNECTIONS -d DURATION --hdr --json` (the --hdr log is the path
#     that used to keep every interval's histogram), its resident memory (VmRSS) sampled every SAMPLE seconds.
#     Growth is measured from the first sample after the warm-up (a tenth of the run, at least 20 s) to the last.
#     Goal: flat (growth under 10 %).
#  2. Memory per connection: each tool runs twice, with BASE_CONNECTIONS and with CONNECTIONS connections, for
#     CONN_DURATION seconds; its RSS is the highest sampled once every connection is open (the run's second half).
#     Per connection = (RSS at CONNECTIONS - RSS at BASE_CONNECTIONS) / (CONNECTIONS - BASE_CONNECTIONS), which
#     leaves out what the process costs with no connection at all. Ratio scalelab/wrk: informative.
# The soft file limit is raised to the hard one; the script stops if that is too few for CONNECTIONS.
#
# Usage: bench/memory.sh
# Environment: DURATION (seconds, 600), LONG_CONNECTIONS (32), CONNECTIONS (5000), BASE_CONNECTIONS (50),
#              CONN_DURATION (seconds, 20), SAMPLE (seconds, 10), SCALELAB=/path/to/scalelab to skip the build.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION=${DURATION:-600}
LONG_CONNECTIONS=${LONG_CONNECTIONS:-32}
CONNECTIONS=${CONNECTIONS:-5000}
BASE_CONNECTIONS=${BASE_CONNECTIONS:-50}
CONN_DURATION=${CONN_DURATION:-20}
SAMPLE=${SAMPLE:-10}
for v in DURATION LONG_CONNECTIONS CONNECTIONS BASE_CONNECTIONS CONN_DURATION SAMPLE; do
    [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer (it is '${!v}')"
done
((CONNECTIONS > BASE_CONNECTIONS)) || die "CONNECTIONS ($CONNECTIONS) must be above BASE_CONNECTIONS ($BASE_CONNECTIONS)"
((CONN_DURATION >= 6)) || die "CONN_DURATION must be at least 6 seconds (its second half is sampled)"

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

ensure_tools wrk:wrk nginx:nginx-light curl:curl python3:python3
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
TMP_DIR=$(mktemp -d /tmp/scalelab-memory.XXXXXX)

# Each connection is a file on both sides (nginx's limit comes from this shell too); plus room for the processes.
NEEDED_FILES=$((CONNECTIONS + 1024))
ulimit -S -n "$(ulimit -H -n)" 2>/dev/null || true
files=$(ulimit -n)
[[ $files == unlimited ]] || ((files >= NEEDED_FILES)) ||
    die "the file limit is $files (hard limit $(ulimit -H -n)); $CONNECTIONS connections need $NEEDED_FILES: raise it (ulimit -n as root, or limits.conf)"

say "== scalelab memory: RSS over a long run, and per connection against wrk =="
say "machine: $(machine_line)"
say "target : nginx, 1 worker, 'return 200 \"hello world\\n\"', keep-alive, no access log; file limit $files"
say ""

build_scalelab

# --- nginx: one worker, on a free port ---
URL=""
start_hello_nginx "$NEEDED_FILES"
say "nginx  : pid $NGINX_PID on $URL"
say ""

# run_sampled OUT EVERY LIMIT CMD...: runs CMD in a session of its own (so Ctrl-C ends it with the script: see
# lib.sh), writes "seconds-since-start rss-kB" to OUT every EVERY seconds while it lives, ends it after LIMIT
# seconds; returns CMD's exit status. `setsid` execs CMD, so the pid sampled is the tool's own.
run_sampled() {
    local out=$1 every=$2 limit=$3 rc=0 start now rss
    shift 3
    : >"$out"
    setsid "$@" </dev/null &
    TOOL_PID=$!
    start=$(date +%s.%N)
    while kill -0 "$TOOL_PID" 2>/dev/null; do
        now=$(date +%s.%N)
        rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$TOOL_PID/status" 2>/dev/null || true)
        [[ -n $rss ]] && printf '%s %s\n' "$(python3 -c "print(round($now - $start, 1))")" "$rss" >>"$out"
        if python3 -c "import sys; sys.exit(0 if $now - $start > $limit else 1)"; then
            say "  (over its ${limit}s bound: stopping it)"
            stop_tool
            return 124
        fi
        sleep "$every"
    done
    wait "$TOOL_PID" || rc=$?
    TOOL_PID=""
    return "$rc"
}

# --- 1. RSS over a long run ---
say "1. scalelab run -c $LONG_CONNECTIONS -d ${DURATION}s --hdr --json: RSS every ${SAMPLE}s ..."
LONG_OUT="$TMP_DIR/long.out"
if ! run_sampled "$TMP_DIR/long.rss" "$SAMPLE" $((DURATION + 120)) \
    "$SCALELAB" run "$URL" -c "$LONG_CONNECTIONS" -d "${DURATION}s" --hdr "$TMP_DIR/long.hlog" --json "$TMP_DIR/long.json" >"$LONG_OUT" 2>&1; then
    tail -n 20 "$LONG_OUT" >&2
    die "the long scalelab run failed"
fi
say ""

# --- 2. per connection ---
per_connection_run() {
    local tool=$1 connections=$2 out="$TMP_DIR/$1-$2.out"
    say "2. $tool with $connections connections for ${CONN_DURATION}s ..."
    local cmd
    if [[ $tool == wrk ]]; then
        cmd=(wrk -t1 -c"$connections" -d"${CONN_DURATION}s" --timeout 30s "$URL")
    else
        cmd=("$SCALELAB" run "$URL" -c "$connections" -d "${CONN_DURATION}s" --timeout 30s --json "$TMP_DIR/$tool-$connections.json")
    fi
    if ! run_sampled "$TMP_DIR/$tool-$connections.rss" 0.5 $((CONN_DURATION + 120)) "${cmd[@]}" >"$out" 2>&1; then
        tail -n 20 "$out" >&2
        die "$tool failed with $connections connections"
    fi
}
for tool in wrk scalelab; do
    per_connection_run "$tool" "$BASE_CONNECTIONS"
    per_connection_run "$tool" "$CONNECTIONS"
done
kill -0 "$NGINX_PID" 2>/dev/null || die "nginx died during the runs"
say ""

python3 - "$TMP_DIR" "$DURATION" "$SAMPLE" "$CONNECTIONS" "$BASE_CONNECTIONS" "$CONN_DURATION" "$LONG_CONNECTIONS" <<'EOF'
import json, os, re, sys
tmp, duration, sample, big, base, conn_duration, long_connections = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])

def samples(path):
    return [tuple(map(float, line.split())) for line in open(path) if line.strip()]

mib = lambda kb: kb / 1024

# 1. the long run
long = samples(os.path.join(tmp, "long.rss"))
result = json.load(open(os.path.join(tmp, "long.json")))
warm = max(20, duration / 10)
steady = [s for s in long if s[0] >= warm] or long
first, last = steady[0], steady[-1]
peak = max(s[1] for s in long)
growth = (last[1] - first[1]) / first[1]
print(f"1. RSS over a {duration} s run (scalelab run -c {long_connections} --hdr --json): {result['requests']} requests, "
      f"{result['throughput']:.0f}/s, {result['errors']} errors")
print(f"   {'t (s)':>7}  {'RSS (MiB)':>9}")
step = max(1, len(long) // 20)
for t, kb in long[::step] + ([long[-1]] if (len(long) - 1) % step else []):
    print(f"   {t:>7.0f}  {mib(kb):>9.1f}")
print(f"   after the warm-up ({warm:.0f} s): {mib(first[1]):.1f} MiB at {first[0]:.0f} s -> {mib(last[1]):.1f} MiB at {last[0]:.0f} s: "
      f"growth {growth:+.1%}; peak {mib(peak):.1f} MiB; hdr log {os.path.getsize(os.path.join(tmp, 'long.hlog')) / 1024:.0f} KiB")
print(f"   RESULT: {'flat (growth under 10 %)' if growth < 0.10 else 'GROWING (10 % or more)'}")
print()

# 2. per connection: the highest RSS once every connection is open (the second half of the run)
def steady_rss(tool, connections):
    xs = samples(os.path.join(tmp, f"{tool}-{connections}.rss"))
    half = [kb for t, kb in xs if t >= conn_duration / 2] or [kb for _, kb in xs]
    return max(half)

def served(tool, connections):
    if tool == "wrk":
        text = open(os.path.join(tmp, f"wrk-{connections}.out")).read()
        m = re.search(r"(\d+) requests in", text)
        errors = re.search(r"Socket errors:.*", text)
        return (int(m.group(1)) if m else 0), (errors.group(0) if errors else "no socket errors")
    d = json.load(open(os.path.join(tmp, f"scalelab-{connections}.json")))
    return d["requests"], f"{d['errors']} errors" + (f" {d['errorKinds']}" if d["errors"] else "") + f", {d['connections']} connections"

print(f"2. memory per connection ({big} connections against {base}, {conn_duration} s each; RSS once all are open)")
print(f"   {'tool':<9} {f'RSS @{base}':>11} {f'RSS @{big}':>12} {'KiB/conn':>9}  requests @{big}")
per = {}
for tool in ("wrk", "scalelab"):
    small, large = steady_rss(tool, base), steady_rss(tool, big)
    per[tool] = (large - small) / (big - base)
    requests, note = served(tool, big)
    print(f"   {tool:<9} {mib(small):>8.1f} MiB {mib(large):>9.1f} MiB {per[tool]:>9.1f}  {requests} ({note})")
ratio = per["scalelab"] / per["wrk"] if per["wrk"] > 0 else float("inf")
print(f"   ratio scalelab/wrk, memory per connection: {ratio:.2f}")
EOF
