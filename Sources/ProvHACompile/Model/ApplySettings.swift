/// How `apply` brings a node's services onto new files: one shell command per service the
/// changed files declare, and how long it waits for the peer's DHCP server to answer before
/// it restarts its own, so that the two are never down at once.
public struct ApplySettings: Sendable {
    /// Run with `/bin/sh -c`, in the order of `Reload.applyOrder`; `none` has no command.
    var commands = ApplySettings.defaultCommands
    /// Seconds `apply` waits for the peer's DHCP server before restarting this node's anyway
    /// (a dead peer must not keep the living node on old files).
    var peerWait = 60
    /// Seconds between two `watch` cycles (the generated timer; NMS Prime checks every minute).
    var pollInterval = 60
    /// Where the compiler and the cluster file lie on the nodes (the generated watch unit runs them).
    var program = "/usr/local/bin/provha-compile"
    var clusterFile = "/etc/nmsprime-provha/cluster.yaml"

    init() {}

    /// NMS Prime's unit names (it runs on Enterprise Linux); `cluster.yaml`'s `apply.commands`
    /// overrides each (Debian names its Kea units `kea-dhcp4-server`, …). `systemd` gets the
    /// changed units in `PROVHA_CHANGED_UNITS`.
    static let defaultCommands: [Reload: String] = [
        .systemd: "systemctl daemon-reload && for unit in $PROVHA_CHANGED_UNITS; do systemctl try-restart \"$unit\" || exit 1; done",
        .tmpfiles: "systemd-tmpfiles --create",
        .firewalld: "firewall-cmd --reload",
        .named: "/usr/libexec/nmsprime-provha/dns-sync seed && systemctl reload-or-restart named",
        .dnsRecords: "systemctl start nmsprime-provha-dns-static.service",
        .rsyslog: "systemctl restart rsyslog",
        .autofs: "systemctl reload-or-restart autofs",
        .keaDDNS: "systemctl reload-or-restart kea-dhcp-ddns",
        .keaCtrlAgent: "systemctl reload-or-restart kea-ctrl-agent",
        .keaDHCP4: "systemctl reload-or-restart kea-dhcp4",
        .keaDHCP6: "systemctl reload-or-restart kea-dhcp6",
        .dhcpd: "systemctl restart dhcpd",
        .nmsprimeConfig: "php /var/www/nmsprime/artisan config:cache",
        .slaveCleanUp: "/usr/libexec/nmsprime-provha/clean-up-slave",
        .icinga2: "systemctl reload icinga2",
    ]
}

extension Reload {
    /// The order `apply` reloads in: units and the firewall first (what the daemons run under),
    /// DNS before the DHCP servers that update it, the DHCP server last, once everything it hands
    /// out serves.
    static let applyOrder: [Reload] = [
        .systemd, .tmpfiles, .firewalld, .named, .dnsRecords, .rsyslog, .autofs, .slaveCleanUp, .nmsprimeConfig, .icinga2, .keaDDNS, .keaCtrlAgent,
        .keaDHCP4,
        .dhcpd,
        .keaDHCP6,
    ]

    /// Whether reloading it takes this node's DHCP service away for a moment.
    var isDHCPServer: Bool { DHCPServers.restartsServer(self) }
}
