/// NMS Prime's applications whose databases live on the pair's Galera cluster: each has its
/// keys in an env file, a user NMS Prime's packages create, and grants for both nodes.
enum DatabaseApplication: String, CaseIterable, Sendable {
    /// NMS Prime itself (`global.env`: `DB_*`).
    case nmsprime
    /// The customer control center (`ccc.env`: `CCC_DB_*`).
    case ccc
    /// Cacti (`provmon.env`: `CACTI_DB_*`; `/etc/cacti/db.php`).
    case cacti
    /// Icinga 2's IDO database (`provmon.env`: `ICINGA2_DB_*`).
    case icinga2

    /// The user and database NMS Prime's packages create.
    var defaultUser: String {
        switch self {
        case .nmsprime: return "nmsprime"
        case .ccc: return "nmsprime_ccc"
        case .cacti: return "cactiuser"
        case .icinga2: return "icinga2user"
        }
    }

    var defaultDatabase: String {
        switch self {
        case .nmsprime: return "nmsprime"
        case .ccc: return "nmsprime_ccc"
        case .cacti: return "cacti"
        case .icinga2: return "icinga2"
        }
    }

    /// The env keys' prefix: `DB`, `CCC_DB`, `CACTI_DB`, `ICINGA2_DB`.
    var envPrefix: String { self == .nmsprime ? "DB" : "\(rawValue.uppercased())_DB" }

    /// The SELECT-only user the seed names for the slave, for the applications that have one.
    var defaultReader: String? {
        switch self {
        case .nmsprime: return "slaveread"
        case .cacti: return "cactireader"
        case .ccc, .icinga2: return nil
        }
    }
}

/// A database user the cluster file declares (`database.<application>`, or a reader under
/// `database.readers`): its name, its database and where its password is.
struct DatabaseAccountConfig: Sendable {
    var user: Located<String>?
    var database: Located<String>?
    let password: Located<SecretReference>
}

/// `database`: NMS Prime's databases on the pair's Galera cluster — what each node's env
/// drop-in, its `/etc/cacti/db.php` and `DIR/database/grants.sql` are made from. Absent: none
/// of them is generated (a warning says so).
struct DatabaseConfig: Sendable {
    /// Where the section is, for findings about it as a whole.
    let location: SourceLocation
    /// The Galera nodes NMS Prime connects to (`*_DB_HOST`, comma-separated); empty: both nodes.
    var galeraNodes: [Located<IPv4Address>] = []
    /// The group that reads the env files and Cacti's db.php (EL's web server: `apache`).
    var webGroup: Located<String>?
    var accounts: [DatabaseApplication: DatabaseAccountConfig] = [:]
    /// SELECT-only users (the seed's `slaveread`, `cactireader`), by the application they read.
    var readers: [DatabaseApplication: DatabaseAccountConfig] = [:]
    /// Whether the slave's NMS Prime and Cacti use the readers (the seed's choice) instead of the
    /// read-write users.
    var slaveReadOnly: Located<Bool>?
}

/// A resolved database user: name, database and password (checked for every file it lands in).
struct DatabaseAccount: Sendable {
    let application: DatabaseApplication
    let user: String
    let database: String
    let password: String
    /// Whether it may only read (SELECT).
    let readOnly: Bool
}

/// The resolved `database` section.
struct DatabaseCluster: Sendable {
    let galeraNodes: [IPv4Address]
    let webGroup: String
    /// The read-write users, in `DatabaseApplication` order.
    let accounts: [DatabaseAccount]
    /// The SELECT-only users, in `DatabaseApplication` order.
    let readers: [DatabaseAccount]
    let slaveReadOnly: Bool

    /// The user `role`'s NMS Prime connects as for `application`: the reader on a read-only
    /// slave where there is one, else the read-write user; nil when the section leaves it out.
    func account(_ application: DatabaseApplication, on role: NodeRole) -> DatabaseAccount? {
        if role == .slave, slaveReadOnly, let reader = readers.first(where: { $0.application == application }) { return reader }
        return accounts.first { $0.application == application }
    }
}
