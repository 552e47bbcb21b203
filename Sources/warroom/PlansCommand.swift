import ArgumentParser
import Foundation
import WarRoomClock
import WarRoomConsole
import WarRoomModel
import WarRoomReports
import WarRoomStore

struct PlansCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plans",
                                                    abstract: "List failover plans with their steps, approvals and pre-flight.")

    static let readinessHelp = ArgumentHelp(
        "Instead of the plans: whether each configured failover could go ahead if its site failed now (the target's "
            + "health and capacity, each data type's data at risk against its RPO, the runbook, approvers on record). "
            + "Exit status 1 when one could not.")

    @OptionGroup var cache: CacheOption
    @Flag(name: .long, help: readinessHelp) var readiness = false

    func run() throws {
        let path = cache.path()
        let snapshot: CacheSnapshot
        do {
            snapshot = try CacheAccess.reader(path).snapshot(limits: SnapshotLimits(incidents: 100))
        } catch let error as CacheError {
            throw CommandFailure.exit(error.description)
        }
        let now = SystemClock().now
        if readiness { return try printReadiness(snapshot, wallNow: now) }
        guard !snapshot.plans.isEmpty else {
            print("no failover plans for open incidents")
            return
        }
        for plan in snapshot.plans {
            print("\(plan.id)  \(TerminalText.sanitize(plan.name))  (incident \(plan.incidentID ?? "-"), proposed by \(TerminalText.sanitize(plan.proposedBy)))")
            let approvers = (plan.policy.users.map { "user \($0)" } + plan.policy.groups.map { "group \($0)" }).joined(separator: ", ")
            print("  approvers: \(approvers.isEmpty ? "none named" : TerminalText.sanitize(approvers))\(plan.policy.preventSelfApproval ? " · no self-approval" : "")")
            for step in snapshot.steps(of: plan) {
                let approvals = ApprovalPolicy.countingApprovals(snapshot.approvals, for: step)
                let count = step.requiresApproval ? "\(approvals.count)/\(step.approversRequired)" : "auto"
                let preflight = Preflight.evaluate(plan: plan, step: step, snapshot: snapshot, wallNow: now)
                var check = step.spec?.preflight.isEmpty ?? true ? "" : preflight.holds ? "  pre-flight ok" : "  PRE-FLIGHT FAILS"
                if step.state == .running, let group = step.processGroup { check += "  (pid \(group))" }
                print("  " + TerminalText.fit(String(step.number), 3, alignRight: true) + "  "
                      + TerminalText.fit(step.state.rawValue, 18) + TerminalText.fit(count, 5)
                      + TerminalText.sanitize(step.title) + check)
                // Which fact fails, and what to know beside it, under the step.
                if !(step.spec?.preflight.isEmpty ?? true) {
                    for failure in preflight.failures { print("       fails: " + TerminalText.sanitize(failure)) }
                }
                for warning in preflight.warnings where step.state == .awaitingApproval {
                    print("       note: " + TerminalText.sanitize(warning))
                }
            }
        }
    }

    private func printReadiness(_ snapshot: CacheSnapshot, wallNow: EpochMillis) throws {
        let report = StatusReport(snapshot: snapshot, wallNow: wallNow)
        guard !report.readiness.isEmpty else {
            print("no failover configured (the agent writes each site's failover from its configuration)")
            return
        }
        StatusText(clock: .utc).readinessLines(report.readiness).forEach { print($0) }
        if report.readiness.contains(where: { !$0.ready }) { throw ExitCode(1) }
    }
}
