#!/usr/bin/env bash
# Installs the Debian packages provha-compile builds with (libmariadb-dev, pkg-config) and,
# with --test, those its tests and its integration suite run (dhcpd and Kea, the relay and client,
# BIND, rsyslog, MariaDB, jsonschema, iproute2, TFTP server and client, sshd and rsync, perl,
# systemd's socket activator and unit checker, rpm and binutils for the packages, and firewalld —
# whose service, when this script installs it, is stopped and disabled again: the tests run it
# only inside network namespaces).
set -euo pipefail
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
packages=(libmariadb-dev pkg-config libcurl4)  # libcurl: the toolchain's swift-build links it
if [ "${1:-}" = "--test" ]; then
    packages+=(isc-dhcp-server isc-dhcp-relay isc-dhcp-client bind9 bind9-utils bind9-dnsutils rsyslog iproute2
               python3 python3-jsonschema mariadb-server mariadb-client
               tftpd-hpa tftp-hpa openssh-server openssh-client rsync perl systemd firewalld
               kea-dhcp4-server kea-dhcp6-server kea-ctrl-agent kea-dhcp-ddns-server kea-admin
               rpm rpmlint binutils  # scripts/package.sh and package-check.sh: rpmbuild, rpmlint, objdump, strip
               php-cli  # php -l and a require of the slave's generated /etc/cacti/db.php
               icinga2-bin icinga2-common monitoring-plugins-basic  # icinga2 daemon -C on the monitoring objects
               monitoring-plugins-standard)  # check_dns, which the live Icinga of Tests/Integration/run.sh runs
fi
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    if printf '%s\n' "${missing[@]}" | grep -qx firewalld; then
        # A firewall this machine did not have before must not start filtering it now.
        $SUDO sh -c 'systemctl disable --now firewalld >/dev/null 2>&1 || service firewalld stop >/dev/null 2>&1 || true'
    fi
fi
