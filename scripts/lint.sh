#!/usr/bin/env bash
# The style checks CI runs: swift-format's strict lint with the repository's .swift-format, no
# Swift file over 400 lines (a file holds one idea), commit subjects of at most 72 characters.
# `swift format -i -r Sources Tests Fuzz` fixes most lint findings.
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
# Commit subjects of at most 72 characters, for every commit since the rule began (the commits
# before it keep theirs). A clone without that history (shallow) cannot tell and says so.
rule_began=35af30d
if git rev-parse -q --verify "$rule_began^{commit}" >/dev/null 2>&1; then
    long_subjects="$(git log --format='%s' "$rule_began..HEAD" | awk 'length($0) > 72')"
    if [ -n "$long_subjects" ]; then
        echo "Commit subjects over 72 characters (the why belongs in the body):"
        echo "$long_subjects"
        exit 1
    fi
else
    echo "lint: no history back to $rule_began here; commit subjects not checked"
fi
echo "lint: swift-format strict, no file over 400 lines, commit subjects of at most 72 characters"
