/// Where generated systemd units and their helpers are deployed, and how a unit is named.
enum SystemdPaths {
    static let units = "/etc/systemd/system"
    static let helpers = "/usr/libexec/nmsprime-provha"

    static func unit(_ name: String) -> String { "\(units)/nmsprime-provha-\(name)" }
}
