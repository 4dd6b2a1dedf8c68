#!/usr/bin/env bash
# Runs the examples of README.md and docs/*.md that are marked `<!-- example: NAME -->` (the command on the block's
# first line, `$ ...`, its stdout below it) against the built CLI and `scalelab demo`:
#   --check   (CI) each output must have the documented shape: the same labels, table headers and rules in order,
#             numbers masked; durations are shortened where the example allows, to stay within about 3 minutes.
#   --update  runs the commands as written and rewrites the output in the blocks.
# Optional NAMEs after the mode run only those examples. Needs a Release build (./test.sh or dotnet build -c Release).
# Every process it starts is stopped on exit; exits 0 when every example ran and matched, 1 otherwise, 2 on misuse.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

case "${1:-}" in
    --check) mode=check ;;
    --update) mode=update ;;
    *) echo "usage: scripts/docs-examples.sh --check|--update [NAME...]" >&2; exit 2 ;;
esac
shift

dll=src/ScaleLab.Cli/bin/Release/net10.0/scalelab.dll
[ -f "$dll" ] || { echo "docs-examples: $dll not found: build first (dotnet build ScaleLab.slnx -c Release)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "docs-examples: python3 not found" >&2; exit 2; }

work=$(mktemp -d)
demo_pid=
nginx_pid=
runner_pid=
cleanup() {
    if [ -n "$runner_pid" ] && kill -0 "$runner_pid" 2>/dev/null; then
        kill -TERM "$runner_pid" 2>/dev/null || true
        wait "$runner_pid" 2>/dev/null || true
    fi
    if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then
        kill -TERM "$nginx_pid" 2>/dev/null || true
        wait "$nginx_pid" 2>/dev/null || true
    fi
    if [ -n "$demo_pid" ] && kill -0 "$demo_pid" 2>/dev/null; then
        kill -TERM "$demo_pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$demo_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$demo_pid" 2>/dev/null || true
        wait "$demo_pid" 2>/dev/null || true
    fi
    # A lab that `diagnose` or `lab up` started stops on its own once its parent is gone, and may still be removing
    # its files: wait for every process that was given a folder under $work before removing it.
    for _ in $(seq 1 150); do
        grep -q -s -a -F "SCALELAB_LAB_DIR=$work/" /proc/[0-9]*/environ 2>/dev/null || break
        sleep 0.2
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The documented port when it is free (so that the commands run exactly as written), any free port otherwise.
port=5055
if (exec 3<>/dev/tcp/127.0.0.1/5055) 2>/dev/null; then
    port=0
fi
dotnet "$dll" demo --port "$port" >"$work/demo.log" 2>&1 &
demo_pid=$!
url=
for _ in $(seq 1 300); do
    url=$(sed -n 's|^demo server: \(http://[^ ]*\).*|\1|p' "$work/demo.log")
    [ -n "$url" ] && break
    kill -0 "$demo_pid" 2>/dev/null || break
    sleep 0.1
done
[ -n "$url" ] || { cat "$work/demo.log" >&2; echo "docs-examples: scalelab demo did not start" >&2; exit 1; }
port=$(sed -E 's|.*:([0-9]+)/$|\1|' <<<"$url")
echo "docs-examples: demo server at $url (pid $demo_pid)" >&2

# The nginx of samples/nginx-hello.conf for the `run` examples, on 18080 when it is free, else on another port.
nginx=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null || true)
nginx_port=
if [ -n "$nginx" ]; then
    nginx_port=18080
    if (exec 3<>/dev/tcp/127.0.0.1/18080) 2>/dev/null; then
        nginx_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    fi
    mkdir -p "$work/nginx"
    sed "s/127.0.0.1:18080/127.0.0.1:$nginx_port/" samples/nginx-hello.conf >"$work/nginx/nginx.conf"
    chmod -R a+rX "$work"  # its worker runs unprivileged when the script runs as root
    "$nginx" -p "$work/nginx" -e stderr -c "$work/nginx/nginx.conf" >"$work/nginx.log" 2>&1 &
    nginx_pid=$!
    for _ in $(seq 1 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$nginx_port") 2>/dev/null && break
        kill -0 "$nginx_pid" 2>/dev/null || break
        sleep 0.1
    done
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$nginx_port") 2>/dev/null; then
        cat "$work/nginx.log" >&2
        echo "docs-examples: nginx did not start" >&2
        exit 1
    fi
fi

# The lab that `diagnose` starts lives under its own directory, apart from any lab the user runs.
mkdir -p "$work/lab"
SCALELAB_LAB_DIR="$work/lab" DEMO_PORT="$port" DEMO_PID="$demo_pid" NGINX_PORT="$nginx_port" DEMO_LOG="$work/demo.log" SCALELAB="dotnet $PWD/$dll" \
    python3 scripts/docs_examples.py "$mode" "$@" &
runner_pid=$!
# In the background and waited for, so that a signal reaches the trap at once, which stops the runner (and it, what it started).
wait "$runner_pid"
