import ArgumentParser
import Foundation
import ProvHACompile

struct ModemSNMP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modem-snmp",
        abstract: "Print the modem configfile lines that give both servers SNMP access (docsDevNmAccess rows) to standard output.")

    @OptionGroup var input: InputOptions

    func run() throws {
        guard let model = input.validatedModel() else { throw ExitCode(1) }
        for file in ModemSNMPAccessEmitter().emit(model) { FileHandle.standardOutput.write(Data(file.contents.utf8)) }
    }
}
