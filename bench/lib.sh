# Shared helpers of the benchmark scripts (bench/*.sh). Sourced, not run.
# shellcheck shell=bash

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
# Build outputs (gitignored). Kept between runs so that a second run rebuilds incrementally.
OUT_DIR="$BENCH_DIR/.out"

say() { printf '%s\n' "$*"; }
# The scripts' own stdout, kept as fd 3: a trap may run while a function's output is redirected to a log.
exec 3>&1
interrupted() { say "interrupted: stopping and cleaning up" >&3; exit 130; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ensure_tools CMD:PACKAGE ...: installs, with apt-get, the Debian packages whose command is missing.
# `apt-get update` runs only when something is missing, right before the install.
ensure_tools() {
    local pair cmd pkg missing=()
    for pair in "$@"; do
        cmd=${pair%%:*}
        pkg=${pair#*:}
        if ! command -v "$cmd" >/dev/null 2>&1 && [[ ! -x $cmd && ! -x /usr/sbin/$cmd ]]; then
            missing+=("$pkg")
        fi
    done
    ((${#missing[@]} == 0)) && return 0
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null 2>&1 || die "missing packages (${missing[*]}) and not root: install them with apt-get"
        sudo=(sudo)
    fi
    command -v apt-get >/dev/null 2>&1 || die "missing packages (${missing[*]}) and no apt-get: install them by hand"
    say "installing missing packages: ${missing[*]}"
    # Keep the packages from starting services (Debian's nginx on port 80): the scripts start their own.
    local policy=/usr/sbin/policy-rc.d added_policy=0 status=0
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null && "${sudo[@]}" chmod 755 "$policy" && added_policy=1
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq || status=$?
    if ((status == 0)); then
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" || status=$?
    fi
    ((added_policy)) && "${sudo[@]}" rm -f "$policy"
    ((status == 0)) || die "apt-get failed (exit $status) installing: ${missing[*]}"
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on right now (the kernel picks it).
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# pick_cpus: prints "SERVER_CPU LOAD_CPU", the first two CPUs this process may run on (the same one twice on a
# single-CPU machine or affinity mask).
pick_cpus() {
    python3 -c 'import os; c = sorted(os.sched_getaffinity(0)); print(c[0], c[1] if len(c) > 1 else c[0])'
}

# build_scalelab: sets SCALELAB to a Release (ReadyToRun) build of the CLI. $SCALELAB, when already set, is used
# as is (a binary built elsewhere). The build uses its own artifacts path under bench/.out, so that it never
# touches the bin/ and obj/ folders that a concurrent `dotnet build` or `dotnet test` of the repository uses.
build_scalelab() {
    if [[ -n ${SCALELAB:-} ]]; then
        [[ -x $SCALELAB ]] || die "SCALELAB=$SCALELAB is not an executable"
        say "scalelab: $SCALELAB (given by \$SCALELAB, not rebuilt)"
        return 0
    fi
    command -v dotnet >/dev/null 2>&1 || die "dotnet (the .NET 10 SDK) is needed to build scalelab"
    mkdir -p "$OUT_DIR"
    say "building scalelab (dotnet publish -c Release, ReadyToRun) into bench/.out/scalelab ..."
    if ! run_tool dotnet publish "$REPO_DIR/src/ScaleLab.Cli" -c Release -o "$OUT_DIR/scalelab" \
        --artifacts-path "$OUT_DIR/artifacts" --nologo >"$OUT_DIR/scalelab-publish.log" 2>&1; then
        tail -n 30 "$OUT_DIR/scalelab-publish.log" >&2
        die "dotnet publish of src/ScaleLab.Cli failed (log: bench/.out/scalelab-publish.log)"
    fi
    SCALELAB="$OUT_DIR/scalelab/scalelab"
    [[ -x $SCALELAB ]] || die "dotnet publish produced no $SCALELAB"
}

# wait_http URL SECONDS: waits until URL answers (any HTTP status), at most SECONDS.
wait_http() {
    local url=$1 deadline=$((SECONDS + $2))
    while ((SECONDS < deadline)); do
        if curl -s -o /dev/null --max-time 2 "$url"; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

# stop_pid PID: SIGTERM, up to 5 s to exit, then SIGKILL (with its direct children, found by parent id).
stop_pid() {
    local pid=$1 i children
    [[ -n $pid ]] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    children=$(pgrep -P "$pid" 2>/dev/null || true)
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        # It did not stop: kill it and the children it would have stopped itself (e.g. nginx's worker).
        kill -KILL "$pid" 2>/dev/null || true
        for i in $children; do
            kill -KILL "$i" 2>/dev/null || true
        done
    fi
    wait "$pid" 2>/dev/null || true
}

machine_line() {
    local model
    model=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')
    printf 'nproc %s, CPU "%s", load average %s, %s\n' "$(nproc)" "${model:-unknown}" \
        "$(cut -d' ' -f1-3 /proc/loadavg)" "$(date -u '+%Y-%m-%d %H:%M UTC')"
}

# run_tool CMD...: runs CMD in a session (and process group) of its own and waits for it; its exit status.
# Why: wrk and scalelab handle Ctrl-C themselves and exit normally, and bash then ignores the SIGINT it got
# while waiting for a foreground child (no trap runs, the script goes on to the next run). A trapped signal
# does interrupt the `wait` builtin at once, so the script's INT/TERM trap runs and its EXIT trap calls
# stop_tool, which ends the whole group (e.g. /usr/bin/time, timeout and the tool under them).
# Inside the group, use `timeout --foreground`: plain `timeout` moves itself to yet another process group.
TOOL_PID=""
run_tool() {
    setsid "$@" </dev/null &
    TOOL_PID=$!
    local rc=0
    wait "$TOOL_PID" || rc=$?
    TOOL_PID=""
    return "$rc"
}

stop_tool() {
    local i
    [[ -n $TOOL_PID ]] || return 0
    kill -TERM -- "-$TOOL_PID" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        kill -0 -- "-$TOOL_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL -- "-$TOOL_PID" 2>/dev/null || true
    TOOL_PID=""
}

# start_hello_nginx CONNECTIONS [CPU] [LOCATIONS]: one nginx worker answering 'return 200 "hello world\n"' with keep-alive and no
# access log, configured in $TMP_DIR/nginx, with room for CONNECTIONS connections, pinned to CPU when given, on a free
# loopback port (retried if the port got taken meanwhile). Sets NGINX_PID and URL; the caller's EXIT trap stops it.
# LOCATIONS: more nginx location blocks for the same server (bench/flow-cost.sh adds a login, /me and a feed).
start_hello_nginx() {
    local connections=$1 cpu=${2:-} extra=${3:-} port attempt i
    local pin=()
    [[ -n $cpu ]] && pin=(taskset -c "$cpu")
    mkdir -p "$TMP_DIR/nginx"
    for attempt in 1 2 3; do
        port=$(free_port)
        cat >"$TMP_DIR/nginx/nginx.conf" <<EOF
worker_processes 1;
worker_rlimit_nofile $((connections + 64));
daemon off;
pid $TMP_DIR/nginx/nginx.pid;
error_log $TMP_DIR/nginx/error.log warn;
events { worker_connections $((connections + 64)); }
http {
    access_log off;
    client_body_temp_path $TMP_DIR/nginx/client_body;
    proxy_temp_path $TMP_DIR/nginx/proxy;
    fastcgi_temp_path $TMP_DIR/nginx/fastcgi;
    uwsgi_temp_path $TMP_DIR/nginx/uwsgi;
    scgi_temp_path $TMP_DIR/nginx/scgi;
    keepalive_requests 1000000000;
    keepalive_timeout 300s;
    server {
        listen 127.0.0.1:$port backlog=8192;
        location / {
            default_type text/plain;
            return 200 "hello world\n";
        }
$extra
    }
}
EOF
        # Started in the background of a non-interactive shell, nginx ignores Ctrl-C; the EXIT trap stops it.
        "${pin[@]}" "$NGINX" -p "$TMP_DIR/nginx/" -e "$TMP_DIR/nginx/error.log" \
            -c "$TMP_DIR/nginx/nginx.conf" >"$TMP_DIR/nginx/stdout.log" 2>&1 &
        NGINX_PID=$!
        for ((i = 0; i < 50; i++)); do
            kill -0 "$NGINX_PID" 2>/dev/null || break
            if [[ $(curl -s --max-time 2 "http://127.0.0.1:$port/" 2>/dev/null) == "hello world" ]]; then
                URL="http://127.0.0.1:$port/"
                return 0
            fi
            sleep 0.1
        done
        stop_pid "$NGINX_PID"
        NGINX_PID=""
    done
    cat "$TMP_DIR/nginx/error.log" "$TMP_DIR/nginx/stdout.log" >&2 2>/dev/null || true
    die "nginx did not start"
}

