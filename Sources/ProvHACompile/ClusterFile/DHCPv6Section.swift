/// The `dhcp6` section: Kea DHCPv6 for the snapshot's IPv6 pools.
extension ClusterFileReader {
    func readDHCP6(_ reader: YAMLMappingReader) -> DHCPv6Settings {
        reader.rejectUnknownKeys(ClusterFileKeys.dhcp6)
        var settings = DHCPv6Settings()
        settings.location = reader.location(of: reader.node)
        if let value = reader.mapping["enabled"] {
            if let flag = value.bool, value.tagName == .bool {
                settings.enabled = Located(flag, at: reader.location(of: value))
            } else {
                reader.typeError("enabled", expected: "true or false", found: value)
            }
        }
        if let mode = reader.string("mode") {
            if ClusterFileKeys.dhcp6Modes.contains(mode.value) {
                settings.mode = mode
            } else {
                diagnostics.error(
                    "'dhcp6.mode' must be hot-standby or load-balancing, found \(DiagnosticText.quoted(mode.value))", at: mode.location)
            }
        }
        if let primary = reader.string("primary") {
            if let role = NodeRole(rawValue: primary.value) {
                settings.primary = Located(role, at: primary.location)
            } else {
                diagnostics.error("'dhcp6.primary' must be master or slave, found \(DiagnosticText.quoted(primary.value))", at: primary.location)
            }
        }
        settings.haPort = reader.integer("ha_port")
        if let interface = reader.string("interface") {
            let allowed = interface.value.utf8.allSatisfy { byte in
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: "_")
            }
            if allowed, (1...15).contains(interface.value.utf8.count) {
                settings.interface = interface
            } else {
                diagnostics.error(
                    "'dhcp6.interface' must be a network interface name (up to 15 letters, digits, '.', '-', '_'), found \(DiagnosticText.quoted(interface.value))",
                    at: interface.location)
            }
        }
        settings.preferredLifetime = reader.integer("preferred_lifetime")
        settings.validLifetime = reader.integer("valid_lifetime")
        return settings
    }
}
