#!/usr/bin/env python3
"""Writes a realistic, deterministic mariadb-dump of an NMS Prime database.

CMTSs with one pool of every type each (CM, CPEPriv, CPEPub, MTA, STB), modems (some
soft-deleted, some public, some without internet access, placeholder MACs), MTAs on every
fourth modem and fixed-IP endpoints in the CPEPub pools, written as mariadb-dump writes them:
extended INSERTs of many rows, optionally with --complete-insert column lists, in the
`cmts` (2019) or `netgw` (2020+) era of the schema.

    bench/generate_dump.py --modems 100000 --cmts 200 --seed 1 > dump.sql
"""
import argparse
import random
import sys

CITIES = ["dresden", "leipzig", "chemnitz", "zwickau", "plauen", "goerlitz", "bautzen", "freiberg",
          "pirna", "meissen", "riesa", "hoyerswerda"]
VENDORS = [("Cisco", "ubr10k"), ("Casa", "C100G"), ("Arris", "E6000"), ("Harmonic", "CableOS")]
NAMES = ["Ada", "Björn", "O\\'Neil", "Zoë", "Seán", "Li", "Anna", "Jörg"]
SURNAMES = ["Weiß", "D\\'Angelo", "Smith\\\\Jones", "Łukasz", "Müller", "Østergaard"]


def ip(value):
    return ".".join(str(value >> shift & 0xFF) for shift in (24, 16, 8, 0))


def parse_ip(text):
    a, b, c, d = (int(part) for part in text.split("."))
    return a << 24 | b << 16 | c << 8 | d


def mask(prefix):
    return ip((0xFFFFFFFF << (32 - prefix)) & 0xFFFFFFFF)


def quote(value):
    if value is None:
        return "NULL"
    if isinstance(value, (int, float)):
        return str(value)
    return "'" + value + "'"  # values are pre-escaped the way mariadb-dump escapes them


class Dump:
    def __init__(self, out, rows_per_insert, complete_insert):
        self.out = out
        self.rows_per_insert = rows_per_insert
        self.complete_insert = complete_insert

    def table(self, name, columns, rows):
        w = self.out.write
        w(f"\n--\n-- Table structure for table `{name}`\n--\n\nDROP TABLE IF EXISTS `{name}`;\n")
        w("/*!40101 SET @saved_cs_client     = @@character_set_client */;\n")
        w("/*!40101 SET character_set_client = utf8mb4 */;\n")
        w(f"CREATE TABLE `{name}` (\n")
        for column, definition in columns:
            w(f"  `{column}` {definition},\n")
        w("  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;\n")
        w("/*!40101 SET character_set_client = @saved_cs_client */;\n")
        w(f"\n--\n-- Dumping data for table `{name}`\n--\n\nLOCK TABLES `{name}` WRITE;\n")
        w(f"/*!40000 ALTER TABLE `{name}` DISABLE KEYS */;\n")
        head = f"INSERT INTO `{name}` "
        if self.complete_insert:
            head += "(" + ", ".join(f"`{c}`" for c, _ in columns) + ") "
        head += "VALUES "
        batch = []
        for row in rows:
            batch.append("(" + ",".join(quote(v) for v in row) + ")")
            if len(batch) == self.rows_per_insert:
                w(head + ",".join(batch) + ";\n")
                batch = []
        if batch:
            w(head + ",".join(batch) + ";\n")
        w(f"/*!40000 ALTER TABLE `{name}` ENABLE KEYS */;\nUNLOCK TABLES;\n")


TS = "timestamp NULL DEFAULT NULL"
GENERIC = [("id", "int(10) unsigned NOT NULL AUTO_INCREMENT"), ("created_at", TS), ("updated_at", TS), ("deleted_at", TS)]
VC = "varchar(191) NOT NULL"


def stamp(rng):
    return f"2019-06-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modems", type=int, default=1000)
    parser.add_argument("--cmts", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--era", choices=["cmts", "netgw"], default="cmts")
    parser.add_argument("--complete-insert", action="store_true")
    parser.add_argument("--rows-per-insert", type=int, default=500)
    parser.add_argument("--master", default="172.20.0.100")
    parser.add_argument("--slave", default="172.20.0.101")
    args = parser.parse_args()
    if not 1 <= args.cmts <= 2048:
        sys.exit("--cmts must be 1..2048 (the address plan has room for 2048 CMTSs)")
    rng = random.Random(args.seed)
    dump = Dump(sys.stdout, args.rows_per_insert, args.complete_insert)
    w = sys.stdout.write
    w("/*M!999999\\- enable the sandbox mode */ \n-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)\n")
    w("--\n-- Host: localhost    Database: nmsprime\n-- ------------------------------------------------------\n")
    w("/*!40101 SET NAMES utf8mb4 */;\n/*!40103 SET TIME_ZONE='+00:00' */;\n")

    netgw = args.era == "netgw"
    gw_table = "netgw" if netgw else "cmts"
    gw_columns = GENERIC + [("hostname", VC), ("series" if netgw else "type", VC), ("ip", VC), ("community_rw", VC),
                            ("community_ro", VC), ("company", VC), ("network", "int(11) NOT NULL"),
                            ("state", "int(11) NOT NULL"), ("monitoring", "int(11) NOT NULL")]
    if netgw:
        gw_columns.append(("type", "varchar(191) NOT NULL DEFAULT 'cmts'"))
    gateways = []
    for i in range(1, args.cmts + 1):
        company, series = VENDORS[(i - 1) % len(VENDORS)]
        name = f"cmts-{CITIES[(i - 1) % len(CITIES)]}-{i}"
        row = [i, stamp(rng), stamp(rng), None, name, series, ip(parse_ip("172.21.0.0") + i), f"rw-{name}", f"ro-{name}",
               company, 0, 0, 1]
        if netgw:
            row.append("cmts")
        gateways.append(row)
    if netgw:  # a BRAS row that is not a CMTS
        gateways.append([args.cmts + 1, stamp(rng), stamp(rng), None, "bras-core-1", "MX204", "172.21.255.1", "rw", "ro",
                         "Juniper", 0, 0, 1, "bras"])
    dump.table(gw_table, gw_columns, gateways)

    # Address plan, room for 2048 CMTSs and clear of the servers' 172.20.0.0/24: CM /21 in
    # 10.0.0.0/10, MTA /23 in 10.64.0.0/12, STB /22 in 10.128.0.0/9, CPEPriv /22 in
    # 100.64.0.0/10, CPEPub /26 in 198.18.0.0/15.
    plans = [("CM", "10.0.0.0", 21), ("CPEPriv", "100.64.0.0", 22), ("CPEPub", "198.18.0.0", 26),
             ("MTA", "10.64.0.0", 23), ("STB", "10.128.0.0", 22)]
    pool_columns = GENERIC + [("netgw_id" if netgw else "cmts_id", "int(10) unsigned NOT NULL"),
                              ("type", "enum('CM','CPEPub','CPEPriv','MTA','STB') NOT NULL"), ("net", VC),
                              ("netmask", VC), ("ip_pool_start", VC), ("ip_pool_end", VC), ("router_ip", VC),
                              ("broadcast_ip", VC), ("dns1_ip", VC), ("dns2_ip", VC), ("dns3_ip", VC),
                              ("optional", "text NOT NULL"), ("description", "text DEFAULT NULL"),
                              ("active", "tinyint(1) NOT NULL DEFAULT 1"),
                              ("vendor_class_identifier", "varchar(191) DEFAULT NULL")]
    if netgw:
        pool_columns += [("version", "varchar(191) DEFAULT '4'"), ("prefix", "varchar(191) DEFAULT NULL"),
                         ("prefix_len", "varchar(191) DEFAULT NULL"), ("delegated_len", "varchar(191) DEFAULT NULL")]
    pools = []
    public_ranges = {}
    for i in range(1, args.cmts + 1):
        for kind, base, prefix in plans:
            net = parse_ip(base) + (i - 1) * (1 << (32 - prefix))
            last = net + (1 << (32 - prefix)) - 1
            first_host = net + (2 if prefix >= 26 else 10)
            dns = ("9.9.9.9", "", "") if kind == "CPEPub" else (args.master, args.slave, "")
            optional = "option ip-forwarding off;" if kind == "CPEPub" and i % 2 == 0 else ""
            vci = "stb-vendor" if kind == "STB" else None
            row = [len(pools) + 1, stamp(rng), stamp(rng), None, i, kind, ip(net), mask(prefix), ip(first_host),
                   ip(last - 1), ip(net + 1), ip(last), *dns, optional, f"{kind} pool of {gateways[i - 1][4]}", 1, vci]
            if netgw:
                row += ["4", None, None, None]
            pools.append(row)
            if kind == "CPEPub":
                public_ranges[i] = (first_host, last - 1)
    if netgw:  # an IPv6 pool, which dhcpd (v4) must leave to Kea DHCPv6
        pools.append([len(pools) + 1, stamp(rng), stamp(rng), None, 1, "CPEPub", "2001:db8:10::/64", "",
                      "2001:db8:10::100", "2001:db8:10::ffff", "2001:db8:10::1", "", "2001:db8:f::53", "", "", "",
                      "IPv6 pool", 1, None, "6", "2001:db8:1000::", "/48", "/56"])
    dump.table("ippool", pool_columns, pools)

    modem_columns = GENERIC + [("name", VC), ("hostname", VC), ("contract_id", "int(10) unsigned NOT NULL"),
                               ("firstname", VC), ("lastname", VC), ("street", VC), ("zip", "varchar(16) NOT NULL"),
                               ("city", VC), ("mac", "varchar(17) NOT NULL"), ("model", "varchar(191) DEFAULT NULL"),
                               ("status", "int(11) NOT NULL"), ("public", "tinyint(1) NOT NULL"),
                               ("internet_access", "tinyint(1) NOT NULL"), ("serial_num", VC),
                               ("description", "text NOT NULL"), ("configfile_id", "int(10) unsigned NOT NULL"),
                               ("qos_id", "int(10) unsigned NOT NULL"), ("number", "varchar(32) NOT NULL")]

    def modems():
        for m in range(1, args.modems + 1):
            deleted = stamp(rng) if m % 97 == 0 else None
            mac = "ff:ff:ff:ff:ff:ff" if m % 211 == 0 else "00:1b:%02x:%02x:%02x:%02x" % (m >> 24 & 255, m >> 16 & 255, m >> 8 & 255, m & 255)
            description = "line one\\nline two \\\"quoted\\\"\\ttab" if m % 17 == 0 else ""
            yield [m, stamp(rng), stamp(rng), deleted, f"Modem {m}", f"cm-{m}", 500000 + m, NAMES[m % len(NAMES)],
                   SURNAMES[m % len(SURNAMES)], "Hauptstraße", "09111", "Chemnitz", mac, "TC7200", 0,
                   1 if m % 11 == 0 else 0, 0 if m % 23 == 0 else 1, f"SN{m:08d}", description, 1 + m % 3, 1, str(m)]
    dump.table("modem", modem_columns, modems())

    mta_columns = GENERIC + [("modem_id", "int(10) unsigned NOT NULL DEFAULT 1"), ("mac", "varchar(17) NOT NULL"),
                             ("hostname", VC), ("configfile_id", "int(10) unsigned NOT NULL DEFAULT 1"),
                             ("type", "enum('sip','packetcable') NOT NULL"), ("is_dummy", "tinyint(1) NOT NULL DEFAULT 0")]

    def mtas():
        for n, m in enumerate(range(4, args.modems + 1, 4), start=1):
            if m % 97 == 0 or m % 211 == 0:
                continue
            yield [n, stamp(rng), stamp(rng), None, m, "00:1c:%02x:%02x:%02x:%02x" % (m >> 24 & 255, m >> 16 & 255, m >> 8 & 255, m & 255),
                   f"mta-{n}", 2, "packetcable", 1 if n % 50 == 0 else 0]
    dump.table("mta", mta_columns, mtas())

    endpoint_columns = GENERIC + [("hostname", "varchar(63) NOT NULL"), ("mac", "varchar(17) DEFAULT NULL"),
                                  ("description", "text NOT NULL"), ("fixed_ip", "tinyint(1) DEFAULT NULL"),
                                  ("modem_id", "int(10) unsigned DEFAULT NULL"), ("ip", "varchar(15) DEFAULT NULL"),
                                  ("add_reverse", "varchar(191) DEFAULT NULL")]

    def endpoints():
        used = {}
        for n, m in enumerate(range(50, args.modems + 1, 50), start=1):
            if m % 97 == 0 or m % 211 == 0:
                continue
            cmts = 1 + n % args.cmts
            first, last = public_ranges[cmts]
            offset = used.get(cmts, 3)
            if first + offset > last:
                continue
            used[cmts] = offset + 5
            yield [n, stamp(rng), stamp(rng), None, f"cpe-fixed-{n}", "00:1d:%02x:%02x:%02x:%02x" % (m >> 24 & 255, m >> 16 & 255, m >> 8 & 255, m & 255),
                   "fixed public IP", 1, m, ip(first + offset), None]
    dump.table("endpoint", endpoint_columns, endpoints())

    provbase_columns = GENERIC + [("provisioning_server", VC), ("domain_name", VC),
                                  ("dhcp_def_lease_time", "int(10) unsigned NOT NULL"),
                                  ("dhcp_max_lease_time", "int(10) unsigned NOT NULL"), ("max_cpe", "smallint(6) DEFAULT NULL")]
    dump.table("provbase", provbase_columns, [[1, stamp(rng), stamp(rng), None, args.master, "nmsprime.test", 86400, 172800, 4]])
    provha_columns = GENERIC + [("master", VC), ("slaves", VC), ("load_ratio", "double NOT NULL DEFAULT 0.5"),
                                ("slave_config_rebuild_interval", "int(10) unsigned NOT NULL DEFAULT 3600")]
    dump.table("provha", provha_columns, [[1, stamp(rng), stamp(rng), None, args.master, args.slave, 0.5, 60]])
    w("\n-- Dump completed\n")


if __name__ == "__main__":
    main()
