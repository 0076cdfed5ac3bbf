import ArgumentParser
import Foundation
import ProvHACompile

struct CMTSSnippet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cmts-snippet",
        abstract: "Print one CMTS's relay and time-server lines, in its vendor's syntax, to standard output.")

    @OptionGroup var input: InputOptions

    @Option(name: .long, help: "The CMTS hostname, as NMS Prime knows it.")
    var cmts: String

    func run() throws {
        guard let model = input.validatedModel() else { throw ExitCode(1) }
        guard let snippet = model.cmtsSnippet(hostname: cmts) else {
            input.printer.print([.error(model.unknownCMTSMessage(cmts), at: .input(path: input.clusterFile))])
            throw ExitCode(1)
        }
        FileHandle.standardOutput.write(Data(snippet.contents.utf8))
    }
}
