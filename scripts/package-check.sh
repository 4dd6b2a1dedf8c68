#!/usr/bin/env bash
# Packs ScaleLab as a .NET tool, installs it into a temporary tool path and uses it as a user would: starts the
# lab (embedded Garnet store, so the libraries the package leaves out are proven unneeded), sends ten requests
# through it with `scalelab run -n 10`, and stops the lab. Prints the package sizes. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

work=$(mktemp -d)
lab_pid=
cleanup() {
    if [ -n "$lab_pid" ] && kill -0 "$lab_pid" 2>/dev/null; then
        SCALELAB_LAB_DIR="$work/lab" "$work/tools/scalelab" lab down >/dev/null 2>&1 || kill "$lab_pid" 2>/dev/null || true
        wait "$lab_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
say() { printf 'package-check: %s\n' "$*" >&2; }

version=$(sed -n 's|.*<Version>\(.*\)</Version>.*|\1|p' Directory.Build.props)
dotnet pack src/ScaleLab.Cli -c Release -o "$work/packages" -nologo -v:quiet >"$work/pack.log" 2>&1 || { cat "$work/pack.log" >&2; say "dotnet pack failed"; exit 1; }
for package in "$work"/packages/*.nupkg; do
    say "$(basename "$package"): $(( $(stat -c %s "$package") / 1024 / 1024 )) MiB"
done

dotnet tool install ScaleLab --version "$version" --tool-path "$work/tools" --add-source "$work/packages" >"$work/install.log" 2>&1 \
    || { cat "$work/install.log" >&2; say "dotnet tool install failed"; exit 1; }
say "installed: $(du -sm "$work/tools" | cut -f1) MiB in the tool path"

"$work/tools/scalelab" --help >/dev/null

mkdir -p "$work/lab"
SCALELAB_LAB_DIR="$work/lab" "$work/tools/scalelab" lab up --port 0 --replicas 1 --users 100 --products 10 \
    >"$work/lab.log" 2>&1 &
lab_pid=$!
url=
for _ in $(seq 1 240); do
    url=$(sed -n 's|^lab ready: \(http://[^ ]*\).*|\1|p' "$work/lab.log")
    [ -n "$url" ] && break
    kill -0 "$lab_pid" 2>/dev/null || break
    sleep 0.5
done
if [ -z "$url" ]; then
    cat "$work/lab.log" >&2
    say "the installed tool did not start the lab"
    exit 1
fi

"$work/tools/scalelab" run -n 10 -c 1 --json "$work/run.json" "${url}products/1" >"$work/run.log" 2>&1 \
    || { cat "$work/run.log" >&2; say "scalelab run failed"; exit 1; }
grep -q '"requests": *10\b' "$work/run.json" || { cat "$work/run.json" >&2; say "the run did not report 10 requests"; exit 1; }

SCALELAB_LAB_DIR="$work/lab" "$work/tools/scalelab" lab down >/dev/null
wait "$lab_pid" 2>/dev/null || true
lab_pid=
say "ok: packed, installed, started the lab, ran 10 requests, stopped the lab"
