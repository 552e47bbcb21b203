import ArgumentParser
import Foundation
import WarRoomConsole
import WarRoomModel
import WarRoomReports

struct ApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve a failover step (as the operating-system user running this).",
        discussion: """
            Prints the step's pre-flight facts — target health, capacity against load, and for each \
            data type the replication lag, the data a failover now would lose — and records the \
            approval bound to them. A failing pre-flight refuses unless --override is given, and the \
            override is recorded. Exit status 0 when recorded, 1 when refused.
            """
    )

    @Argument(help: "The plan, e.g. PLAN-0001.") var plan: String
    @Argument(help: "The step's number in the plan.") var step: Int
    @Option(name: .long, help: "A comment for the audit trail.") var comment: String = ""
    @Flag(name: .long, help: "Approve although the pre-flight fails (recorded as an override).") var override = false
    @OptionGroup var cache: CacheOption

    func run() throws {
        let session = try OperatorSession.open(cachePath: cache.path())
        let (plan, step) = try StepLookup.find(plan: self.plan, step: self.step, in: session.snapshot)
        let preflight = Preflight.evaluate(plan: plan, step: step, snapshot: session.snapshot, wallNow: session.wallNow)
        print(PreflightText.render(preflight, plan: plan, step: step, snapshot: session.snapshot))
        if !preflight.holds && !override {
            throw CommandFailure.exit("refused: the pre-flight fails; to approve anyway, add --override (it is recorded)")
        }
        try session.finish(try session.actions.decide(StepDecision(
            planID: plan.id, stepNumber: step.number, decision: .approved, comment: comment,
            preflightFacts: preflight.facts.canonicalJSON, runbookHash: plan.runbookHash,
            overridePreflight: override && !preflight.holds)))
    }
}

struct RejectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reject", abstract: "Reject a failover step, with a reason.")

    @Argument(help: "The plan, e.g. PLAN-0001.") var plan: String
    @Argument(help: "The step's number in the plan.") var step: Int
    @Option(name: .long, help: "Why (required; recorded in the audit trail).") var reason: String
    @OptionGroup var cache: CacheOption

    func run() throws {
        let session = try OperatorSession.open(cachePath: cache.path())
        let (plan, step) = try StepLookup.find(plan: self.plan, step: self.step, in: session.snapshot)
        let preflight = Preflight.evaluate(plan: plan, step: step, snapshot: session.snapshot, wallNow: session.wallNow)
        try session.finish(try session.actions.decide(StepDecision(
            planID: plan.id, stepNumber: step.number, decision: .rejected, comment: reason,
            preflightFacts: preflight.facts.canonicalJSON, runbookHash: plan.runbookHash)))
    }
}

struct AckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ack", abstract: "Acknowledge a firing alert by its fingerprint.")

    @Argument(help: "The alert's fingerprint (see `warroom status --json` or the Alerts screen).") var alert: String
    @OptionGroup var cache: CacheOption

    func run() throws {
        let session = try OperatorSession.open(cachePath: cache.path())
        try session.finish(try session.actions.acknowledge(alertFingerprint: alert))
    }
}

struct NoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "note", abstract: "Add a note to an incident's timeline.")

    @Argument(help: "The incident, e.g. INC-0001.") var incident: String
    @Argument(help: "The note.") var text: String
    @OptionGroup var cache: CacheOption

    func run() throws {
        let session = try OperatorSession.open(cachePath: cache.path())
        try session.finish(try session.actions.addNote(incidentID: incident, text: text))
    }
}

/// Finds a plan's step, or ends the command naming what does not exist.
enum StepLookup {
    static func find(plan id: String, step number: Int, in snapshot: CacheSnapshot) throws -> (FailoverPlan, PlanStep) {
        guard let plan = snapshot.plans.first(where: { $0.id == id }) else {
            let known = snapshot.plans.map(\.id).joined(separator: ", ")
            throw CommandFailure.exit("no plan \(TerminalText.sanitize(id)) among open incidents (known: \(known.isEmpty ? "none" : known))")
        }
        guard let step = snapshot.steps(of: plan).first(where: { $0.number == number }) else {
            throw CommandFailure.exit("\(plan.id) has no step \(number) (it has 1 to \(snapshot.steps(of: plan).count))")
        }
        return (plan, step)
    }
}
