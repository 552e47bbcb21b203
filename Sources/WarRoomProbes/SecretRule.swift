import Foundation

/// The one rule for secrets in every YAML field — a check's headers and
/// `env:`, a link's password, a runbook step's `env:`: a value whose name
/// says it is a secret is a reference (`env:NAME`, `file:PATH`), never
/// inline; references are resolved only when a process or a request needs
/// them, so the plan in the cache holds the reference, never the value.
public enum SecretRule {
    /// Whether a header or variable name says its value is a secret.
    public static func isSecretName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return ["authorization", "cookie", "password", "passwd", "token", "secret", "api-key", "api_key", "apikey"]
            .contains { lower.contains($0) }
    }

    /// Why `value` may not stand for `name` in a file, or `nil` when it may.
    /// The value itself is never repeated: it may be a secret.
    public static func problem(name: String, value: String) -> String? {
        if SecretReference(reference: value) != nil { return nil }
        if value.hasPrefix("env:") || value.hasPrefix("file:") { return "names no variable or file after `\(value)`" }
        if isSecretName(name) { return "looks like a secret: give it as env:NAME or file:PATH, never inline" }
        return nil
    }

    /// `environment` with every reference replaced by the secret it names,
    /// or the first reference that cannot be resolved, in words.
    public static func resolve(_ environment: [String: String],
                               secrets: (SecretReference) -> String? = SecretReference.resolveFromSystem) -> Result<[String: String], SecretMissing> {
        resolve(environment.mapValues { SecretReference(reference: $0).map(HTTPCheck.HeaderValue.secret) ?? .text($0) },
                secrets: secrets)
    }

    /// The same for values already read as text or reference (a check's headers and `env:`).
    public static func resolve(_ values: [String: HTTPCheck.HeaderValue],
                               secrets: (SecretReference) -> String? = SecretReference.resolveFromSystem) -> Result<[String: String], SecretMissing> {
        var resolved: [String: String] = [:]
        for (name, value) in values {
            switch value {
            case .text(let text): resolved[name] = text
            case .secret(let reference):
                guard let secret = secrets(reference) else { return .failure(SecretMissing(name: name, reference: reference)) }
                resolved[name] = secret
            }
        }
        return .success(resolved)
    }

    /// Why a file-held secret cannot be used, for `check-config` (never its content); `nil` when it can.
    public static func unreadable(_ reference: SecretReference) -> String? {
        guard case .file(let path) = reference else { return nil }
        guard FileManager.default.fileExists(atPath: path) else { return "\(reference): no such file" }
        guard FileManager.default.isReadableFile(atPath: path) else { return "\(reference): the agent cannot read it" }
        return nil
    }
}

/// A secret reference that named nothing at run time.
public struct SecretMissing: Error, Equatable, Sendable, CustomStringConvertible {
    public var name: String
    public var reference: SecretReference
    public var description: String { "secret \(reference) for \(name) is not available" }

    public init(name: String, reference: SecretReference) {
        self.name = name
        self.reference = reference
    }
}

/// The environment every child process starts from: what a program needs to
/// run (its search path, home, locale, zone), never the agent's other
/// variables — some of them hold the secrets of other checks and steps.
public enum ChildEnvironment {
    public static let inherited = ["PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR"]

    /// The inherited variables the agent has, with `named` added (or replacing).
    public static func make(_ named: [String: String], from agent: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        var environment = agent.filter { inherited.contains($0.key) }
        if environment["PATH"] == nil { environment["PATH"] = "/usr/local/bin:/usr/bin:/bin" }
        for (key, value) in named { environment[key] = value }
        return environment
    }
}
