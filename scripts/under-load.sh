#!/usr/bin/env bash
# Runs COMMAND with every core kept busy by a busy loop at nice 0 (as a machine running other
# builds is), then stops the loops and exits with COMMAND's status. The test suites must pass
# this way too: e.g. `sudo scripts/under-load.sh bash Tests/Integration/run.sh`, or
# `scripts/under-load.sh bash .ci/run`. BUSY_LOOPS sets the number of loops (default: cores).
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: scripts/under-load.sh COMMAND [ARGUMENT...]" >&2; exit 2; }
loops="${BUSY_LOOPS:-$(nproc)}"
pids=()
stop_loops() { [ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true; }
trap stop_loops EXIT
for _ in $(seq 1 "$loops"); do
    nice -n 0 bash -c 'while :; do :; done' &
    pids+=($!)
done
echo "under-load: $loops busy loops at nice 0 beside: $*" >&2
status=0
"$@" || status=$?
uptime >&2
exit "$status"
