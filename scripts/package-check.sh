#!/usr/bin/env bash
# Tests what scripts/package.sh left in dist/: the RPM's and the DEB's files and dependencies
# (no Swift runtime library among them), both installed into test roots, and the packaged binary
# run with the Swift toolchain hidden (an empty folder mounted over it in a private mount
# namespace) building the lab into the same tree as the development build. Root (for the mount
# namespace). Prints "package-check: N passed, M failed" and fails if any check does.
set -uo pipefail
cd "$(dirname "$0")/.."
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"
version="$(tr -d '[:space:]' <VERSION)"
dist="${DIST:-dist}"
rpm_file="$dist/provha-compile-$version-1.x86_64.rpm"
deb_file="$dist/provha-compile_${version}_amd64.deb"
tarball="$dist/provha-compile-$version-linux-x86_64.tar.gz"
passed=0 failed=0
check() { local what="$1"; shift; if "$@"; then echo "ok: $what"; passed=$((passed + 1)); else echo "FAIL: $what"; failed=$((failed + 1)); fi; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

files="/usr/bin/provha-compile
/usr/share/man/man1/provha-compile.1.gz
/usr/share/bash-completion/completions/provha-compile
/usr/share/doc/provha-compile/README.md
/usr/share/doc/provha-compile/examples/lab/cluster.yaml
/usr/share/doc/provha-compile/provha-compile.help.txt
/usr/share/fish/vendor_completions.d/provha-compile.fish
/usr/share/zsh/site-functions/_provha-compile"
has_files() { local listing="$1" file; for file in $files; do grep -qx "$file" <<<"$listing" || { echo "    missing: $file"; return 1; }; done; }
no_swift() { ! grep -iE 'swift|libFoundation|libdispatch|BlocksRuntime' <<<"$1"; }

check "the tarball, the RPM and the DEB are there" test -s "$tarball" -a -s "$rpm_file" -a -s "$deb_file"
rpm_files="$(rpm -qpl "$rpm_file" 2>/dev/null)"
rpm_requires="$(rpm -qpR "$rpm_file" 2>/dev/null)"
echo "    RPM requires: $(tr '\n' ' ' <<<"$rpm_requires")"
check "the RPM holds the binary, the help text, the completions and the lab example" has_files "$rpm_files"
check "  ... and requires no Swift runtime library" no_swift "$rpm_requires"
check "  ... but what the binary loads: libmariadb.so.3 (EL: mariadb-connector-c) and glibc" \
    bash -c 'grep -q "^libmariadb.so.3()(64bit)" <<<"$1" && grep -q "^glibc >= " <<<"$1"' _ "$rpm_requires"
rpmlint_clean() {  # rpmlint finds nothing but the findings packaging/rpmlint.toml explains
    local report; report="$(rpmlint -c packaging/rpmlint.toml "$rpm_file" 2>&1)"
    grep -qE '\b0 errors, 0 warnings' <<<"$report" || { grep -E ': [EW]: ' <<<"$report" | sed 's/^/    /'; return 1; }
}
check "  ... rpmlint finds nothing unexplained (packaging/rpmlint.toml)" rpmlint_clean
check "  ... its binary is executable by all" bash -c 'rpm -qplv "$1" | grep -cE "^-rwxr-xr-x .* /usr/bin/provha-compile$" >/dev/null' _ "$rpm_file"
deb_files="$(dpkg-deb -c "$deb_file" | awk '{ print $6 }' | sed 's#^\.##')"
deb_depends="$(dpkg-deb -f "$deb_file" Depends)"
echo "    DEB depends: $deb_depends"
check "the DEB holds the same files" has_files "$deb_files"
check "  ... and depends on no Swift runtime, but on libmariadb3" bash -c '! grep -qi swift <<<"$1" && grep -q libmariadb3 <<<"$1"' _ "$deb_depends"

# Installed into test roots with each format's own tool.
deb_root="$work/deb-root" rpm_root="$work/rpm-root"
mkdir -p "$deb_root/var/lib/dpkg/info" "$deb_root/var/lib/dpkg/updates"
touch "$deb_root/var/lib/dpkg/status"
check "dpkg installs the DEB into a test root" \
    bash -c 'dpkg --root="$1" --force-depends --force-script-chrootless -i "$2" >"$1.log" 2>&1' _ "$deb_root" "$deb_file"
check "  ... and knows it as installed, version $version" \
    bash -c 'test "$(dpkg-query --admindir="$1/var/lib/dpkg" -W -f="\${Status} \${Version}" provha-compile)" = "install ok installed $2"' _ "$deb_root" "$version"
check "rpm installs the RPM into a test root" \
    bash -c 'rpm --root "$1" --initdb && rpm --root "$1" --nodeps --noscripts -i "$2"' _ "$rpm_root" "$rpm_file"
check "  ... with the same binary as the DEB's" cmp -s "$rpm_root/usr/bin/provha-compile" "$deb_root/usr/bin/provha-compile"

# The packaged binary with the toolchain hidden: it must start, and build the lab into the tree
# the development build makes (its bookkeeping aside: the manifest's inputs digest covers the
# compiler's own, the tree stamp the files' inodes).
toolchain="$(dirname "$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")")"
packaged="$deb_root/usr/bin/provha-compile"
swift build --product provha-compile >/dev/null 2>&1
development="$(swift build --show-bin-path)/provha-compile"
"$development" build examples/lab/cluster.yaml --out "$work/development" >/dev/null 2>&1
hidden() {  # hidden COMMAND...: COMMAND with an empty folder over the toolchain
    unshare --mount bash -c 'mount --make-rprivate / && mount -t tmpfs empty "$0" && exec "$@"' "$toolchain" "$@"
}
does_not_start_hidden() { ! hidden "$@" --version >/dev/null 2>&1; }
check "with the toolchain ($toolchain) hidden, the development binary does not start (so the check can fail)" \
    does_not_start_hidden "$development"
check "the packaged binary starts there and says its version" test "$(hidden "$packaged" --version 2>&1)" = "$version"
check "  ... and builds the lab there" hidden "$packaged" build examples/lab/cluster.yaml --out "$work/packaged"
check "  ... into a tree identical to the development build's" diff -r --exclude='.provha-*' "$work/development" "$work/packaged"
check "  ... whose manifest lists the same files, modes and digests" bash -c \
    'cmp -s <(grep -v "\"inputs\"" "$1/.provha-manifest.json") <(grep -v "\"inputs\"" "$2/.provha-manifest.json")' _ "$work/development" "$work/packaged"

echo "package-check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
