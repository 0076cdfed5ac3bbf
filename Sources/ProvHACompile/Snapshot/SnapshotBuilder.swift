import Foundation

/// Turns rows of the NMS Prime tables (from any snapshot source) into a typed `Snapshot`:
/// the single place that knows what each column means. Soft-deleted rows are skipped;
/// malformed values are reported with their table and row id.
final class SnapshotBuilder {
    private(set) var snapshot: Snapshot
    private let diagnostics: DiagnosticCollector
    private var tablesSeen: Set<String> = []

    init(source: String, diagnostics: DiagnosticCollector) {
        snapshot = Snapshot(source: source)
        self.diagnostics = diagnostics
    }

    func setSourceDigest(_ digest: String) { snapshot.sourceDigest = digest }
    func setSourceStamp(_ stamp: SnapshotStamp) { snapshot.sourceStamp = stamp }

    /// Records that a table exists in the source, even if it holds no rows.
    func noteTable(_ spec: TableSpec) { tablesSeen.insert(spec.name) }

    /// Adds what `later` built from the part of the source that follows this one's: rows in
    /// order, the first settings row, the tables seen. The result is what one
    /// builder fed both parts would hold.
    func append(_ later: SnapshotBuilder) {
        let other = later.snapshot
        snapshot.cmtses += other.cmtses
        snapshot.pools += other.pools
        snapshot.modems += other.modems
        snapshot.mtas += other.mtas
        snapshot.endpoints += other.endpoints
        snapshot.pools6 += other.pools6
        snapshot.reservations6 += other.reservations6
        snapshot.provBase = snapshot.provBase ?? other.provBase
        snapshot.provHA = snapshot.provHA ?? other.provHA
        snapshot.provVoIP = snapshot.provVoIP ?? other.provVoIP
        tablesSeen.formUnion(later.tablesSeen)
    }

    /// The snapshot, once the source is exhausted; nil (with an error for each) when tables
    /// the compiler cannot do without are missing.
    func finish() -> Snapshot? {
        var complete = true
        for alternatives in SnapshotTables.requiredTables where !alternatives.contains(where: tablesSeen.contains) {
            let names = alternatives.map { "`\($0)`" }.joined(separator: " or ")
            diagnostics.error("the snapshot has no table \(names)", at: .input(path: snapshot.source))
            complete = false
        }
        return complete ? snapshot : nil
    }

    /// Adds one row whose values are in the order of `spec.columns` (nil: SQL NULL or absent);
    /// `position` locates the row in its source for a row that has no usable id.
    func add(_ values: [String?], of spec: TableSpec, at position: @autoclosure () -> SourceLocation) {
        var row = Row(values: values, table: spec.name, builder: self)
        let idValue = values[CommonColumn.id.rawValue]
        guard let idText = idValue, let id = Int(idText) else {
            diagnostics.error("\(spec.name): a row has no numeric id (\(idValue.map(DiagnosticText.quoted) ?? "NULL"))", at: position())
            return
        }
        row.id = id
        for column in [CommonColumn.updatedAt, .deletedAt] {
            if let stamp = row.value(column), !Timestamp.isWellFormed(stamp) {
                row.error("\(column.name) \(DiagnosticText.quoted(stamp)) is not a timestamp (YYYY-MM-DD hh:mm:ss)")
            }
        }
        guard row.value(CommonColumn.deletedAt) == nil else { return }  // soft-deleted
        switch spec.kind {
        case .cmts: addCMTS(&row, spec: spec)
        case .ippool: addPool(&row)
        case .modem: addModem(&row)
        case .mta: addMTA(&row)
        case .endpoint: addEndpoint(&row)
        case .provbase: addProvBase(&row)
        case .provha: addProvHA(&row)
        case .provvoip: addProvVoIP(&row)
        }
    }

    private func addCMTS(_ row: inout Row, spec: TableSpec) {
        // netgw rows of another kind (bras, ...) are not CMTSs.
        if let kind = row.value(CMTSColumn.netgwType), kind.lowercased() != "cmts" { return }
        snapshot.cmtses.append(
            CMTS(
                table: spec.name, id: row.id, hostname: row.text(CMTSColumn.hostname), series: UncheckedText(row.text(CMTSColumn.series)),
                company: UncheckedText(row.text(CMTSColumn.company)), ip: row.text(CMTSColumn.ip)))
    }

    private func addPool(_ row: inout Row) {
        if let version = row.value(PoolColumn.version), version != "4" {
            guard version == "6" else {
                row.error("version \(DiagnosticText.quoted(version)) is not 4 or 6")
                return
            }
            return addPool6(&row)
        }
        guard let cmtsID = row.int(PoolColumn.cmtsID) else { return }
        let typeText = row.text(PoolColumn.type)
        guard let type = PoolType(rawValue: typeText) else {
            row.error("type \(DiagnosticText.quoted(typeText)) is not one of CM, CPEPub, CPEPriv, MTA, STB")
            return
        }
        guard let network = row.network() else { return }
        let start = row.address(PoolColumn.rangeStart)
        let end = row.address(PoolColumn.rangeEnd)
        let router = row.address(PoolColumn.router)
        let broadcast = row.optionalAddress(PoolColumn.broadcast)
        let dns = [PoolColumn.dns1, .dns2, .dns3].compactMap { row.optionalAddress($0) ?? nil }
        guard let start, let end, let router, let broadcast else { return }
        let active = row.value(PoolColumn.active).map { $0 != "0" } ?? true
        let vci = row.value(PoolColumn.vendorClassIdentifier).flatMap { $0.isEmpty ? nil : UncheckedText($0) }
        snapshot.pools.append(
            IPPool(
                id: row.id, cmtsID: cmtsID, type: type, network: network,
                range: IPv4Range(first: start, last: end), router: router,
                broadcast: broadcast, dnsServers: dns, optional: UncheckedText(row.text(PoolColumn.optional)),
                isActive: active, vendorClassIdentifier: vci))
    }

    /// An IPv6 pool: `net` with its `/len` (or the length in `netmask`), the range, the relay,
    /// DNS and the delegation (NMS Prime stores the lengths with a leading `/`).
    private func addPool6(_ row: inout Row) {
        guard let cmtsID = row.int(PoolColumn.cmtsID) else { return }
        let typeText = row.text(PoolColumn.type)
        guard let type = PoolType(rawValue: typeText) else {
            row.error("type \(DiagnosticText.quoted(typeText)) is not one of CM, CPEPub, CPEPriv, MTA, STB")
            return
        }
        let net = row.trimmed(PoolColumn.net)
        let netmask = row.trimmed(PoolColumn.netmask)
        let cidr = net.contains("/") ? net : "\(net)/\(netmask.hasPrefix("/") ? String(netmask.dropFirst()) : netmask)"
        guard let network = IPv6Network(cidr: cidr) else {
            row.error("net \(DiagnosticText.quoted(net)) (netmask \(DiagnosticText.quoted(netmask))) is not an IPv6 network like 2001:db8:1::/64")
            return
        }
        let start = row.optionalAddress6(PoolColumn.rangeStart)
        let end = row.optionalAddress6(PoolColumn.rangeEnd)
        let relay = row.optionalAddress6(PoolColumn.router)
        let dns = [PoolColumn.dns1, .dns2, .dns3].map { row.optionalAddress6($0) }
        guard let start, let end, let relay, !dns.contains(where: { $0 == nil }) else { return }
        var range: IPv6Range?
        switch (start, end) {
        case let (first?, last?): range = IPv6Range(first: first, last: last)
        case (nil, nil): range = nil
        default:
            row.error("ip_pool_start and ip_pool_end must both be set (a dynamic range) or both be empty (prefix delegation only)")
            return
        }
        guard let delegation = row.delegation() else { return }
        snapshot.pools6.append(
            IPv6Pool(
                id: row.id, cmtsID: cmtsID, type: type, network: network, range: range, relay: relay, dnsServers: dns.compactMap { $0 ?? nil },
                delegation: delegation, optional: UncheckedText(row.text(PoolColumn.optional)),
                isActive: row.value(PoolColumn.active).map { $0 != "0" } ?? true))
    }

    private func addModem(_ row: inout Row) {
        // A modem with a malformed MAC (reported) still exists for the MTAs that name it.
        let mac = row.mac(ModemColumn.mac) ?? nil
        snapshot.modems.append(
            Modem(
                id: row.id, hostname: row.text(ModemColumn.hostname), mac: mac,
                isPublic: row.flag(ModemColumn.isPublic), internetAccess: row.flag(ModemColumn.internetAccess)))
    }

    private func addMTA(_ row: inout Row) {
        guard let modemID = row.int(MTAColumn.modemID), let mac = row.mac(MTAColumn.mac) else { return }
        snapshot.mtas.append(
            MTA(
                id: row.id, modemID: modemID, hostname: row.text(MTAColumn.hostname), mac: mac,
                isPacketCable: row.text(MTAColumn.type).lowercased() == "packetcable"))
    }

    private func addEndpoint(_ row: inout Row) {
        guard let mac = row.mac(EndpointColumn.mac) else { return }
        let modemID = row.value(EndpointColumn.modemID).flatMap { Int($0) }
        let isFixed = row.flag(EndpointColumn.hasFixedIP)
        let prefixText = row.trimmed(EndpointColumn.prefix)
        // An IPv6 `ip` (the later, wider column) or a delegated `prefix`: a DHCPv6 reservation.
        let ipv6 = row.trimmed(EndpointColumn.ip).contains(":")
        if ipv6 || !prefixText.isEmpty {
            var prefix: IPv6Network?
            if !prefixText.isEmpty {
                guard let network = IPv6Network(cidr: prefixText) else {
                    row.error("prefix \(DiagnosticText.quoted(prefixText)) is not an IPv6 prefix like 2001:db8:100::/56")
                    return
                }
                prefix = network
            }
            var address: IPv6Address?
            if ipv6 && isFixed {
                guard let parsed = row.optionalAddress6(EndpointColumn.ip) else { return }
                address = parsed
            }
            snapshot.reservations6.append(
                IPv6Reservation(id: row.id, hostname: row.text(EndpointColumn.hostname), mac: mac, address: address, prefix: prefix))
            if ipv6 { return }
        }
        var fixedIP: IPv4Address?
        if isFixed {
            guard let address = row.address(EndpointColumn.ip) else { return }
            fixedIP = address
        }
        snapshot.endpoints.append(
            Endpoint(
                id: row.id, hostname: row.text(EndpointColumn.hostname), mac: mac, modemID: modemID, fixedIP: fixedIP,
                extraReverseName: row.value(EndpointColumn.addReverse).flatMap { $0.isEmpty ? nil : $0 }))
    }

    private func addProvBase(_ row: inout Row) {
        guard snapshot.provBase == nil else { return }
        snapshot.provBase = ProvBaseSettings(
            id: row.id, domainName: row.text(ProvBaseColumn.domainName),
            defaultLeaseTime: row.setting(ProvBaseColumn.defaultLeaseTime),
            maxLeaseTime: row.setting(ProvBaseColumn.maxLeaseTime),
            maxCPE: row.setting(ProvBaseColumn.maxCPE),
            multipleProvisioningSystems: row.flag(ProvBaseColumn.multipleProvisioningSystems))
    }

    private func addProvVoIP(_ row: inout Row) {
        guard snapshot.provVoIP == nil else { return }
        snapshot.provVoIP = ProvVoIPSettings(id: row.id, mtaDomain: row.value(ProvVoIPColumn.mtaDomain).flatMap { $0.isEmpty ? nil : $0 })
    }

    private func addProvHA(_ row: inout Row) {
        guard snapshot.provHA == nil else { return }
        let slaves = row.text(ProvHAColumn.slaves).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var ratio: Double?
        if let text = row.value(ProvHAColumn.loadRatioMaster) {
            guard let value = Double(text), (0...1).contains(value) else {
                row.error("load_ratio_master \(DiagnosticText.quoted(text)) is not a share between 0 and 1")
                return
            }
            ratio = value
        }
        snapshot.provHA = ProvHASettings(
            id: row.id, master: row.text(ProvHAColumn.master).trimmingCharacters(in: .whitespaces), slaves: slaves,
            loadRatioMaster: ratio)
    }

    fileprivate func error(_ message: String, table: String, id: Int) {
        diagnostics.error(message, at: snapshot.location(table, id))
    }

    /// Typed access to one row's values, reporting malformed ones against the row.
    private struct Row {
        let values: [String?]
        let table: String
        unowned let builder: SnapshotBuilder
        var id = 0

        init(values: [String?], table: String, builder: SnapshotBuilder) {
            self.values = values
            self.table = table
            self.builder = builder
        }

        func error(_ message: String) { builder.error(message, table: table, id: id) }

        /// The column's value; nil for SQL NULL, or a column this table does not have.
        func value(_ column: some TableColumn) -> String? {
            column.rawValue < values.count ? values[column.rawValue] : nil
        }

        func text(_ column: some TableColumn) -> String { value(column) ?? "" }

        /// The value without surrounding white space; cheap when there is none (the usual case).
        func trimmed(_ column: some TableColumn) -> String {
            let value = text(column)
            guard let first = value.utf8.first, let last = value.utf8.last,
                first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 || first == 0x0a || last == 0x0a
            else { return value }
            return value.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// A boolean column (`tinyint(1)`): NULL and 0 are false, other integers true; anything
        /// else is reported, never guessed (`'yes'` read as 0 would block a paying customer).
        func flag(_ column: some TableColumn) -> Bool {
            guard let text = value(column) else { return false }
            if text == "0" { return false }
            if text == "1" { return true }
            guard let number = Int(text) else {
                error("\(column.name) \(DiagnosticText.quoted(text)) is not a flag (0 or 1)")
                return false
            }
            return number != 0
        }

        func int(_ column: some TableColumn) -> Int? {
            guard let text = value(column), let number = Int(text) else {
                error("\(column.name) \(value(column).map(DiagnosticText.quoted) ?? "NULL") is not a number")
                return nil
            }
            return number
        }

        /// A number a daemon reads, within its `IntegerLimits.snapshotColumns` range; nil for NULL
        /// and (reported) for anything else outside it.
        func setting(_ column: some TableColumn) -> Int? {
            guard let text = value(column) else { return nil }
            let key = "\(table).\(column.name)"
            guard let number = Int(text), let limit = IntegerLimits.snapshotColumns[key], limit.range.contains(number) else {
                let bounds = IntegerLimits.snapshotColumns[key].map { "a number \(IntegerLimits.describe($0))" } ?? "a number"
                error("\(column.name) \(DiagnosticText.quoted(text)) is not \(bounds)")
                return nil
            }
            return number
        }

        func address(_ column: some TableColumn) -> IPv4Address? {
            let text = trimmed(column)
            guard let address = IPv4Address(text) else {
                error("\(column.name) \(DiagnosticText.quoted(text)) is not an IPv4 address")
                return nil
            }
            return address
        }

        /// An address column that may be empty: `.some(nil)` for empty, nil for malformed.
        func optionalAddress(_ column: some TableColumn) -> IPv4Address?? {
            let text = trimmed(column)
            if text.isEmpty { return .some(nil) }
            guard let address = address(column) else { return nil }
            return .some(address)
        }

        /// NMS Prime stores `net` plain (`10.0.0.0`) or, later, with a prefix (`10.0.0.0/20`).
        func network() -> IPv4Network? {
            let net = trimmed(PoolColumn.net)
            let maskText = trimmed(PoolColumn.netmask)
            var parts = net.split(separator: "/", omittingEmptySubsequences: false)
            guard let address = IPv4Address(parts.removeFirst()), parts.count <= 1 else {
                error("net \(DiagnosticText.quoted(net)) is not an IPv4 network address")
                return nil
            }
            guard let mask = IPv4Address(maskText), let length = IPv4Network.prefixLength(ofNetmask: mask) else {
                error("netmask \(DiagnosticText.quoted(maskText)) is not a contiguous IPv4 netmask")
                return nil
            }
            if let prefix = parts.first, Int(prefix) != length {
                error("net \(DiagnosticText.quoted(net)) disagrees with netmask \(maskText) (/\(length))")
                return nil
            }
            return IPv4Network(address: address, prefixLength: length)
        }

        /// An IPv6 address column that may be empty: `.some(nil)` for empty, nil for malformed.
        func optionalAddress6(_ column: some TableColumn) -> IPv6Address?? {
            let text = trimmed(column)
            if text.isEmpty { return .some(nil) }
            guard let address = IPv6Address(text) else {
                error("\(column.name) \(DiagnosticText.quoted(text)) is not an IPv6 address")
                return nil
            }
            return .some(address)
        }

        /// `prefix`, `prefix_len`, `delegated_len` of an IPv6 pool: `.some(nil)` when `prefix` is
        /// empty, nil when malformed (reported).
        func delegation() -> PrefixDelegation?? {
            let prefix = trimmed(PoolColumn.prefix)
            if prefix.isEmpty { return .some(nil) }
            let lengths = [PoolColumn.prefixLength, .delegatedLength].map { column -> Int? in
                let text = trimmed(column)
                guard let length = Int(text.hasPrefix("/") ? text.dropFirst() : text[...]), (1...128).contains(length) else {
                    error("\(column.name) \(DiagnosticText.quoted(text)) is not a prefix length like /56")
                    return nil
                }
                return length
            }
            guard let length = lengths[0], let delegated = lengths[1] else { return nil }
            let text = prefix.contains("/") ? prefix : "\(prefix)/\(length)"
            guard let network = IPv6Network(cidr: text), network.prefixLength == length else {
                error("prefix \(DiagnosticText.quoted(prefix)) is not an IPv6 prefix of length /\(length)")
                return nil
            }
            return .some(PrefixDelegation(prefix: network, delegatedLength: delegated))
        }

        /// nil for a malformed MAC (reported); `.some(nil)` for an empty or placeholder MAC.
        func mac(_ column: some TableColumn) -> MACAddress?? {
            let text = trimmed(column)
            if text.isEmpty { return .some(nil) }
            guard let mac = MACAddress(text) else {
                error("mac \(DiagnosticText.quoted(text)) is not a MAC address (expected aa:bb:cc:dd:ee:ff)")
                return nil
            }
            return .some(mac.isPlaceholder ? nil : mac)
        }
    }
}
