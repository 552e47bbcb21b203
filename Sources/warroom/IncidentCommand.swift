import ArgumentParser
import Foundation
import WarRoomConsole
import WarRoomOperators
import WarRoomModel
import WarRoomReports
import WarRoomStore

/// `warroom incident …`: the lifecycle from the command line, with the same
/// identity, rules and audit as the console's keys.
struct IncidentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incident",
        abstract: "List incidents, or change one's status, severity or roles.",
        discussion: """
            Statuses run investigating → identified → mitigating → monitoring → resolved; a SEV1 or \
            SEV2 moves on only once somebody commands it. Changes are recorded as you (the \
            operating-system user), on the incident's timeline and in the audit trail.
            """,
        subcommands: [List.self, Open.self, Status.self, Severity.self, Assign.self, Resolve.self, Reopen.self]
    )

    struct Options: ParsableArguments {
        @Argument(help: "The incident, e.g. INC-0001.") var incident: String
        @OptionGroup var cache: CacheOption

        func change(_ change: IncidentChange) throws {
            let session = try OperatorSession.open(cachePath: cache.path())
            try session.finish(try session.actions.changeIncident(change, incidentID: incident))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "The incidents not resolved, newest first.")
        @OptionGroup var cache: CacheOption

        func run() throws {
            let reader = try CacheAccess.reader(cache.path())
            let snapshot: CacheSnapshot
            do {
                snapshot = try reader.snapshot(limits: SnapshotLimits(incidents: 100))
            } catch let error as CacheError {
                throw CommandFailure.exit(error.description)
            }
            guard !snapshot.openIncidents.isEmpty else { return print("no open incident") }
            for incident in snapshot.openIncidents {
                let roles = IncidentRole.allCases.map { "\($0.rawValue): \(incident.roles[$0] ?? "-")" }.joined(separator: "  ")
                print(TerminalText.sanitize("\(incident.id)  \(incident.severity.label)  \(incident.status.words)  \(incident.title)  \(roles)"))
            }
        }
    }

    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "open",
            abstract: "Declare an incident no check has seen (the agent opens its own on detection).",
            discussion: "It opens as investigating, numbered after every incident in the cache; you are recorded as who declared it.")
        @Argument(help: "What is wrong, in a line.") var title: String
        @Option(name: .long, help: "sev1 (the worst) to sev4; p1 to p4 read the same.") var severity: String = "sev3"
        @Option(name: .long, help: ArgumentHelp("The site it is about (its id).", valueName: "site")) var site: String?
        @Option(name: .long, help: ArgumentHelp("The service whose RTO its clock runs against (its id).", valueName: "service"))
        var service: String?
        @Option(name: .long, help: ArgumentHelp("When the impact began: a duration ago (10m) or a UTC time (2026-11-25T14:00:00Z). Default: now.",
                                                valueName: "time"))
        var impactSince: String?
        @Flag(name: .long, help: "Take command of it at once.") var command = false
        @OptionGroup var cache: CacheOption

        func validate() throws {
            guard IncidentSeverity(cliText: severity) != nil else {
                throw ValidationError("--severity: '\(severity)' is not a severity: sev1, sev2, sev3 or sev4")
            }
            if let impactSince, PauseEnd.parse(impactSince, agentNow: 0, ago: true) == nil {
                throw ValidationError("--impact-since: '\(TerminalText.sanitize(impactSince))' is neither a duration like 10m nor a UTC time like 2026-11-25T14:00:00Z")
            }
        }

        func run() throws {
            let session = try OperatorSession.open(cachePath: cache.path())
            let declaration = IncidentDeclaration(
                title: title, severity: IncidentSeverity(cliText: severity) ?? .sev3, siteID: site, serviceID: service,
                impactStartedAt: impactSince.flatMap { PauseEnd.parse($0, agentNow: session.agentNow, ago: true) },
                takesCommand: command)
            try session.finish(try session.actions.openIncident(declaration))
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Set an incident's status.")
        @OptionGroup var options: Options
        @Argument(help: "investigating, identified, mitigating, monitoring or resolved.") var status: String

        func validate() throws {
            guard IncidentStatus(rawValue: status.lowercased()) != nil else {
                let known = IncidentStatus.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("'\(status)' is not a status: one of \(known)")
            }
        }

        func run() throws {
            guard let parsed = IncidentStatus(rawValue: status.lowercased()) else { throw ValidationError("'\(status)' is not a status") }
            try options.change(.status(parsed))
        }
    }

    struct Severity: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "severity", abstract: "Set an incident's severity.")
        @OptionGroup var options: Options
        @Argument(help: "sev1 (the worst) to sev4; p1 to p4 read the same.") var severity: String

        private var parsed: IncidentSeverity? { IncidentSeverity(cliText: severity) }

        func validate() throws {
            guard parsed != nil else { throw ValidationError("'\(severity)' is not a severity: sev1, sev2, sev3 or sev4") }
        }

        func run() throws {
            guard let parsed else { throw ValidationError("'\(severity)' is not a severity") }
            try options.change(.severity(parsed))
        }
    }

    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assign",
            abstract: "Give a role (commander, scribe, liaison) to a user; to yourself when no user is named.")
        @OptionGroup var options: Options
        @Argument(help: "commander, scribe or liaison.") var role: String
        @Argument(help: "The user name; yourself when left out.") var user: String?
        @Flag(help: "Free the role instead.") var free = false

        func validate() throws {
            guard IncidentRole(rawValue: role.lowercased()) != nil else {
                throw ValidationError("'\(role)' is not a role: commander, scribe or liaison")
            }
            if free && user != nil { throw ValidationError("--free takes no user") }
        }

        func run() throws {
            guard let role = IncidentRole(rawValue: role.lowercased()) else { throw ValidationError("'\(role)' is not a role") }
            try options.change(.assign(role, name: free ? nil : user ?? SystemIdentity.current().name))
        }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "resolve", abstract: "Resolve an incident.")
        @OptionGroup var options: Options

        func run() throws {
            try options.change(.status(.resolved))
        }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reopen", abstract: "Reopen a resolved incident, as investigating.")
        @OptionGroup var options: Options

        func run() throws {
            try options.change(.reopen)
        }
    }
}

extension IncidentSeverity {
    /// `sev2`, `SEV2` or `p2`.
    init?(cliText text: String) {
        let text = text.lowercased()
        self.init(rawValue: text.hasPrefix("p") ? "sev" + text.dropFirst() : text)
    }
}
