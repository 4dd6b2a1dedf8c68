#!/usr/bin/env bash
# bench/balancer.sh: the lab's YARP balancer against HAProxy, in front of the same two backends.
#
# Two nginx backends (one worker each) answer "hello world\n". The balancers run side by side, each pinned to
# CPU 0 with one thread of work where that is a setting (HAProxy: nbthread 1; YARP: the .NET runtime sees one
# CPU); wrk and the backends share CPU 1. YARP runs as `scalelab lab balancer`, the same YarpBalancer class that
# `scalelab lab up` runs in process, in one process per variant (environment settings: GC mode, tiered PGO).
# Each YARP process is warmed up first with WARMUP seconds of load (a cold YARP needs ~40 s of load on this
# machine to reach its steady rate: tiered JIT and the rejit of ReadyToRun code). Then ROUNDS rounds; in each,
# every balancer takes a DURATION-second turn under `wrk -t1 -cCONNECTIONS`, alternately. For every turn we
# measure the balancer's WHOLE process: user+sys CPU from /proc/PID/stat before and after, divided by the
# requests wrk completed. Printed: req/s and µs of CPU per request per turn, the medians, and the ratios
# YARP/HAProxy (goal: YARP's req/s at 0.5 of HAProxy's or better).
#
# Usage: bench/balancer.sh
# Environment: ROUNDS (3), DURATION (seconds, 10), WARMUP (seconds, 45), CONNECTIONS (32),
#              VARIANTS ("lab pgo servergc"): the YARP processes to measure, each a name below:
#                lab       as `scalelab lab up` runs it: the CLI's runtimeconfig (workstation, non-concurrent GC;
#                          tiered PGO off, because the load generator in the same binary is better without it)
#                pgo       DOTNET_TieredPGO=1
#                servergc  DOTNET_gcServer=1 (one heap: the runtime sees one CPU)
#                pgo-servergc  both
#                inline-io DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1: socket completions run inline, no thread-pool hop
#                gen0      DOTNET_GCgen0size=0x4000000: a 64 MB gen0 budget, fewer workstation GCs
#              SCALELAB=/path/to/scalelab to use a binary instead of building src/ScaleLab.Cli.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-45}
CONNECTIONS=${CONNECTIONS:-32}
VARIANTS=${VARIANTS:-lab pgo servergc}
GOAL=0.5
[[ $ROUNDS =~ ^[1-9][0-9]?$ && $DURATION =~ ^[1-9][0-9]*$ && $WARMUP =~ ^[0-9]+$ && $CONNECTIONS =~ ^[1-9][0-9]*$ ]] ||
    die "ROUNDS (1-99), DURATION, WARMUP and CONNECTIONS must be whole numbers"

variant_env() {
    case $1 in
        lab) echo "" ;;
        pgo) echo "DOTNET_TieredPGO=1" ;;
        servergc) echo "DOTNET_gcServer=1" ;;
        pgo-servergc) echo "DOTNET_TieredPGO=1 DOTNET_gcServer=1" ;;
        inline-io) echo "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1" ;;
        gen0) echo "DOTNET_GCgen0size=0x4000000" ;;
        *) die "unknown variant '$1' (lab, pgo, servergc, pgo-servergc, inline-io, gen0)" ;;
    esac
}
for v in $VARIANTS; do variant_env "$v" >/dev/null; done

TMP_DIR=""
PIDS=()
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_tool
    local pid
    for pid in "${PIDS[@]}"; do
        stop_pid "$pid"
    done
    [[ -n $TMP_DIR ]] && rm -rf "$TMP_DIR"
    exit "$rc"
}
trap cleanup EXIT
trap interrupted INT
trap 'exit 143' TERM

ensure_tools wrk:wrk nginx:nginx-light haproxy:haproxy taskset:util-linux curl:curl python3:python3 timeout:coreutils
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
HAPROXY=$(command -v haproxy || echo /usr/sbin/haproxy)
build_scalelab
TMP_DIR=$(mktemp -d /tmp/scalelab-balancer.XXXXXX)
read -r BALANCER_CPU LOAD_CPU < <(pick_cpus)

say "== YARP (scalelab lab balancer) vs HAProxy =="
say "machine : $(machine_line)"
say "backends: 2 x nginx (1 worker each, 'return 200 \"hello world\\n\"', keep-alive), pinned to CPU $LOAD_CPU with wrk"
say "balancers, pinned to CPU $BALANCER_CPU: HAProxy $("$HAPROXY" -v | head -1 | awk '{print $3}') (nbthread 1, http-reuse always),"
say "          YARP variants: $VARIANTS (each warmed up ${WARMUP} s)"
say "load    : taskset -c $LOAD_CPU wrk -t1 -c$CONNECTIONS -d${DURATION}s, $ROUNDS rounds, balancers alternately;"
say "          CPU = the balancer's whole process (user+sys from /proc/PID/stat) over the turn / requests completed"
if [[ $BALANCER_CPU == "$LOAD_CPU" ]]; then
    say "NOTE    : one CPU only: balancer, backends and wrk share it; ratios still compare, rates do not."
fi
say ""

# --- backends ---------------------------------------------------------------------------------------------
start_nginx() {
    local name=$1 port=$2 dir="$TMP_DIR/$1"
    mkdir -p "$dir/logs"
    cat >"$dir/nginx.conf" <<EOF
daemon off;
worker_processes 1;
error_log $dir/logs/error.log warn;
pid $dir/nginx.pid;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000000;
    keepalive_timeout 300s;
    server {
        listen 127.0.0.1:$port;
        location / { return 200 "hello world\n"; }
    }
}
EOF
    taskset -c "$LOAD_CPU" "$NGINX" -p "$dir" -c "$dir/nginx.conf" </dev/null >"$dir/out.log" 2>&1 &
    PIDS+=($!)
    wait_http "http://127.0.0.1:$port/" 10 || die "nginx $name did not start (see $dir/logs/error.log)"
}
BACKEND_A=$(free_port)
start_nginx a "$BACKEND_A"
BACKEND_B=$(free_port)
start_nginx b "$BACKEND_B"

# --- balancers --------------------------------------------------------------------------------------------
declare -A URL PID_OF
HAPROXY_PORT=$(free_port)
cat >"$TMP_DIR/haproxy.cfg" <<EOF
global
    maxconn 4000
    nbthread 1
defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    option http-keep-alive
    http-reuse always
frontend entry
    bind 127.0.0.1:$HAPROXY_PORT
    default_backend backends
backend backends
    balance roundrobin
    server a 127.0.0.1:$BACKEND_A
    server b 127.0.0.1:$BACKEND_B
EOF
taskset -c "$BALANCER_CPU" "$HAPROXY" -db -f "$TMP_DIR/haproxy.cfg" </dev/null >"$TMP_DIR/haproxy.log" 2>&1 &
PID_OF[haproxy]=$!
PIDS+=("${PID_OF[haproxy]}")
URL[haproxy]="http://127.0.0.1:$HAPROXY_PORT/"
wait_http "${URL[haproxy]}" 10 || die "haproxy did not start: $(cat "$TMP_DIR/haproxy.log")"

for v in $VARIANTS; do
    port=$(free_port)
    # shellcheck disable=SC2046 # the variant's settings are words on purpose
    env $(variant_env "$v") taskset -c "$BALANCER_CPU" "$SCALELAB" lab balancer --port "$port" \
        --backend "http://127.0.0.1:$BACKEND_A/" --backend "http://127.0.0.1:$BACKEND_B/" </dev/null >"$TMP_DIR/yarp-$v.log" 2>&1 &
    PID_OF[$v]=$!
    PIDS+=("${PID_OF[$v]}")
    URL[$v]="http://127.0.0.1:$port/"
    wait_http "${URL[$v]}" 20 || die "YARP ($v) did not start: $(cat "$TMP_DIR/yarp-$v.log")"
    [[ $(curl -s "${URL[$v]}") == "hello world" ]] || die "YARP ($v) does not proxy to the backends"
done

# cpu_ticks PID: user+sys clock ticks of the whole process so far.
cpu_ticks() { awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
CLK_TCK=$(getconf CLK_TCK)

# turn NAME SECONDS: one wrk run against a balancer; prints "REQUESTS RATE CPU_SECONDS".
turn() {
    local name=$1 seconds=$2 before after out requests rate
    before=$(cpu_ticks "${PID_OF[$name]}")
    out=$(run_tool taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" "${URL[$name]}" 2>&1) || die "wrk failed against $name: $out"
    after=$(cpu_ticks "${PID_OF[$name]}")
    requests=$(awk '/requests in/ { print $1 }' <<<"$out")
    rate=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
    if grep -q "Non-2xx" <<<"$out"; then die "$name answered errors: $out"; fi
    echo "$requests $rate $(python3 -c "print(($after - $before) / $CLK_TCK)")"
}

if ((WARMUP > 0)); then
    for v in $VARIANTS; do
        say "warming up YARP ($v): ${WARMUP} s of load ..."
        read -r _ rate _ < <(turn "$v" "$WARMUP")
        say "  warm-up rate $rate req/s (cold start included)"
    done
    say "warming up HAProxy: 5 s ..."
    turn haproxy 5 >/dev/null
    say ""
fi

declare -A RATES CPUS
NAMES=(haproxy $VARIANTS)
printf '%-6s %-14s %12s %14s %12s\n' round balancer req/s "CPU s" "µs CPU/req"
for ((r = 1; r <= ROUNDS; r++)); do
    for name in "${NAMES[@]}"; do
        read -r requests rate cpu < <(turn "$name" "$DURATION")
        us=$(python3 -c "print(f'{$cpu * 1e6 / $requests:.1f}')")
        printf '%-6s %-14s %12s %14s %12s\n' "$r" "$name" "$rate" "$cpu" "$us"
        RATES[$name]+="$rate "
        CPUS[$name]+="$us "
    done
done

median() { python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }
say ""
say "medians:"
HAPROXY_RATE=$(median ${RATES[haproxy]})
HAPROXY_CPU=$(median ${CPUS[haproxy]})
printf '  %-14s %10.0f req/s %8.1f µs CPU/req\n' haproxy "$HAPROXY_RATE" "$HAPROXY_CPU"
best=""
best_ratio=0
for v in $VARIANTS; do
    rate=$(median ${RATES[$v]})
    cpu=$(median ${CPUS[$v]})
    ratio=$(python3 -c "print(f'{$rate / $HAPROXY_RATE:.2f}')")
    cpu_ratio=$(python3 -c "print(f'{$cpu / $HAPROXY_CPU:.2f}')")
    capacity=$(python3 -c "print(f'{$HAPROXY_CPU / $cpu:.2f}')")
    printf '  %-14s %10.0f req/s %8.1f µs CPU/req   YARP/HAProxy: req/s x%s, CPU/req x%s, one-core capacity (1/CPU per req) x%s\n' \
        "yarp $v" "$rate" "$cpu" "$ratio" "$cpu_ratio" "$capacity"
    if python3 -c "import sys; sys.exit(0 if $ratio > $best_ratio else 1)"; then
        best=$v
        best_ratio=$ratio
    fi
done
say ""
say "req/s compares what each balancer served under the same load; when HAProxy is not saturated (its CPU below 100%"
say "of its core: wrk and the backends share the other core), its rate is capped by them and the req/s ratio flatters"
say "YARP; the one-core capacity ratio (HAProxy's CPU per request / YARP's) is then the fairer figure."
if python3 -c "import sys; sys.exit(0 if $best_ratio >= $GOAL else 1)"; then
    say "goal met: YARP ($best) serves $best_ratio of HAProxy's req/s (goal >= $GOAL)"
else
    say "goal missed: the best YARP variant ($best) serves $best_ratio of HAProxy's req/s (goal >= $GOAL)"
fi
