/// Every key the cluster file may hold, per section, and the values of its enumerated keys: the
/// one list the reader accepts and `schemas/cluster.schema.json` must equal (a test compares
/// them both ways).
enum ClusterFileKeys {
    static let top = [
        "version", "cluster", "nodes", "failover", "snapshot", "dhcp", "ddns", "dns", "syslog", "cacti", "cmts", "tftp", "firewall", "apply",
        "nmsprime", "database", "dhcp6",
    ]
    static let cluster = ["name", "domain"]
    static let nodes = ["master", "slave"]
    /// `nodes.master`, `nodes.slave`.
    static let node = ["hostname", "address", "address6"]
    static let failover = [
        "name", "port", "peer_port", "omapi_port", "omapi_key", "load_balance", "split", "mclt",
        "max_response_delay", "max_unacked_updates", "load_balance_max_seconds",
    ]
    /// `ddns`, `failover.omapi_key`.
    static let key = ["key_name", "algorithm", "secret_file", "secret_env"]
    /// Known to key sections only to be refused with a reason: a secret in clear text.
    static let refusedInKey = ["secret"]
    static let snapshot = ["dump", "mariadb"]
    static let mariadb = ["host", "socket", "port", "database", "user", "password_env"]
    static let dhcp = [
        "server", "default_lease_time", "max_lease_time", "time_offset", "max_cpe", "server_networks", "group", "kea_hooks_dir",
        "kea_ha_port", "kea_api_port", "kea_reservations", "kea_hosts_database",
    ]
    /// `dhcp.kea_reservations`.
    static let keaReservations = ["inline", "database"]
    /// `dhcp.kea_hosts_database`.
    static let keaHostsDatabase = ["type", "name", "host", "port", "user", "password_file", "password_env"]
    static let dhcp6 = ["enabled", "mode", "primary", "ha_port", "interface", "preferred_lifetime", "valid_lifetime"]
    /// `dhcp6.mode`.
    static let dhcp6Modes = ["hot-standby", "load-balancing"]
    static let dns = ["ttl", "zone_folder", "hostmaster", "directory", "forwarders", "dnssec_validation", "group", "mirror_interval"]
    static let syslog = ["port", "queue_max_disk_space"]
    static let cacti = ["user", "remote_path", "mount_point", "mount_root", "identity_file", "timeout", "master_host_key"]
    static let tftp = ["root", "sync"]
    static let tftpSync = ["user", "identity_file", "slave_host_key", "interval", "storage"]
    static let firewall = ["extra_peer_ports"]
    /// NMS Prime's own settings on the nodes (`/etc/nmsprime/env/provha.env`).
    static let nmsprime = ["slave_ssh_port", "slave_clean_up"]
    /// `database`: the Galera nodes, the web group, an entry per NMS Prime application, readers.
    static let database = ["galera_nodes", "web_group", "readers", "slave_read_only"] + DatabaseApplication.allCases.map(\.rawValue)
    /// `database.<application>`.
    static let databaseAccount = ["user", "database", "password_file", "password_env"]
    /// `database.readers`: the applications that have a SELECT-only user.
    static let databaseReaders = DatabaseApplication.allCases.filter { $0.defaultReader != nil }.map(\.rawValue)
    /// `database.readers.<application>`.
    static let databaseReader = ["user", "password_file", "password_env"]
    static let apply = ["commands", "peer_wait", "poll_interval", "program", "cluster_file"]
    /// `apply.commands`: every service a generated file may declare.
    static let applyCommands = Reload.applyOrder.map(\.rawValue)
    /// `cmts.<hostname>`.
    static let cmtsOverride = ["vendor", "relay_interface"]

    /// Each section's keys by its path in the file (`*` for any CMTS hostname).
    static let sections: [String: [String]] = [
        "": top, "cluster": cluster, "nodes": nodes, "nodes.master": node, "nodes.slave": node, "failover": failover,
        "failover.omapi_key": key, "ddns": key, "snapshot": snapshot, "snapshot.mariadb": mariadb, "dhcp": dhcp,
        "dhcp.kea_hosts_database": keaHostsDatabase, "dhcp6": dhcp6, "dns": dns,
        "syslog": syslog, "cacti": cacti, "tftp": tftp, "tftp.sync": tftpSync, "firewall": firewall, "nmsprime": nmsprime, "cmts.*": cmtsOverride,
        "database": database, "database.readers": databaseReaders, "database.readers.nmsprime": databaseReader,
        "database.readers.cacti": databaseReader, "database.nmsprime": databaseAccount, "database.ccc": databaseAccount,
        "database.cacti": databaseAccount, "database.icinga2": databaseAccount,
        "apply": apply, "apply.commands": applyCommands,
    ]

    /// `ddns.algorithm`, `failover.omapi_key.algorithm`: the TSIG algorithms named and dhcpd share.
    static let algorithms = ["hmac-md5", "hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384", "hmac-sha512"]
    /// `dhcp.server`.
    static let dhcpServers = DHCPServers.names
    /// `dns.dnssec_validation`.
    static let dnssecValidation = ["auto", "yes", "no"]
}
