import Foundation
import XCTest

@testable import ProvHACompile

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The files for the pair that no daemon checker reads: autofs maps, firewalld zones, CMTS
/// snippets and the secret files' modes.
final class PeerFilesTests: XCTestCase {
    /// The seed's layout: an indirect map on its own folder (never over cacti's), read-only and
    /// without device files, the master's host key pinned, and a link where cacti reads.
    func testAutofsMountsTheMastersRraReadOnlyOnTheSlaveOnly() throws {
        let files = try renderExample("metro")
        XCTAssertFalse(files.contains { $0.path.hasPrefix("master/etc/auto") || $0.path.contains("cacti") && $0.path.hasPrefix("master") })
        let entry = try XCTUnwrap(files.first { $0.path == "slave/etc/auto.master.d/nmsprime-cacti.autofs" }).contents
        let map = try XCTUnwrap(files.first { $0.path == "slave/etc/auto.nmsprime-cacti" }).contents
        let link = try XCTUnwrap(files.first { $0.path == "slave/etc/tmpfiles.d/nmsprime-provha-cacti.conf" }).contents
        let knownHosts = try XCTUnwrap(files.first { $0.path == "slave/etc/nmsprime-provha/cacti-known_hosts" }).contents
        XCTAssertTrue(entry.hasSuffix("\n/mnt/provha-master /etc/auto.nmsprime-cacti --timeout=300 --ghost\n"), entry)
        XCTAssertTrue(
            map.hasSuffix(
                "\nrra -fstype=fuse,ro,nodev,noatime,allow_other,reconnect,IdentityFile=/etc/nmsprime/provha_id_ed25519,"
                    + "ServerAliveInterval=15,BatchMode=yes,StrictHostKeyChecking=yes,UserKnownHostsFile=/etc/nmsprime-provha/cacti-known_hosts,"
                    + "GlobalKnownHostsFile=/dev/null :sshfs\\#cacti-sync@172.20.0.100\\:/usr/share/cacti/rra\n"), map)
        XCTAssertTrue(link.hasSuffix("\nL /usr/share/cacti/rra - - - - /mnt/provha-master/rra\n"), link)
        XCTAssertTrue(
            knownHosts.hasSuffix("\n172.20.0.100 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHU0CGDWFXyXrgQyQvJ9bu5s/QmJo+nuoBuAAR7BBYVh\n"), knownHosts)
        // Without a pinned key (the lab), no known_hosts file and no pinning options.
        let lab = try renderExample("lab")
        XCTAssertFalse(lab.contains { $0.path.hasSuffix("cacti-known_hosts") })
        XCTAssertFalse(try XCTUnwrap(lab.first { $0.path == "slave/etc/auto.nmsprime-cacti" }).contents.contains("KnownHosts"))
    }

    func testFirewallZonesAreWellFormedAndOpenWhatThePeerNeeds() throws {
        let files = try renderExample("lab")
        for role in NodeRole.allCases {
            let zone = try XCTUnwrap(files.first { $0.path == "\(role.rawValue)/etc/firewalld/zones/nmsprime-provha.xml" }).contents
            let document = try XMLDocument(xmlString: zone)
            let ports = try document.nodes(forXPath: "/zone/port").compactMap { node -> String? in
                guard let element = node as? XMLElement else { return nil }
                return "\(element.attribute(forName: "protocol")?.stringValue ?? "")/\(element.attribute(forName: "port")?.stringValue ?? "")"
            }
            let source = try document.nodes(forXPath: "/zone/source/@address").first?.stringValue
            XCTAssertEqual(source, role == .master ? "172.20.0.101/32" : "172.20.0.100/32")
            let galera = ["tcp/3306", "tcp/4444", "tcp/4567", "udp/4567", "tcp/4568"]
            let expected =
                ["tcp/647", "tcp/7911", "tcp/53", "udp/53"] + galera
                + (role == .master ? ["tcp/514", "tcp/22"] : ["tcp/22", "tcp/5665", "udp/161"]) + ["tcp/8443"]
            XCTAssertEqual(ports, expected, role.rawValue)
        }
    }

    /// The devices' zone takes the CM and MTA networks (never the CPEs') and opens what the
    /// devices are told to use: DHCP via the relay, TFTP, time, DNS, syslog.
    func testTheDeviceZoneOpensWhatModemsAndMTAsUseFromTheirNetworksOnly() throws {
        let files = try renderExample("lab")
        let zone = try XCTUnwrap(files.first { $0.path == "master/etc/firewalld/zones/nmsprime-devices.xml" }).contents
        let document = try XMLDocument(xmlString: zone)
        let sources = try document.nodes(forXPath: "/zone/source/@address").compactMap(\.stringValue)
        XCTAssertEqual(sources, ["10.0.16.0/20", "10.0.32.0/20", "10.0.48.0/20", "100.96.4.0/22", "100.96.8.0/22", "100.96.12.0/22"])
        let ports = try document.nodes(forXPath: "/zone/port").compactMap { node -> String? in
            guard let element = node as? XMLElement else { return nil }
            return "\(element.attribute(forName: "protocol")?.stringValue ?? "")/\(element.attribute(forName: "port")?.stringValue ?? "")"
        }
        XCTAssertEqual(ports, ["udp/67", "udp/69", "udp/37", "tcp/37", "udp/53", "tcp/53", "udp/514"])
        // The CPE networks have a zone of their own that opens DNS only; no source is in two zones.
        let customers = try XMLDocument(xmlString: try XCTUnwrap(files.first { $0.path == "master/etc/firewalld/zones/nmsprime-cpe.xml" }).contents)
        let customerSources = try customers.nodes(forXPath: "/zone/source/@address").compactMap(\.stringValue)
        XCTAssertEqual(
            customerSources, ["100.64.16.0/20", "100.64.32.0/20", "100.64.48.0/20", "198.18.0.64/26", "198.18.0.128/26", "198.18.0.192/26"])
        XCTAssertTrue(Set(customerSources).isDisjoint(with: sources))
        XCTAssertEqual(try customers.nodes(forXPath: "/zone/port/@port").compactMap(\.stringValue), ["53", "53"])
    }

    func testEveryCMTSGetsASnippetInItsVendorsSyntaxNamingBothServers() throws {
        let files = try renderExample("metro")
        let snippets = files.filter { $0.path.hasPrefix("cmts/") }
        XCTAssertEqual(snippets.count, 12)
        for snippet in snippets {
            XCTAssertTrue(snippet.contents.contains("172.20.0.100") && snippet.contents.contains("172.20.0.101"), snippet.path)
        }
        let cisco = try XCTUnwrap(snippets.first { $0.path == "cmts/cmts-dresden-1.cfg" }).contents
        XCTAssertTrue(cisco.contains("interface Bundle2\n cable helper-address 172.20.0.100\n cable helper-address 172.20.0.101\n"), cisco)
        XCTAssertTrue(cisco.contains("\nip dhcp relay information option\n"), "the CPE classes need option 82: \(cisco)")
        let casa = try XCTUnwrap(snippets.first { $0.path == "cmts/cmts-leipzig-2.cfg" }).contents
        XCTAssertTrue(casa.contains("interface ip-bundle 2\n cable helper-address 172.20.0.100 cable-modem\n"), casa)
        XCTAssertTrue(casa.contains("\n! UNCONFIRMED syntax"), "a snippet no vendor document confirms says so: \(casa)")
        let arris = try XCTUnwrap(snippets.first { $0.path == "cmts/cmts-chemnitz-3.cfg" }).contents
        // An E6000 relays from its IP sub-interface and takes NTP as its clock source.
        XCTAssertTrue(arris.contains("configure interface cable-mac 1.0 cable helper-address 172.20.0.101 any\n"), arris)
        XCTAssertTrue(arris.hasSuffix("configure ntp server 172.20.0.101\nconfigure clock network ntp\n"), arris)
        let harmonic = try XCTUnwrap(snippets.first { $0.path == "cmts/cmts-zwickau-4.cfg" }).contents
        XCTAssertTrue(harmonic.contains("GENERIC SNIPPET"), harmonic)
    }

    func testCMTSSnippetCommandPrintsOneSnippet() throws {
        let lab = Repository.examples.appendingPathComponent("lab/cluster.yaml").path
        let result = try runProgram(Repository.executable, ["cmts-snippet", lab, "--cmts", "cmts-dresden-1"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let file = try XCTUnwrap(try renderExample("lab").first { $0.path == "cmts/cmts-dresden-1.cfg" })
        XCTAssertEqual(result.standardOutput, file.contents)
        let unknown = try runProgram(Repository.executable, ["cmts-snippet", lab, "--cmts", "cmts-dresdn-1"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertEqual(unknown.standardOutput, "")
        XCTAssertTrue(
            unknown.standardError.hasSuffix("error: no CMTS named 'cmts-dresdn-1' in the snapshot; did you mean 'cmts-dresden-1'?\n"),
            unknown.standardError)
    }

    func testUnknownCompanyIsAWarningNotAnError() throws {
        let metro = Repository.examples.appendingPathComponent("metro/cluster.yaml").path
        let result = try runProgram(Repository.executable, ["check", metro])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.standardError.contains("warning: netgw id 4: no CMTS syntax is known for company 'Harmonic'"), result.standardError)
    }

    func testSecretsLandInFilesReadableByOwnerAndGroupOnly() throws {
        let secretFiles = try renderExample("lab").filter { $0.contents.contains("secret \"") }
        XCTAssertEqual(
            secretFiles.map(\.path).sorted(),
            [
                "master/etc/dhcp-nmsprime/ddns-key.conf", "master/etc/dhcp-nmsprime/omapi-key.conf",
                "master/etc/named-nmsprime.key", "slave/etc/dhcp-nmsprime/ddns-key.conf",
                "slave/etc/dhcp-nmsprime/omapi-key.conf", "slave/etc/named-nmsprime.key",
            ])
        XCTAssertTrue(secretFiles.allSatisfy { $0.mode == 0o640 })
    }

    /// A seed's serial moves with nothing: named owns it from the first load, and a seed changes
    /// only when its SOA or NS records do (no other data, no clock).
    func testZoneSeedSerialIsFixed() throws {
        let seeds = try renderExample("lab").filter { $0.path.contains("/dns/seed/") }
        XCTAssertFalse(seeds.isEmpty)
        for seed in seeds {
            XCTAssertTrue(seed.contents.contains("\n\t\t1\t\t; serial: named owns it"), seed.path)
        }
    }
}
