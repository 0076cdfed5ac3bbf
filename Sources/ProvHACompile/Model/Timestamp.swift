/// MariaDB `TIMESTAMP` text (`YYYY-MM-DD hh:mm:ss`, UTC as dumps write it), read without the
/// machine's time zone or calendar settings.
enum Timestamp {
    /// `YYYY-MM-DD hh:mm:ss`, optionally with a fraction (`.123456`): the form in which texts
    /// also sort by time. A cheap byte check, run on every row.
    static func isWellFormed(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count == 19 || (bytes.count > 20 && bytes.count <= 26) else { return false }
            for offset in bytes.indices {
                let byte = bytes[offset]
                switch offset {
                case 4, 7: guard byte == UInt8(ascii: "-") else { return false }
                case 10: guard byte == UInt8(ascii: " ") else { return false }
                case 13, 16: guard byte == UInt8(ascii: ":") else { return false }
                case 19: guard byte == UInt8(ascii: ".") else { return false }
                default: guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return false }
                }
            }
            return true
        }
    }

    /// The zone serial NMS Prime's zones use, `YYYYMMDDnn` with `nn = 00`, of the day of a
    /// timestamp; nil when a field is out of range or the serial would not fit 32 bits (after 4294).
    static func dateSerial(_ text: String) -> UInt32? {
        let parts = text.prefix(19).split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" }).map { Int($0) }
        guard parts.count == 6, let year = parts[0], let month = parts[1], let day = parts[2],
            let hour = parts[3], let minute = parts[4], let second = parts[5],
            (1...9999).contains(year), (1...12).contains(month), (1...31).contains(day),
            (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        // Within these bounds the arithmetic stays far from Int's limits.
        return UInt32(exactly: ((year * 100 + month) * 100 + day) * 100)
    }
}
