import Foundation
import WarRoomModel
import WarRoomProbes
import Yams

/// The `checks:` section: one probe kind per check, its timing, and secrets
/// by reference only.
extension ConfigReader {
    /// Header and environment names whose values are secrets: given inline they are refused.
    mutating func readChecks(_ top: ConfigFields) {
        let nodes = top.sequence("checks", required: true)
        if top.has("checks") && nodes.isEmpty { top.problem("checks", "name at least one check: the agent would watch nothing") }
        for (index, node) in nodes.enumerated() {
            guard let fields = ConfigFields(node, path: "checks[\(index + 1)]", allowed: [
                "name", "site", "service", "http", "tcp", "command", "env", "interval", "timeout", "jitter",
            ], problems: problems) else { continue }
            let site = self.site(fields, "site")
            let service = self.service(fields, "service")
            let kind = checkKind(fields)
            let interval = fields.duration("interval") ?? checkDefaults.interval
            let timeout = fields.duration("timeout") ?? checkDefaults.timeout
            let jitter = fields.duration("jitter", allowZero: true) ?? checkDefaults.jitter
            if timeout > interval {
                fields.problem("timeout", "\(Format.seconds(timeout)) is longer than the interval of \(Format.seconds(interval)): rounds would overlap")
            }
            guard let site, let service, let kind else { continue }
            let name = fields.string("name") ?? "\(site)/\(service)/\(kind.name)"
            if config.checks.contains(where: { $0.name == name }) {
                fields.problem(fields.has("name") ? "name" : "service",
                               "another check is already called '\(name)'; give this one a `name:`")
                continue
            }
            config.checks.append(CheckSpec(name: name, siteID: site, serviceID: service, kind: kind, intervalSeconds: interval,
                                           timeoutSeconds: timeout, jitterSeconds: jitter))
        }
    }

    func service(_ fields: ConfigFields, _ key: String) -> String? {
        guard let id = fields.string(key, required: true) else { return nil }
        guard config.services.contains(where: { $0.id == id }) else {
            if !declaredServices.contains(id) {
                let known = declaredServices.sorted().joined(separator: ", ")
                fields.problem(key, "no service '\(id)' (services: \(known.isEmpty ? "none" : known))")
            }
            return nil
        }
        return id
    }

    /// Exactly one of `http`, `tcp` or `command`.
    private func checkKind(_ fields: ConfigFields) -> CheckSpec.Kind? {
        let given = ["http", "tcp", "command"].filter(fields.has)
        guard given.count == 1, let kind = given.first else {
            let problem = given.isEmpty ? "a check needs one of `http:`, `tcp:` or `command:`"
                : "give one of \(given.map { "`\($0):`" }.joined(separator: ", ")), not several"
            problems.add(problem, path: fields.path, at: fields.node)
            return nil
        }
        if fields.has("env") && kind != "command" { fields.problem("env", "only a `command:` check has an environment") }
        switch kind {
        case "http": return httpCheck(fields).map { .http($0) }
        case "tcp": return tcpCheck(fields).map { .tcp($0) }
        default: return commandCheck(fields).map { .command($0) }
        }
    }

    private func httpCheck(_ fields: ConfigFields) -> HTTPCheck? {
        guard let http = fields.mapping("http", allowed: ["url", "expect_status", "body_contains", "headers"]) else { return nil }
        let url = http.string("url", required: true)
        if let url, URL(string: url)?.scheme.map({ ["http", "https"].contains($0.lowercased()) }) != true
            || URL(string: url)?.host == nil {
            http.problem("url", "must be an http:// or https:// URL with a host (got '\(url)')")
        }
        let status = http.int("expect_status", in: 100...599)
        var headers: [String: HTTPCheck.HeaderValue] = [:]
        for (name, value, node) in http.stringPairs("headers") ?? [] {
            guard let header = secretOrText(name: name, value: value, path: http.qualified("headers.\(name)"), at: node) else {
                continue
            }
            headers[name] = header
        }
        guard let url else { return nil }
        return HTTPCheck(url: url, expectStatus: status, bodyContains: http.string("body_contains"), headers: headers)
    }

    private func tcpCheck(_ fields: ConfigFields) -> TCPCheck? {
        guard let tcp = fields.mapping("tcp", allowed: ["host", "port"]) else { return nil }
        let host = tcp.string("host", required: true)
        let port = tcp.int("port", in: 1...65535, required: true)
        guard let host, let port else { return nil }
        return TCPCheck(host: host, port: port)
    }

    private func commandCheck(_ fields: ConfigFields) -> CommandCheck? {
        guard let argv = fields.strings("command") else { return nil }
        guard let program = argv.first, !program.isEmpty else {
            fields.problem("command", "names no program: give `command: [program, args…]`")
            return nil
        }
        var environment: [String: HTTPCheck.HeaderValue] = [:]
        for (name, value, node) in fields.stringPairs("env") ?? [] {
            if let entry = secretOrText(name: name, value: value, path: fields.qualified("env.\(name)"), at: node) {
                environment[name] = entry
            }
        }
        return CommandCheck(argv: argv, environment: environment)
    }

    /// A value that is a secret reference, or plain text where the name is not a secret's.
    private func secretOrText(name: String, value: String, path: String, at node: Node) -> HTTPCheck.HeaderValue? {
        if let problem = SecretRule.problem(name: name, value: value) {
            problems.add(problem, path: path, at: node)
            return nil
        }
        return SecretReference(reference: value).map(HTTPCheck.HeaderValue.secret) ?? .text(value)
    }
}
