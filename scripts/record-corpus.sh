#!/usr/bin/env bash
# Rewrites the expected.txt of every bad-input and accepted case from what the debug build prints
# now (run `swift build` first). Read `git diff Tests/Fixtures` before committing: every change
# there is a change in what users see.
set -euo pipefail
cd "$(dirname "$0")/.."
compiler="$PWD/.build/debug/provha-compile"
for folder in Tests/Fixtures/bad/*/ Tests/Fixtures/accepted/*/; do
    args=()
    [ -f "$folder/args.txt" ] && mapfile -t args <"$folder/args.txt"
    status=0
    (cd "$folder" && env -i PATH=/usr/bin:/bin HOME=/nonexistent "$compiler" check cluster.yaml "${args[@]}" 2>expected.txt >/dev/null) ||
        status=$?
    echo "exit: $status" >>"$folder/expected.txt"
done
