#!/usr/bin/env bash
# bench/flow-cost.sh: what does a user flow cost the generator per request, against the plain path?
#
# One nginx worker pinned to CPU 0 serves both workloads from one config: "hello world\n" on / (the plain path),
# and for the flow POST /login (JSON {"userId":42} and a Set-Cookie), GET /me (401 without the cookie) and
# GET /users/42/feed. `scalelab run` takes turns, pinned to CPU 1, with 32 users for 10 s, three rounds each:
#   plain: run URL -c 32
#   flow : run URL -c 32 --flow F, F = three requests, a cookie jar, one JSON extraction ($.userId, used in the
#          feed's path) and one check (/me's status)
# The figure of merit is µs of whole-process generator CPU (user+sys, /usr/bin/time) per completed request, as in
# bench/vs-wrk.sh; the script prints the medians and the ratio flow/plain. Budget (issue 10): flow/plain <= 1.5.
# Then it runs bench/vs-wrk.sh for the plain path against wrk (budget <= 1.3), unless VS_WRK=0.
#
# Usage: bench/flow-cost.sh
# Environment: ROUNDS (3), DURATION (seconds, 10), CONNECTIONS (32), VS_WRK (1),
#              SCALELAB=/path/to/scalelab to use a binary instead of building src/ScaleLab.Cli.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
VS_WRK=${VS_WRK:-1}
BUDGET=1.5
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

ensure_tools nginx:nginx-light taskset:util-linux /usr/bin/time:time curl:curl python3:python3 timeout:coreutils
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
TMP_DIR=$(mktemp -d /tmp/scalelab-flow-cost.XXXXXX)
read -r SERVER_CPU LOAD_CPU < <(pick_cpus)

# The flow's three endpoints, beside lib.sh's hello world at /.
FLOW_LOCATIONS='
        location = /login { default_type application/json; add_header Set-Cookie "sid=s42; Path=/; HttpOnly"; return 200 '"'"'{"userId":42,"name":"user 42"}'"'"'; }
        location = /me {
            default_type application/json;
            if ($cookie_sid = "") { return 401 '"'"'{"error":"not logged in"}'"'"'; }
            return 200 '"'"'{"userId":42,"name":"user 42"}'"'"';
        }
        location /users/ { default_type application/json; return 200 '"'"'{"userId":42,"posts":[]}'"'"'; }'

cat >"$TMP_DIR/flow.json" <<'EOF'
{ "steps": [
    { "name": "login", "method": "POST", "path": "/login", "extract": { "userId": { "json": "$.userId" } } },
    { "name": "me", "path": "/me", "expect": { "status": 200 } },
    { "name": "feed", "path": "/users/{{userId}}/feed" } ] }
EOF

say "== scalelab: generator CPU per request, a flow against the plain path =="
say "machine: $(machine_line)"
say "target : nginx, 1 worker pinned to CPU $SERVER_CPU: / (hello world), /login (JSON + Set-Cookie), /me (401 without the cookie), /users/*"
say "load   : scalelab run -c $CONNECTIONS -d ${DURATION}s, plain (GET /) vs --flow (login -> me -> feed: cookie jar,"
say "         one JSON extraction, one check), pinned to CPU $LOAD_CPU; $ROUNDS rounds, alternately; whole-process CPU"
say "         (user+sys, /usr/bin/time) divided by the requests completed. Budget: flow/plain <= $BUDGET."
say ""

build_scalelab
URL=""
start_hello_nginx 4096 "$SERVER_CPU" "$FLOW_LOCATIONS"
say "nginx  : pid $NGINX_PID on $URL (pinned to CPU $SERVER_CPU)"
say ""

RESULTS="$TMP_DIR/results.tsv"
: >"$RESULTS"
LIMIT=$((DURATION + 40))
run_scalelab() {
    local r=$1 kind=$2 out="$TMP_DIR/$2-$1.out" tf="$TMP_DIR/$2-$1.time" json="$TMP_DIR/$2-$1.json"
    local extra=()
    [[ $kind == flow ]] && extra=(--flow "$TMP_DIR/flow.json")
    if ! run_tool /usr/bin/time -f 'CPU %U %S %e' -o "$tf" timeout --foreground -k 5 "$LIMIT" \
        taskset -c "$LOAD_CPU" "$SCALELAB" run "$URL" -c "$CONNECTIONS" -d "${DURATION}s" "${extra[@]}" --json "$json" >"$out" 2>&1; then
        cat "$out" "$tf" >&2
        die "scalelab ($kind) failed in round $r"
    fi
    local fields cpu
    fields=$(python3 - "$json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
failed = sum(c["failed"] for c in (d.get("checks") or {}).values())
note = f"{d.get('errors', 0)} errors, {failed} failed checks" + (f", {d['iterations']} iterations" if d.get("iterations") is not None else "")
print(d["requests"], d["throughput"], d["generator"]["cpuPerRequestMicroseconds"], note, sep="\t")
EOF
)
    cpu=$(awk '/^CPU / {print $2, $3, $4}' "$tf")
    [[ -n $fields && -n $cpu ]] || { cat "$out" "$tf" >&2; die "could not read scalelab's output in round $r"; }
    IFS=$'\t' read -r requests rps inproc note <<<"$fields"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$kind" "$requests" "$rps" "${cpu// /$'\t'}" "$inproc" "$note" >>"$RESULTS"
}

for ((round = 1; round <= ROUNDS; round++)); do
    say "round $round/$ROUNDS: plain ..."
    run_scalelab "$round" plain
    say "round $round/$ROUNDS: flow ..."
    run_scalelab "$round" flow
    kill -0 "$NGINX_PID" 2>/dev/null || die "nginx died during round $round"
done
say ""

status=0
python3 - "$RESULTS" "$BUDGET" <<'EOF' || status=$?
import statistics, sys
path, budget = sys.argv[1], float(sys.argv[2])
rows = []
for line in open(path):
    r, kind, requests, rps, user, sys_, elapsed, inproc, note = line.rstrip("\n").split("\t")
    cpu = float(user) + float(sys_)
    rows.append(dict(round=int(r), kind=kind, requests=int(requests), rps=float(rps), cpu=cpu, elapsed=float(elapsed),
                     us=cpu * 1e6 / int(requests) if int(requests) else float("inf"), inproc=inproc, note=note))
print(f"{'round':>5}  {'path':<6}  {'requests':>9}  {'req/s':>9}  {'CPU s':>6}  {'wall s':>6}  {'µs/req':>7}  {'in-run':>6}  notes")
for x in rows:
    print(f"{x['round']:>5}  {x['kind']:<6}  {x['requests']:>9}  {x['rps']:>9.0f}  {x['cpu']:>6.2f}  {x['elapsed']:>6.2f}  {x['us']:>7.2f}  {x['inproc']:>6}  {x['note']}")
med = {}
print()
print("medians")
for kind in ("plain", "flow"):
    xs = [x for x in rows if x["kind"] == kind]
    med[kind] = {k: statistics.median(x[k] for x in xs) for k in ("rps", "cpu", "us")}
    m = med[kind]
    print(f"  {kind:<6}  {m['rps']:>9.0f} req/s  {m['cpu']:>6.2f} CPU s  {m['us']:>7.2f} µs CPU/request")
ratio = med["flow"]["us"] / med["plain"]["us"]
print()
print(f"ratio flow/plain, CPU per request (medians): {ratio:.2f}   (budget <= {budget})")
print("RESULT: PASS" if ratio <= budget else "RESULT: FAIL (above the budget)")
sys.exit(0 if ratio <= budget else 1)
EOF

if [[ $VS_WRK == 1 ]]; then
    say ""
    stop_pid "$NGINX_PID"
    NGINX_PID=""
    # The same binary: vs-wrk.sh does not build again.
    SCALELAB="$SCALELAB" ROUNDS="$ROUNDS" DURATION="$DURATION" CONNECTIONS="$CONNECTIONS" "$BENCH_DIR/vs-wrk.sh" || status=$?
fi
exit "$status"
