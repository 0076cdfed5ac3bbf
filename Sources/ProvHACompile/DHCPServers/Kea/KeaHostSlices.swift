/// One slice of the reservation set: the hosts from `first` (nil: from the lowest identifier)
/// up to the next slice's first, how many there are, and the SHA-256 (hex) of their tuples
/// as `KeaHostRow.appendTuple` writes them.
struct KeaHostSlice: Equatable, Sendable {
    var first: MACAddress?
    var hosts: Int
    var digest: String
}

/// The reservation set cut into slices of neighbouring identifiers, kept in the host
/// database's table `provha_kea_host_slices` beside the hosts by both roads: `kea-hosts.sql`
/// replaces it with the slices of the whole set, `kea-hosts` compares the model's slices with
/// it and reads back only the hosts of slices whose digest differs — a one-modem change reads
/// one slice, not a million hosts. The compiler is the only writer of the compiler's hosts;
/// `kea-hosts --full` compares every host after an edit by other means.
///
/// Slices are ranges, so the hosts of one are read through the identifier index; a slice is
/// cut at `size` hosts when written and may grow or shrink until it is written again.
enum KeaHostSlices {
    static let size = 1024

    static let createTable = """
        CREATE TABLE IF NOT EXISTS provha_kea_host_slices (
          first_identifier VARBINARY(128) NOT NULL PRIMARY KEY,
          hosts INT UNSIGNED NOT NULL,
          digest CHAR(64) NOT NULL
        ) ENGINE=InnoDB
        """

    /// `rows` (sorted by MAC) cut into slices of `size` hosts, the first one from `first`;
    /// one empty slice when there are no rows.
    static func cut(_ rows: ArraySlice<KeaHostRow>, from first: MACAddress?, size: Int = size) -> [KeaHostSlice] {
        guard !rows.isEmpty else { return [KeaHostSlice(first: first, hosts: 0, digest: digest(rows))] }
        return stride(from: rows.startIndex, to: rows.endIndex, by: size).map { start in
            let part = rows[start..<min(rows.endIndex, start + size)]
            return KeaHostSlice(first: start == rows.startIndex ? first : rows[start].mac, hosts: part.count, digest: digest(part))
        }
    }

    /// The SHA-256 of the rows' tuples, in order.
    static func digest(_ rows: ArraySlice<KeaHostRow>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(rows.count * 96)
        for row in rows { row.appendTuple(to: &bytes) }
        var digest = SHA256Digest()
        bytes.withUnsafeBytes { digest.update($0) }
        return digest.hex()
    }

    /// The index range of sorted `rows` in each of `slices` (sorted, the first one from nil).
    static func partition(_ rows: [KeaHostRow], by slices: [KeaHostSlice]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(slices.count)
        var start = 0
        for index in slices.indices {
            var end = start
            if index + 1 < slices.count, let next = slices[index + 1].first {
                while end < rows.count, rows[end].mac < next { end += 1 }
            } else {
                end = rows.count
            }
            ranges.append(start..<end)
            start = end
        }
        return ranges
    }

    /// The condition on `hosts h` for the identifiers from `first` up to `next`.
    static func condition(from first: MACAddress?, upTo next: MACAddress?) -> String {
        let lower = first.map { "h.dhcp_identifier >= UNHEX('\($0.hexDigits)')" }
        let upper = next.map { "h.dhcp_identifier < UNHEX('\($0.hexDigits)')" }
        let bounds = [lower, upper].compactMap { $0 }
        return bounds.isEmpty ? "TRUE" : bounds.joined(separator: " AND ")
    }

    /// INSERTs of `slices` into the table, `KeaHostsStatements.insertBatch` rows each.
    static func inserts(_ slices: [KeaHostSlice]) -> [String] {
        stride(from: 0, to: slices.count, by: KeaHostsStatements.insertBatch).map { start in
            let values = slices[start..<min(slices.count, start + KeaHostsStatements.insertBatch)].map { slice in
                "(UNHEX('\(slice.first?.hexDigits ?? "")'),\(slice.hosts),'\(slice.digest)')"
            }
            return "INSERT INTO provha_kea_host_slices (first_identifier, hosts, digest) VALUES " + values.joined(separator: ",")
        }
    }
}
