#!/usr/bin/env bash
# bench/agents.sh: what does the coordinator of a run across agents cost per request, and is its merge exact?
#
# A one-worker nginx pinned to the first CPU returns "hello world\n" with keep-alive. `scalelab agent` processes
# listen on loopback, each pinned to a CPU of its own (the next ones after nginx's; they share when the machine has
# too few). A coordinator, `scalelab run URL --agents A,B --token-file F --json`, drives 1 agent, then 2 agents,
# ROUNDS rounds alternately, each the same closed load (CONNECTIONS users in all, spread over the agents) for
# DURATION seconds. For every run: the merged requests and throughput from the JSON, the coordinator's WHOLE
# process CPU (user+sys from /usr/bin/time: start-up, plan, clock check, merge, summary) divided by the merged
# requests (its overhead per request), the agents' own CPU (agents[].cpuSeconds), and the check that the merged
# request count equals the sum of the agents' (agents[].requests): OK or FAIL. Prints medians and the ratios
# 2 agents / 1 agent. Exits 1 when a merge check fails.
#
# Usage: bench/agents.sh
# Environment: ROUNDS (3), DURATION (seconds, 10), CONNECTIONS (32),
#              SCALELAB=/path/to/scalelab to use a binary instead of building src/ScaleLab.Cli.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
[[ $ROUNDS =~ ^[1-9][0-9]?$ && $DURATION =~ ^[1-9][0-9]*$ && $CONNECTIONS =~ ^[1-9][0-9]*$ ]] ||
    die "ROUNDS (1-99), DURATION and CONNECTIONS must be positive integers"

TMP_DIR=""
NGINX_PID=""
AGENT_PIDS=()
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_tool
    local pid
    for pid in "${AGENT_PIDS[@]}"; do
        stop_pid "$pid"
    done
    stop_pid "$NGINX_PID"
    [[ -n $TMP_DIR ]] && rm -rf "$TMP_DIR"
    exit "$rc"
}
trap cleanup EXIT
trap interrupted INT
trap 'exit 143' TERM

ensure_tools nginx:nginx-light taskset:util-linux /usr/bin/time:time curl:curl python3:python3 timeout:coreutils
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
TMP_DIR=$(mktemp -d /tmp/scalelab-agents.XXXXXX)

# CPUs: nginx on the first; agent a, agent b and the coordinator on the next ones, round the others when too few.
read -r SERVER_CPU AGENT_A_CPU AGENT_B_CPU COORDINATOR_CPU < <(python3 -c '
import os
c = sorted(os.sched_getaffinity(0))
rest = c[1:] or c
print(c[0], rest[0], rest[1 % len(rest)], rest[2 % len(rest)])')

say "== scalelab run --agents: the coordinator's overhead, 1 agent vs 2 agents =="
say "machine    : $(machine_line)"
say "target     : nginx, 1 worker pinned to CPU $SERVER_CPU, 'return 200 \"hello world\\n\"', keep-alive, no access log"
say "agents     : scalelab agent on 127.0.0.1, agent a pinned to CPU $AGENT_A_CPU, agent b to CPU $AGENT_B_CPU"
say "coordinator: scalelab run URL --agents ... -c $CONNECTIONS -d ${DURATION}s, pinned to CPU $COORDINATOR_CPU;"
say "             $ROUNDS rounds, 1 agent and 2 agents alternately; its whole-process CPU (user+sys, /usr/bin/time)"
say "             divided by the merged requests; merged requests checked equal to the sum of the agents'"
if [[ $AGENT_A_CPU == "$AGENT_B_CPU" || $AGENT_A_CPU == "$COORDINATOR_CPU" ]]; then
    say "NOTE       : this machine (or affinity mask) has $(python3 -c 'import os; print(len(os.sched_getaffinity(0)))') CPUs: the agents and the coordinator share CPUs,"
    say "             so 2 agents cannot send more than 1; the coordinator's CPU per request and the merge check still hold."
fi
read -r load1 _ < /proc/loadavg
if python3 -c "import sys; sys.exit(0 if float('$load1') > 0.5 * $(nproc) else 1)"; then
    say "WARNING    : the machine is busy (load average $load1 on $(nproc) CPUs): req/s will be low and noisy."
fi
say ""

build_scalelab

URL=""
start_hello_nginx 4096 "$SERVER_CPU"
say "nginx      : pid $NGINX_PID on $URL"

TOKEN_FILE="$TMP_DIR/token"
python3 -c 'import secrets; print(secrets.token_hex(32))' >"$TOKEN_FILE"
chmod 600 "$TOKEN_FILE"

# start_agent NAME CPU: an agent on a free loopback port, pinned; appends its address to AGENTS.
AGENTS=()
start_agent() {
    local name=$1 cpu=$2 port attempt i log="$TMP_DIR/agent-$1.log"
    for attempt in 1 2 3; do
        port=$(free_port)
        taskset -c "$cpu" "$SCALELAB" agent --listen "127.0.0.1:$port" --token-file "$TOKEN_FILE" >"$log" 2>&1 &
        local pid=$!
        for ((i = 0; i < 300; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            if grep -qs 'agent listening on' "$log"; then
                AGENT_PIDS+=("$pid")
                AGENTS+=("127.0.0.1:$port")
                say "agent $name    : pid $pid on 127.0.0.1:$port (pinned to CPU $cpu)"
                return 0
            fi
            sleep 0.1
        done
        stop_pid "$pid"
    done
    cat "$log" >&2
    die "agent $name did not start"
}
start_agent a "$AGENT_A_CPU"
start_agent b "$AGENT_B_CPU"
say ""

RESULTS="$TMP_DIR/results.tsv"
: >"$RESULTS"
LIMIT=$((DURATION + 60))
# run_coordinator ROUND N: the coordinator over the first N agents.
run_coordinator() {
    local r=$1 n=$2 out="$TMP_DIR/run-$1-$2.out" tf="$TMP_DIR/run-$1-$2.time" json="$TMP_DIR/run-$1-$2.json"
    local agents
    agents=$(IFS=,; echo "${AGENTS[*]:0:$n}")
    if ! run_tool /usr/bin/time -f 'CPU %U %S %e' -o "$tf" timeout --foreground -k 5 "$LIMIT" \
        taskset -c "$COORDINATOR_CPU" "$SCALELAB" run "$URL" --agents "$agents" --token-file "$TOKEN_FILE" \
        -c "$CONNECTIONS" -d "${DURATION}s" --json "$json" >"$out" 2>&1; then
        cat "$out" "$tf" >&2
        die "the coordinator failed in round $r with $n agent(s)"
    fi
    local fields cpu
    fields=$(python3 - "$json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
agents = d.get("agents") or []
total = sum(a["requests"] for a in agents)
lost = sum(1 for a in agents if a.get("lost"))
agent_cpu = sum(a.get("cpuSeconds") or 0 for a in agents)
check = "OK" if agents and total == d["requests"] else "FAIL"
print(d["requests"], d["throughput"], total, f"{agent_cpu:.3f}", d.get("errors", 0), lost, check, sep="\t")
EOF
)
    cpu=$(awk '/^CPU / {print $2, $3, $4}' "$tf")
    [[ -n $fields && -n $cpu ]] || { cat "$out" "$tf" >&2; die "could not read the coordinator's output in round $r"; }
    printf '%s\t%s\t%s\t%s\n' "$r" "$n" "$fields" "${cpu// /$'\t'}" >>"$RESULTS"
}

for ((round = 1; round <= ROUNDS; round++)); do
    for n in 1 2; do
        say "round $round/$ROUNDS: $n agent(s) ..."
        run_coordinator "$round" "$n"
    done
    kill -0 "$NGINX_PID" 2>/dev/null || die "nginx died during round $round"
done
say ""

python3 - "$RESULTS" <<'EOF'
import statistics, sys
rows = []
for line in open(sys.argv[1]):
    r, n, requests, rps, total, agent_cpu, errors, lost, check, user, sys_, elapsed = line.rstrip("\n").split("\t")
    cpu = float(user) + float(sys_)
    requests = int(requests)
    rows.append(dict(round=int(r), n=int(n), requests=requests, rps=float(rps), total=int(total),
                     agent_cpu=float(agent_cpu), errors=int(errors), lost=int(lost), check=check,
                     cpu=cpu, elapsed=float(elapsed), us=cpu * 1e6 / requests if requests else float("inf"),
                     agent_us=float(agent_cpu) * 1e6 / requests if requests else float("inf")))

print("per run (coordinator CPU = its whole process, user+sys; µs/req = that CPU / merged requests;")
print("         agents' µs/req = the sum of agents[].cpuSeconds / merged requests)")
print(f"{'round':>5}  {'agents':>6}  {'requests':>9}  {'req/s':>8}  {'sum of agents':>13}  {'merge':<5}  {'coord CPU s':>11}  {'coord µs/req':>12}  {'agents µs/req':>13}  errors  lost")
for x in rows:
    print(f"{x['round']:>5}  {x['n']:>6}  {x['requests']:>9}  {x['rps']:>8.0f}  {x['total']:>13}  {x['check']:<5}  "
          f"{x['cpu']:>11.2f}  {x['us']:>12.2f}  {x['agent_us']:>13.2f}  {x['errors']:>6}  {x['lost']:>4}")

med = {}
print()
print("medians")
for n in (1, 2):
    xs = [x for x in rows if x["n"] == n]
    med[n] = {k: statistics.median(x[k] for x in xs) for k in ("rps", "cpu", "us", "agent_us")}
    m = med[n]
    print(f"  {n} agent{'s' if n > 1 else ' '}  {m['rps']:>8.0f} req/s  coordinator {m['cpu']:>5.2f} CPU s, {m['us']:>6.2f} µs/request;"
          f"  agents {m['agent_us']:>6.2f} µs/request")
print()
print(f"ratio 2 agents / 1 agent, req/s                   : {med[2]['rps'] / med[1]['rps']:.2f}")
print(f"ratio 2 agents / 1 agent, coordinator µs/request  : {med[2]['us'] / med[1]['us']:.2f}")
failed = [x for x in rows if x["check"] != "OK"]
print(f"merged requests == sum of the agents' requests    : {'OK' if not failed else 'FAIL'} ({len(rows) - len(failed)} of {len(rows)} runs)")
sys.exit(1 if failed else 0)
EOF
