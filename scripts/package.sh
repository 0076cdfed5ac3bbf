#!/usr/bin/env bash
# Builds provha-compile for the nodes: a release binary that needs no Swift runtime
# (--static-swift-stdlib: the Swift runtime and Foundation linked in; glibc, libstdc++ and
# libmariadb stay shared), then into dist/ a tarball, an RPM (EL 8/9) and a DEB with the same
# files: /usr/bin/provha-compile, its --help text, shell completions, the lab example under
# /usr/share/doc/provha-compile. The version is the VERSION file's (`--version` prints it).
# Needs rpmbuild (Debian: rpm) and dpkg-deb; scripts/install-deps.sh --package installs them.
# scripts/package-check.sh then tests what this left.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"
version="$(tr -d '[:space:]' <VERSION)"
name=provha-compile
arch=x86_64 debian_arch=amd64
dist="${DIST:-dist}"

# The man page, from the command line's own definition (swift-argument-parser's plugin, which
# builds the release product its own way in .build).
swift package generate-manual 2>&1 | grep -E "error|Generated" | tail -n 1
manual="$(find .build/plugins/GenerateManual/outputs/$name -name "$name.1" | sed -n 1p)"
[ -s "$manual" ] || { echo "package: no man page was generated"; exit 1; }
# The shipped binary in a build folder of its own: SwiftPM does not relink a product when only
# --static-swift-stdlib changes. No $ORIGIN run path: it loads libraries from the system only.
static=(-c release --static-swift-stdlib --disable-local-rpath --scratch-path .build-static)
swift build "${static[@]}" --product "$name" 2>&1 | grep -E "error|warning: |Compiling|Build" | tail -n 3
binary="$(swift build "${static[@]}" --show-bin-path)/$name"

# The files, as both packages install them.
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
root="$stage/root"
install -D -m 0755 "$binary" "$root/usr/bin/$name"
strip --strip-debug "$root/usr/bin/$name"
doc="$root/usr/share/doc/$name"
install -d "$doc/examples/lab"
# The lab's cluster file and dump; not its keys (make your own: the README's first install).
cp -r examples/lab/cluster.yaml examples/lab/data "$doc/examples/lab/"
install -m 0644 README.md "$doc/README.md"
"$root/usr/bin/$name" --help >"$doc/provha-compile.help.txt"
install -d "$root/usr/share/man/man1"
gzip -9 -n -c "$manual" >"$root/usr/share/man/man1/$name.1.gz"
chmod 0644 "$root/usr/share/man/man1/$name.1.gz"
install -D -m 0644 /dev/null "$root/usr/share/bash-completion/completions/$name"
"$root/usr/bin/$name" --generate-completion-script bash >"$root/usr/share/bash-completion/completions/$name"
install -D -m 0644 /dev/null "$root/usr/share/zsh/site-functions/_$name"
"$root/usr/bin/$name" --generate-completion-script zsh >"$root/usr/share/zsh/site-functions/_$name"
install -D -m 0644 /dev/null "$root/usr/share/fish/vendor_completions.d/$name.fish"
"$root/usr/bin/$name" --generate-completion-script fish >"$root/usr/share/fish/vendor_completions.d/$name.fish"
# Every shared library the binary loads, by soname; none may be the toolchain's.
needed="$(objdump -p "$root/usr/bin/$name" | awk '$1 == "NEEDED" { print $2 }' | sort)"
if grep -qiE 'swift|Foundation|dispatch|BlocksRuntime' <<<"$needed"; then
    echo "package: the binary still needs a Swift runtime library:"; echo "$needed"; exit 1
fi
# The oldest glibc the binary asks for: EL 9 has 2.34, EL 8 2.28.
glibc="$(objdump -T "$root/usr/bin/$name" | grep -oE 'GLIBC_[0-9]+\.[0-9]+' | sort -t. -k2 -n -u | tail -n 1 | cut -d_ -f2)"

mkdir -p "$dist"
rm -f "$dist/$name"-*
tarball="$dist/$name-$version-linux-$arch.tar.gz"
tar --owner=0 --group=0 --sort=name --mtime=@0 -czf "$tarball" -C "$root" usr

# RPM: the files above; Requires from what the binary links (EL names the packages by soname,
# so rpmbuild's automatic dependencies are exactly that), plus glibc of the version it needs.
rpmtop="$stage/rpm"
mkdir -p "$rpmtop"/{BUILD,RPMS,SPECS,SOURCES,SRPMS,BUILDROOT}
sed -e "s/@VERSION@/$version/" -e "s/@GLIBC@/$glibc/" packaging/provha-compile.spec >"$rpmtop/SPECS/$name.spec"
rpmbuild --quiet -bb --target "$arch" --define "_topdir $rpmtop" --define "_build_id_links none" \
    --define "stage_root $root" --define "_binary_payload w9.gzdio" --define "__os_install_post %{nil}" \
    "$rpmtop/SPECS/$name.spec" >/dev/null  # (no brp scripts: the staged files are final)
cp "$rpmtop/RPMS/$arch/$name-$version-1.$arch.rpm" "$dist/"

# DEB: the same files; Depends from the sonames' Debian packages (dpkg -S of each library). A
# build host without dpkg (an EL one, for EL's glibc: see the README) makes no DEB.
if ! command -v dpkg-deb >/dev/null; then
    echo "package: $name $version (glibc >= $glibc; no dpkg here, so no DEB)"; ls -l "$dist"; exit 0
fi
debroot="$stage/deb"
cp -a "$root" "$debroot"
install -d "$debroot/DEBIAN"
depends="libc6 (>= $glibc)"
for soname in $needed; do
    case "$soname" in libc.so.*|libm.so.*|ld-linux*) continue ;; esac
    # (awk reads to the end: a reader that leaves early would kill ldconfig with SIGPIPE, 141)
    path="$(ldconfig -p | awk -v s="$soname" '$1 == s && /x86-64/ && !found { print $NF; found = 1 }')"
    [ -n "$path" ] || { echo "package: no library $soname on this machine"; exit 1; }
    # dpkg knows a file by the path its package put it at: /lib/... or /usr/lib/..., linked or not.
    package=""
    for candidate in "$path" "$(readlink -f "$path")" "/usr$path" "${path#/usr}"; do
        package="$(dpkg -S "$candidate" 2>/dev/null | sed -n '1s/:.*//p')" || true
        [ -z "$package" ] || break
    done
    [ -n "$package" ] || { echo "package: no Debian package owns $path ($soname)"; exit 1; }
    depends+=", $package"
done
size="$(du -sk "$debroot/usr" | cut -f1)"
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$debian_arch/" -e "s/@DEPENDS@/$depends/" -e "s/@SIZE@/$size/" \
    packaging/debian-control >"$debroot/DEBIAN/control"
dpkg-deb --root-owner-group --build "$debroot" "$dist/${name}_${version}_${debian_arch}.deb" >/dev/null
(cd "$dist" && sha256sum "$name"* >SHA256SUMS)
echo "package: $name $version (glibc >= $glibc; links: $(tr '\n' ' ' <<<"$needed"))"
ls -l "$dist"
