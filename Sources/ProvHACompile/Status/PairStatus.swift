/// What `status` found, as a monitoring plugin reports it (the Nagios/icinga convention): one
/// line with the worst level, a summary and performance data, then one line per finding; the
/// exit status is the level.
public struct PairStatus: Sendable {
    public enum Level: Int32, Comparable, Sendable {
        case ok = 0
        case warning = 1
        case critical = 2
        case unknown = 3

        var name: String {
            switch self {
            case .ok: return "OK"
            case .warning: return "WARNING"
            case .critical: return "CRITICAL"
            case .unknown: return "UNKNOWN"
            }
        }

        /// UNKNOWN ranks below CRITICAL: a check that cannot tell must not hide one that can.
        private var rank: Int { self == .unknown ? 2 : self == .critical ? 3 : Int(rawValue) }
        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }
    }

    public struct Finding: Sendable, Equatable {
        let level: Level
        let text: String
    }

    public private(set) var findings: [Finding] = []
    /// `label=value` pairs, in the order they were measured.
    private(set) var performance: [(label: String, value: String)] = []

    init() {}

    mutating func add(_ level: Level, _ text: String) { findings.append(Finding(level: level, text: text)) }
    mutating func measure(_ label: String, _ value: String) { performance.append((label, value)) }

    public var level: Level { findings.map(\.level).max() ?? .unknown }

    /// `PROVHA LEVEL - first worst finding | perf…`, then `LEVEL: finding` lines.
    public var text: String {
        let worst = level
        let summary = findings.first { $0.level == worst }?.text ?? "nothing was checked"
        let perf = performance.map { "\($0.label)=\($0.value)" }.joined(separator: " ")
        var output = "PROVHA \(worst.name) - \(summary)\(perf.isEmpty ? "" : " | \(perf)")\n"
        for finding in findings { output += "\(finding.level.name): \(finding.text)\n" }
        return output
    }
}
