/// Both nodes serve `tftp.root` (NMS Prime's `/tftpboot`) over TFTP on their own address, so a
/// device finds its file at the `next-server` and at the second vivso TFTP server: the
/// standard install's server, tftp-hpa's `in.tftpd` (EL `tftp-server`, Debian `tftpd-hpa`),
/// started by a socket unit of its own that replaces the distribution's (`Conflicts=`).
struct TFTPServerEmitter: NodeEmitter {
    init() {}

    func emit(_ node: NodeContext) -> [GeneratedFile] {
        let root = node.model.tftp.root
        let socket = SystemdUnitText.socket(
            node, description: "TFTP for the DOCSIS devices of the ProvHA pair (\(node.own.hostname), \(root))",
            unitLines: ["Conflicts=tftp.socket tftp.service tftpd-hpa.service"],
            listen: "ListenDatagram=\(node.own.address):69")
        let service = SystemdUnitText.socketService(
            node, description: "TFTP server for the DOCSIS devices of the ProvHA pair (\(root), read-only)",
            unitLines: ["Requires=nmsprime-provha-tftp.socket"], command: "/usr/sbin/in.tftpd --secure \(root)")
        return [
            node.file(SystemdPaths.unit("tftp.socket"), reload: .systemd, contents: socket),
            node.file(SystemdPaths.unit("tftp.service"), reload: .systemd, contents: service),
        ]
    }
}
