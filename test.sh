#!/usr/bin/env bash
# Runs every test project of ScaleLab and ends with one line: "N passed, N failed".
#
# Installs what the tests need when it is missing: Debian's nginx (package nginx-light) for the tests against a
# real nginx; redis-server, postgresql and haproxy for the lab's tests (which start their own, on free ports);
# chromium for the report tests, which open each kind of HTML report in headless Chromium; iproute2 for the tests
# across hosts, which put agents and targets in network namespaces of their own (as root, as on CI).
# Builds the whole solution once (so a broken benchmark fails too), then runs the test projects one after
# another: the load tests measure time, and two test hosts fighting over two cores would only add noise.
# Exits non-zero when a test failed, a project did not build or run, or no test ran at all.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
root=$(pwd)

export DOTNET_NOLOGO=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# NuGet needs a home for its cache; CI may run with a bare environment.
export HOME="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"

say() { printf 'test.sh: %s\n' "$*" >&2; }

# The tests start their own nginx, redis-server, PostgreSQL clusters and HAProxy on free ports: install the
# missing Debian packages in one apt-get run, keeping them from starting system services on their default ports.
install_test_servers() {
    local missing=()
    [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
    [ -x /usr/bin/redis-server ] || missing+=(redis-server)
    compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
    [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
    [ -x /usr/bin/chromium ] || missing+=(chromium)
    [ -x /usr/sbin/ip ] || [ -x /sbin/ip ] || missing+=(iproute2)
    [ "${#missing[@]}" -eq 0 ] && return 0
    say "missing for the tests: ${missing[*]}: installing Debian's packages"
    if ! command -v apt-get >/dev/null; then
        say "apt-get is not available: install ${missing[*]} by hand; the tests that need them will fail"
        return 1
    fi
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        sudo=(sudo -n)
    fi
    local policy=/usr/sbin/policy-rc.d added_policy=0
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null && "${sudo[@]}" chmod 755 "$policy" && added_policy=1
    fi
    local status=0
    "${sudo[@]}" apt-get update -qq || status=$?
    if [ "$status" -eq 0 ]; then
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || status=$?
    fi
    if [ "$added_policy" -eq 1 ]; then
        "${sudo[@]}" rm -f "$policy"
    fi
    if [ "$status" -ne 0 ]; then
        say "could not install ${missing[*]} (apt-get exit $status); the tests that need them will fail"
        return 1
    fi
}

# The tests across hosts name every network namespace they make sl-ID-HOST, and the root's end of its link sl-ID;
# a test host killed mid-run leaves them behind: removed before the tests (so they start clean) and after them.
remove_test_namespaces() {
    command -v ip >/dev/null || [ -x /usr/sbin/ip ] || return 0
    [ "$(id -u)" -eq 0 ] || return 0
    local ip_cmd
    ip_cmd=$(command -v ip || echo /usr/sbin/ip)
    local link ns
    for link in $(timeout 15 "$ip_cmd" -o link show 2>/dev/null | sed -nE 's/^[0-9]+: (sl-[0-9a-f]+)[@:].*/\1/p'); do
        timeout 15 "$ip_cmd" link del "$link" 2>/dev/null && say "removed the leftover link $link"
    done
    for ns in $(timeout 15 "$ip_cmd" netns list 2>/dev/null | awk '$1 ~ /^sl-/ { print $1 }'); do
        timeout 15 "$ip_cmd" netns del "$ns" 2>/dev/null && say "removed the leftover network namespace $ns"
    done
    return 0
}

install_test_servers || true
remove_test_namespaces

if ! command -v dotnet >/dev/null; then
    say "dotnet is not on PATH: install the .NET 10 SDK"
    echo "0 passed, 1 failed"
    exit 1
fi

results="$root/TestResults"
rm -rf "$results"
mkdir -p "$results"

say "building ScaleLab.slnx (Release)"
if ! dotnet build ScaleLab.slnx -c Release -nologo -clp:ErrorsOnly -v:quiet; then
    say "the build failed: no test ran"
    echo "0 passed, 1 failed"
    exit 1
fi

passed=0
failed=0
skipped=0
broken=0
for project in tests/*/*.Tests.csproj; do
    name=$(basename "$project" .csproj)
    say "running $name"
    log="$results/$name.log"
    dotnet test "$project" -c Release --no-build --nologo \
        --logger "console;verbosity=minimal" \
        --logger "trx;LogFileName=$name.trx" \
        --results-directory "$results" 2>&1 | tee "$log"
    status=${PIPESTATUS[0]}
    # One summary line per test assembly, e.g.
    # "Passed!  - Failed:     0, Passed:    52, Skipped:     0, Total:    52, Duration: 20 s - X.dll (net10.0)".
    summary=$(grep -E '^(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$log" || true)
    if [ -z "$summary" ]; then
        if [ "$status" -eq 0 ] && grep -q 'No test is available' "$log"; then
            say "$name has no tests yet"
        else
            say "$name printed no test summary (exit $status): counted as one failure"
            broken=$((broken + 1))
        fi
        continue
    fi
    while read -r line; do
        f=$(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$line")
        p=$(sed -E 's/.*Passed: +([0-9]+),.*/\1/' <<<"$line")
        s=$(sed -E 's/.*Skipped: +([0-9]+),.*/\1/' <<<"$line")
        failed=$((failed + f))
        passed=$((passed + p))
        skipped=$((skipped + s))
    done <<<"$summary"
    if [ "$status" -ne 0 ] && ! grep -qE '^Failed!' <<<"$summary"; then
        say "$name exited $status although its tests passed (a crash after the run?): counted as one failure"
        broken=$((broken + 1))
    fi
done

remove_test_namespaces
failed=$((failed + broken))
exit_code=0
if [ "$failed" -gt 0 ]; then
    exit_code=1
elif [ "$passed" -eq 0 ]; then
    say "no test ran"
    exit_code=1
fi

if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
exit "$exit_code"
