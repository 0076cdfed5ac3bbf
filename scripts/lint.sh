#!/usr/bin/env bash
# The style checks CI runs: swift-format's strict lint with the repository's .swift-format, and
# no Swift file over 400 lines (a file holds one idea). `swift format -i -r Sources Tests Fuzz`
# fixes most lint findings.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"
swift format lint --strict --recursive Sources Tests Fuzz Package.swift
long="$(find Sources Tests Fuzz -name '*.swift' -exec wc -l {} + | awk '$2 != "total" && $1 > 400 { print "  " $2 " (" $1 " lines)" }')"
if [ -n "$long" ]; then
    echo "Swift files over 400 lines; split them:"
    echo "$long"
    exit 1
fi
echo "lint: swift-format strict, no file over 400 lines"
