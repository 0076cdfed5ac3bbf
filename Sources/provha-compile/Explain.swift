import ArgumentParser
import Foundation
import ProvHACompile

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Say, for one device, which class and pools each node's dhcpd puts it in, which node answers it and what it is handed.",
        discussion: "Exit 0: explained. Exit 1: bad input, or a MAC the database does not know (give a customer device's modem with --remote-id).")

    @OptionGroup var input: InputOptions

    @Option(name: .long, help: "The device's MAC address.")
    var mac: String

    @Option(name: .long, help: "For a customer device: its modem's MAC, which the CMTS puts in the relay agent's remote-id.")
    var remoteId: String?

    @Option(name: .long, help: "The DHCP client identifier (option 61) the device sends, as hex octets (01:aa:bb:…); load balancing hashes it.")
    var clientId: String?

    func validate() throws {
        if MACAddress(mac) == nil { throw ValidationError("--mac \(DiagnosticText.quoted(mac)) is not a MAC address") }
        if let remoteId, MACAddress(remoteId) == nil {
            throw ValidationError("--remote-id \(DiagnosticText.quoted(remoteId)) is not a MAC address")
        }
        if let clientId, LoadBalancing.clientIdentifier(clientId) == nil {
            throw ValidationError("--client-id \(DiagnosticText.quoted(clientId)) is not hex octets (01:aa:bb)")
        }
    }

    func run() throws {
        guard let device = MACAddress(mac), let model = input.validatedModel() else { throw ExitCode(1) }
        let explained = DeviceExplanation.explain(
            mac: device, remoteID: remoteId.flatMap(MACAddress.init), clientID: clientId.flatMap(LoadBalancing.clientIdentifier), in: model)
        switch explained {
        case let .success(explanation):
            let text = explanation.text(in: model)
            FileHandle.standardOutput.write(Data(text.utf8))
        case let .failure(problem):
            input.printer.print([.error(problem.description, at: .input(path: input.clusterFile))])
            throw ExitCode(1)
        }
    }
}
