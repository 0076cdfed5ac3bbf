import Foundation

/// Loads a secret from the file or environment variable the cluster file names. Messages
/// name where the secret should be, never what it is.
enum SecretLoader {
    struct Problem: Error {
        let message: String
    }

    /// The secret, trimmed; `what` names it in messages ("DDNS secret", "OMAPI secret").
    static func load(_ reference: SecretReference, what: String, environment: [String: String]) -> Result<String, Problem> {
        let secret: String
        switch reference {
        case let .file(path):
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                return .failure(Problem(message: "cannot read the \(what) file \(DiagnosticText.quoted(path))"))
            }
            secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
        case let .environment(name):
            guard let value = environment[name], !value.isEmpty else {
                return .failure(Problem(message: "the environment variable \(name) that holds the \(what) is not set"))
            }
            secret = value.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard !secret.isEmpty, Data(base64Encoded: secret) != nil else {
            return .failure(Problem(message: "the \(what) is not base64 (as `tsig-keygen` writes it)"))
        }
        return .success(secret)
    }

    /// A password (its file's or variable's text without surrounding white space); which
    /// characters it may hold is the validator's check, at the reference's location.
    static func loadPassword(_ reference: SecretReference, what: String, environment: [String: String]) -> Result<String, Problem> {
        switch reference {
        case let .file(path):
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                return .failure(Problem(message: "cannot read the \(what) file \(DiagnosticText.quoted(path))"))
            }
            let password = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return password.isEmpty ? .failure(Problem(message: "the \(what) file \(DiagnosticText.quoted(path)) is empty")) : .success(password)
        case let .environment(name):
            let password = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return password.isEmpty
                ? .failure(Problem(message: "the environment variable \(name) that holds the \(what) is not set")) : .success(password)
        }
    }
}
