#!/usr/bin/env bash
# A throw-away MariaDB server for the live-database tests, on a unix socket and 127.0.0.1.
#
#   scripts/mariadb-test-server.sh start   # new data folder, load the lab dump, create users
#   scripts/mariadb-test-server.sh stop    # shut down and delete the data folder
#
# Folder: $PROVHA_MARIADB_DIR (default /tmp/provha-mariadb); port: $PROVHA_MARIADB_PORT
# (default 33306); address: $PROVHA_MARIADB_BIND (default 127.0.0.1; the namespace suite runs one
# on the master's address). Databases: `nmsprime` (examples/lab's dump) and `nmsprime_broken` (the same
# without table `ippool`). User `slaveread` (SELECT only) with password `slaveread-test`.
# The tests find the server through PROVHA_TEST_MARIADB_SOCKET and PROVHA_TEST_MARIADB_PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${PROVHA_MARIADB_DIR:-/tmp/provha-mariadb}"
port="${PROVHA_MARIADB_PORT:-33306}"
bind="${PROVHA_MARIADB_BIND:-127.0.0.1}"
socket="$dir/mysqld.sock"

client() { mariadb --socket="$socket" -u root "$@"; }

start() {
    stop >/dev/null 2>&1 || true
    mkdir -p "$dir"
    mariadb-install-db --datadir="$dir/data" --user="$(id -un)" --auth-root-authentication-method=socket \
        --skip-test-db >"$dir/install.log" 2>&1
    mariadbd --no-defaults --datadir="$dir/data" --socket="$socket" --port="$port" --bind-address="$bind" \
        --user="$(id -un)" --pid-file="$dir/mysqld.pid" --log-error="$dir/error.log" \
        --innodb-buffer-pool-size=64M --skip-name-resolve >>"$dir/server.out" 2>&1 &
    for _ in $(seq 1 60); do
        mariadb-admin --socket="$socket" -u root ping >/dev/null 2>&1 && break
        sleep 0.5
    done
    mariadb-admin --socket="$socket" -u root ping >/dev/null || { cat "$dir/error.log"; exit 1; }
    client -e "CREATE DATABASE nmsprime CHARACTER SET utf8mb4; CREATE DATABASE nmsprime_broken CHARACTER SET utf8mb4;"
    client nmsprime < examples/lab/data/nmsprime.sql
    client nmsprime_broken < examples/lab/data/nmsprime.sql
    client nmsprime_broken -e "DROP TABLE ippool;"
    client -e "CREATE USER 'slaveread'@'localhost' IDENTIFIED BY 'slaveread-test';
               CREATE USER 'slaveread'@'127.0.0.1' IDENTIFIED BY 'slaveread-test';
               GRANT SELECT ON nmsprime.* TO 'slaveread'@'localhost', 'slaveread'@'127.0.0.1';
               GRANT SELECT ON nmsprime_broken.* TO 'slaveread'@'localhost', 'slaveread'@'127.0.0.1';"
    echo "export PROVHA_TEST_MARIADB_SOCKET=$socket PROVHA_TEST_MARIADB_PORT=$port"
}

stop() {
    if [ -S "$socket" ]; then mariadb-admin --socket="$socket" -u root shutdown || true; fi
    for _ in $(seq 1 40); do [ -e "$dir/mysqld.pid" ] || break; sleep 0.25; done
    rm -rf "$dir"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
