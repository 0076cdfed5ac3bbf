/// The modem configfile lines that let both servers reach every modem by SNMP. NMS Prime's
/// default configfile "Base" grants SNMP to one provisioning address with `docsDevNmAccess` rows
/// (DOCS-CABLE-DEVICE-MIB) in the `docsis` tool's text syntax; a pair needs rows for the master
/// and for the slave, each with all six columns, under indices of their own. The communities are
/// NMS Prime's placeholders, kept verbatim: NMS Prime fills them in when it builds each modem's
/// file. The configfile text lives in the shared database, so one snippet serves both nodes; the
/// engineers paste it into "Base" in place of its access rows (`provha-compile modem-snmp`
/// prints it too).
public struct ModemSNMPAccessEmitter: Emitter {
    public init() {}

    /// Where the snippet lands in the output folder, beside the CMTS snippets.
    static let path = "configfile/snmp-access.txt"

    /// One access row: its index, the community placeholder and what it may do.
    struct Access {
        let index: Int
        let community: String
        /// docsDevNmAccessControl: 2 read, 3 readWrite.
        let control: Int
        let meaning: String
    }

    /// NMS Prime's own rows are .10 (read) and .20 (read-write) for one address: the master keeps
    /// them, the slave gets .11 and .21, so a configfile that already holds the master's rows
    /// only gains the slave's.
    static func accesses(for role: NodeRole) -> [Access] {
        let offset = role == .master ? 0 : 1
        return [
            Access(index: 10 + offset, community: "{provbase.ro_community.0}", control: 2, meaning: "read"),
            Access(index: 20 + offset, community: "{provbase.rw_community.0}", control: 3, meaning: "readWrite"),
        ]
    }

    public func emit(_ model: ClusterModel) -> [GeneratedFile] {
        var text = model.generatedHeader(comment: "/*", closing: " */")
        text += "/* SNMP access for both provisioning servers (DOCS-CABLE-DEVICE-MIB docsDevNmAccess), for the modem\n"
        text += "   configfile \"Base\" in place of its docsDevNmAccess rows. The communities are NMS Prime's placeholders. */\n"
        for role in NodeRole.allCases {
            let server = model.node(role)
            for access in Self.accesses(for: role) {
                let row = access.index
                text += "/* \(role.rawValue) \(server.hostname): \(access.meaning) */\n"
                text += "SnmpMibObject docsDevNmAccessIp.\(row) IPAddress \(server.address) ;\n"
                text += "SnmpMibObject docsDevNmAccessIpMask.\(row) IPAddress 255.255.255.255 ;\n"
                text += "SnmpMibObject docsDevNmAccessCommunity.\(row) String \"\(access.community)\" ;\n"
                text += "SnmpMibObject docsDevNmAccessControl.\(row) Integer \(access.control); /* \(access.meaning) */\n"
                text += "SnmpMibObject docsDevNmAccessInterfaces.\(row) String \"@\" ;\n"
                text += "SnmpMibObject docsDevNmAccessStatus.\(row) Integer 4; /* createAndGo */\n"
            }
        }
        return [GeneratedFile(path: Self.path, reload: .none, contents: text)]
    }
}
