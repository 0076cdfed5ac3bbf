/// On the master only: `/etc/icinga2/conf.d/nmsprime-provha.conf`, the Icinga 2 objects that
/// watch the pair from the master — what NMS Prime's "NMSPrime HA slave" netelement (type 10)
/// and its services give through Icinga Director, without the Director: a Host per node and, on
/// each, `dns` (ITL's check_dns asking that node's own named for the node's name), `time` (RFC
/// 868, check_time) and `tftp` (NMS Prime's check_tftp.py, its validator file); on the master
/// the pair's state, `provha-pair`: `provha-compile status`, a Nagios plugin that asks each
/// node's DHCP server (dhcpd's failover state over OMAPI, Kea's HA state), named and rsyslog.
/// Templates of its own, so that it needs nothing of the sample configuration. `icinga2 daemon
/// -C` checks it in the tests; a change reloads icinga2.
struct IcingaObjectsEmitter: NodeEmitter {
    static let path = "/etc/icinga2/conf.d/nmsprime-provha.conf"

    func emit(_ node: NodeContext) -> [GeneratedFile] {
        guard node.role == .master else { return [] }
        let model = node.model
        var text =
            node.header(comment: "//") + """
                template Host "nmsprime-provha-node" {
                  check_command = "hostalive"
                  max_check_attempts = 3
                  check_interval = 1m
                  retry_interval = 30s
                }

                template Service "nmsprime-provha-service" {
                  max_check_attempts = 3
                  check_interval = 1m
                  retry_interval = 30s
                }

                object CheckCommand "nmsprime-provha-status" {
                  command = [ \(Self.string(model.apply.program)), "status", \(Self.string(model.apply.clusterFile)) ]
                  timeout = 30s
                }

                object CheckCommand "nmsprime-provha-time" {
                  command = [ PluginDir + "/check_time", "-H", "$address$" ]
                }

                object CheckCommand "nmsprime-provha-tftp" {
                  command = [ PluginDir + "/check_tftp.py", "-H", "$address$", "-f", "cm/cmdummy-validator.conf" ]
                }

                """
        for server in [model.master, model.slave] {
            let name = Self.string(server.hostname)
            let fqdn = Self.string("\(server.hostname).\(model.domain)")
            text += """

                object Host \(name) {
                  import "nmsprime-provha-node"
                  address = \(Self.string(server.address.description))
                  vars.provha_role = \(Self.string(server.role.rawValue))\(server.role == .slave ? "\n  vars.netelementtype_id = \"10\"" : "")
                }

                object Service "dns" {
                  import "nmsprime-provha-service"
                  host_name = \(name)
                  check_command = "dns"
                  vars.dns_lookup = \(fqdn)
                  vars.dns_server = "$address$"
                  vars.dns_expected_answers = \(Self.string(server.address.description))
                }

                object Service "time" {
                  import "nmsprime-provha-service"
                  host_name = \(name)
                  check_command = "nmsprime-provha-time"
                }

                object Service "tftp" {
                  import "nmsprime-provha-service"
                  host_name = \(name)
                  check_command = "nmsprime-provha-tftp"
                }

                """
        }
        text += """

            object Service "provha-pair" {
              import "nmsprime-provha-service"
              host_name = \(Self.string(model.master.hostname))
              check_command = "nmsprime-provha-status"
            }

            """
        return [node.file(Self.path, reload: .icinga2, contents: text)]
    }

    /// An Icinga 2 string: `\` and `"` escaped, `$` doubled (a single one starts a runtime macro).
    static func string(_ value: String) -> String {
        "\""
            + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "$", with: "$$") + "\""
    }
}
