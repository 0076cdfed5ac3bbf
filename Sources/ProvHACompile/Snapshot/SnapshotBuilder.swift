import Foundation

/// Turns rows of the NMS Prime tables (from any snapshot source) into a typed `Snapshot`:
/// the single place that knows what each column means. Soft-deleted rows are skipped;
/// malformed values are reported with their table and row id.
public final class SnapshotBuilder {
    public private(set) var snapshot: Snapshot
    private let diagnostics: DiagnosticCollector
    private var tablesSeen: Set<String> = []

    public init(source: String, diagnostics: DiagnosticCollector) {
        snapshot = Snapshot(source: source)
        self.diagnostics = diagnostics
    }

    public func setSourceDigest(_ digest: String) { snapshot.sourceDigest = digest }

    /// Records that a table exists in the source, even if it holds no rows.
    public func noteTable(_ spec: TableSpec) { tablesSeen.insert(spec.name) }

    /// The snapshot, once the source is exhausted; nil (with an error for each) when tables
    /// the compiler cannot do without are missing.
    public func finish() -> Snapshot? {
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
    public func add(_ values: [String?], of spec: TableSpec, at position: @autoclosure () -> SourceLocation) {
        var row = Row(values: values, table: spec.name, builder: self)
        guard let idText = values[0], let id = Int(idText) else {
            diagnostics.error("\(spec.name): a row has no numeric id (\(values[0].map(DiagnosticText.quoted) ?? "NULL"))", at: position())
            return
        }
        row.id = id
        for index in [1, 2] {
            guard let stamp = values[index] else { continue }
            guard Timestamp.isWellFormed(stamp) else {
                row.error("\(index == 1 ? "updated_at" : "deleted_at") \(DiagnosticText.quoted(stamp)) is not a timestamp (YYYY-MM-DD hh:mm:ss)")
                continue
            }
            if stamp > snapshot.newestChange {
                snapshot.newestChange = stamp
                snapshot.newestChangeRow = (spec.name, id)
            }
        }
        guard values[2] == nil else { return }  // soft-deleted
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
        if spec.columns.count > 7, let kind = row.values[7], kind.lowercased() != "cmts" { return }
        snapshot.cmtses.append(
            CMTS(
                table: spec.name, id: row.id, hostname: row.text(3), series: UncheckedText(row.text(4)),
                company: UncheckedText(row.text(5)), ip: row.text(6)))
    }

    private func addPool(_ row: inout Row) {
        if let version = row.values[17], version != "4" { return }  // IPv6 pools are not dhcpd's
        guard let cmtsID = row.int(3, "cmts_id") else { return }
        let typeText = row.text(4)
        guard let type = PoolType(rawValue: typeText) else {
            row.error("type \(DiagnosticText.quoted(typeText)) is not one of CM, CPEPub, CPEPriv, MTA, STB")
            return
        }
        guard let network = row.network(net: 5, netmask: 6) else { return }
        let start = row.address(7, "ip_pool_start")
        let end = row.address(8, "ip_pool_end")
        let router = row.address(9, "router_ip")
        let broadcast = row.optionalAddress(10, "broadcast_ip")
        let dns = [11, 12, 13].compactMap { row.optionalAddress($0, "dns\($0 - 10)_ip") ?? nil }
        guard let start, let end, let router, let broadcast else { return }
        let active = row.values[15].map { $0 != "0" } ?? true
        let vci = row.values[16].flatMap { $0.isEmpty ? nil : UncheckedText($0) }
        snapshot.pools.append(
            IPPool(
                id: row.id, cmtsID: cmtsID, type: type, network: network,
                range: IPv4Range(first: start, last: end), router: router,
                broadcast: broadcast, dnsServers: dns, optional: UncheckedText(row.text(14)),
                isActive: active, vendorClassIdentifier: vci))
    }

    private func addModem(_ row: inout Row) {
        // A modem with a malformed MAC (reported) still exists for the MTAs that name it.
        let mac = row.mac(4) ?? nil
        snapshot.modems.append(
            Modem(
                id: row.id, hostname: row.text(3), mac: mac,
                isPublic: row.flag(5, "public"), internetAccess: row.flag(6, "internet_access")))
    }

    private func addMTA(_ row: inout Row) {
        guard let modemID = row.int(3, "modem_id"), let mac = row.mac(4) else { return }
        snapshot.mtas.append(
            MTA(
                id: row.id, modemID: modemID, hostname: row.text(5), mac: mac,
                isPacketCable: row.text(6).lowercased() == "packetcable"))
    }

    private func addEndpoint(_ row: inout Row) {
        guard let mac = row.mac(4) else { return }
        let modemID = row.values[6].flatMap { Int($0) }
        var fixedIP: IPv4Address?
        if row.flag(5, "fixed_ip") {
            guard let address = row.address(7, "ip") else { return }
            fixedIP = address
        }
        snapshot.endpoints.append(
            Endpoint(
                id: row.id, hostname: row.text(3), mac: mac, modemID: modemID, fixedIP: fixedIP,
                extraReverseName: row.values[8].flatMap { $0.isEmpty ? nil : $0 }))
    }

    private func addProvBase(_ row: inout Row) {
        guard snapshot.provBase == nil else { return }
        snapshot.provBase = ProvBaseSettings(
            id: row.id, domainName: row.text(3), defaultLeaseTime: row.values[4].flatMap { Int($0) },
            maxLeaseTime: row.values[5].flatMap { Int($0) },
            maxCPE: row.values[6].flatMap { Int($0) },
            multipleProvisioningSystems: row.flag(7, "multiple_provisioning_systems"))
    }

    private func addProvVoIP(_ row: inout Row) {
        guard snapshot.provVoIP == nil else { return }
        snapshot.provVoIP = ProvVoIPSettings(id: row.id, mtaDomain: row.values[3].flatMap { $0.isEmpty ? nil : $0 })
    }

    private func addProvHA(_ row: inout Row) {
        guard snapshot.provHA == nil else { return }
        let slaves = row.text(4).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var ratio: Double?
        if let text = row.values[5] {
            guard let value = Double(text), (0...1).contains(value) else {
                row.error("load_ratio_master \(DiagnosticText.quoted(text)) is not a share between 0 and 1")
                return
            }
            ratio = value
        }
        snapshot.provHA = ProvHASettings(
            id: row.id, master: row.text(3).trimmingCharacters(in: .whitespaces), slaves: slaves,
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

        func text(_ index: Int) -> String { values[index] ?? "" }

        /// The value without surrounding white space; cheap when there is none (the usual case).
        func trimmed(_ index: Int) -> String {
            let value = text(index)
            guard let first = value.utf8.first, let last = value.utf8.last,
                first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 || first == 0x0a || last == 0x0a
            else { return value }
            return value.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// A boolean column (`tinyint(1)`): NULL and 0 are false, other integers true; anything
        /// else is reported, never guessed (`'yes'` read as 0 would block a paying customer).
        func flag(_ index: Int, _ column: String) -> Bool {
            guard let text = values[index] else { return false }
            if text == "0" { return false }
            if text == "1" { return true }
            guard let number = Int(text) else {
                error("\(column) \(DiagnosticText.quoted(text)) is not a flag (0 or 1)")
                return false
            }
            return number != 0
        }

        func int(_ index: Int, _ column: String) -> Int? {
            guard let text = values[index], let value = Int(text) else {
                error("\(column) \(values[index].map(DiagnosticText.quoted) ?? "NULL") is not a number")
                return nil
            }
            return value
        }

        func address(_ index: Int, _ column: String) -> IPv4Address? {
            let text = trimmed(index)
            guard let address = IPv4Address(text) else {
                error("\(column) \(DiagnosticText.quoted(text)) is not an IPv4 address")
                return nil
            }
            return address
        }

        /// An address column that may be empty: `.some(nil)` for empty, nil for malformed.
        func optionalAddress(_ index: Int, _ column: String) -> IPv4Address?? {
            let text = trimmed(index)
            if text.isEmpty { return .some(nil) }
            guard let address = address(index, column) else { return nil }
            return .some(address)
        }

        /// NMS Prime stores `net` plain (`10.0.0.0`) or, later, with a prefix (`10.0.0.0/20`).
        func network(net netIndex: Int, netmask maskIndex: Int) -> IPv4Network? {
            let net = trimmed(netIndex)
            let maskText = trimmed(maskIndex)
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

        /// nil for a malformed MAC (reported); `.some(nil)` for an empty or placeholder MAC.
        func mac(_ index: Int) -> MACAddress?? {
            let text = trimmed(index)
            if text.isEmpty { return .some(nil) }
            guard let mac = MACAddress(text) else {
                error("mac \(DiagnosticText.quoted(text)) is not a MAC address (expected aa:bb:cc:dd:ee:ff)")
                return nil
            }
            return .some(mac.isPlaceholder ? nil : mac)
        }
    }
}
