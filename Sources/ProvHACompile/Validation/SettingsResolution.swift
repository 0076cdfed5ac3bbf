/// The settings of the validated layer: the cluster file's values with their defaults applied,
/// after the checks in `Validator` accepted them.
extension Validator {
    func server(_ role: NodeRole) -> Server {
        let node = config.node(role)
        return Server(role: role, hostname: node.hostname.value, address: node.address.value)
    }

    func resolveFailover() -> FailoverSettings {
        let policy = config.failover
        return FailoverSettings(
            name: policy.name.value, primaryPort: policy.port.value, secondaryPort: policy.peerPort.value,
            omapiPort: policy.omapiPort.value, split: policy.loadSplit.value.splitValue, mclt: policy.mclt.value,
            maxResponseDelay: policy.maxResponseDelay.value, maxUnackedUpdates: policy.maxUnackedUpdates.value,
            loadBalanceMaxSeconds: policy.loadBalanceMaxSeconds.value)
    }

    func resolveDNS() -> DNSService {
        let dns = config.dns
        return DNSService(
            ttl: dns.ttl, zoneFolder: dns.zoneFolder, hostmaster: dns.hostmaster?.value ?? "hostmaster.\(config.domain.value)",
            directory: dns.directory, forwarders: dns.forwarders, dnssecValidation: dns.dnssecValidation, group: dns.group,
            mirrorInterval: dns.mirrorInterval)
    }

    func resolveSyslog() -> SyslogService {
        SyslogService(port: config.syslog.port.value, queueMaxDiskSpace: config.syslog.queueMaxDiskSpace.value)
    }

    func resolveCacti() -> CactiMount {
        let cacti = config.cacti
        return CactiMount(
            user: cacti.user, remotePath: cacti.remotePath.value, mountPoint: cacti.mountPoint.value, mountRoot: cacti.mountRoot.value,
            masterHostKey: cacti.masterHostKey, identityFile: cacti.identityFile.value, timeout: cacti.timeout.value)
    }
}
