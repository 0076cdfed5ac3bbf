/// `rsyslog.d/failover.conf`: the master listens on TCP and accepts only localhost
/// and the slave; the slave forwards everything to the master over TCP through a
/// disk-assisted queue that survives restarts and retries forever. The seed's own drop-in has
/// this name: deploying the tree replaces it, so the master loads `imtcp` once (a second load
/// fails rsyslog's configuration) and the slave forwards each line once.
struct RsyslogEmitter: NodeEmitter {
    static let path = "/etc/rsyslog.d/failover.conf"

    init() {}

    func emit(_ node: NodeContext) -> [GeneratedFile] {
        let settings = node.model.syslog
        var text = node.header()
        switch node.role {
        case .master:
            text += """
                # Receive the slave's log stream. AllowedSender has no RainerScript form yet.
                module(load="imtcp")
                $AllowedSender TCP, 127.0.0.1, \(node.peer.address)
                input(type="imtcp" port="\(settings.port)")

                """
        case .slave:
            text += """
                # Forward everything to the master; queue on disk while it cannot be reached.
                *.* action(type="omfwd" target="\(node.peer.address)" port="\(settings.port)" protocol="tcp"
                \tqueue.type="LinkedList" queue.filename="nmsprime_provha_forward"
                \tqueue.maxDiskSpace="\(settings.queueMaxDiskSpace)" queue.saveOnShutdown="on"
                \taction.resumeRetryCount="-1" action.resumeInterval="30")

                """
        }
        return [node.file(Self.path, reload: .rsyslog, contents: text)]
    }
}
