import Foundation
import WarRoomModel
import WarRoomProbes
import WarRoomStore

/// Runs approved steps in order, as the agent: re-checks each step's
/// pre-flight right before it runs, expires approvals that wait too long,
/// stops a plan at its first failure, and after a restart never runs a step
/// again: one whose process group still exists is watched until it ends, any
/// other becomes `unknown`.
public final class StepExecutor: @unchecked Sendable {
    private struct Job {
        var finishAt: EpochMillis?
        var builtin: BuiltinActions.Outcome?
        var command: CommandBox?
        /// Reported as what would have run, not run.
        var reportedOnly = false
    }

    /// A command's result, filled in by the thread that runs it.
    private final class CommandBox: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: CommandResult?
        var result: CommandResult? { lock.withLock { stored } }
        func finish(_ result: CommandResult) { lock.withLock { stored = result } }
    }

    private let store: StepStore
    private let runner: ProcessRunner
    private let actor: String
    private var jobs: [String: Job] = [:]
    /// Steps an earlier agent started whose process group still ran when this
    /// one started: watched until the group is gone, never run again.
    private var orphans: [String: ProcessGroupLeader] = [:]
    /// Why each step that runs on its own is waiting, as last said on the timeline.
    private var waiting: [String: String] = [:]
    /// Built-in steps that ran and ended since ``takeEndings()`` was last called.
    private var endings: [StepEnding] = []
    /// Where a cluster's decider claims each step before it starts it (claim
    /// before act); `nil` for an agent alone. Set by the agent loop, on its thread.
    public var claims: (any StepClaims)?
    /// Why each step's claim could not be made, as last said on the timeline.
    private var claimWaiting: [String: String] = [:]
    /// Why each step's expiry could not be recorded in the cluster, as last said on the timeline.
    private var expiryWaiting: [String: String] = [:]

    /// Steps only reported as what would have run (a demo drill's dry run);
    /// a configured drill's plan says so itself (``FailoverPlan/reportsOnly(_:)``).
    private let reportOnly: @Sendable (PlanStep) -> Bool

    public init(store: StepStore, runner: ProcessRunner = CommandRunner(), actor: String = "agent",
                claims: (any StepClaims)? = nil, reportOnly: @escaping @Sendable (PlanStep) -> Bool = { _ in false }) {
        self.store = store
        self.claims = claims
        self.runner = runner
        self.actor = actor
        self.reportOnly = reportOnly
    }

    /// Steps left `running` by an executor that died are never run again. If
    /// the step's process group still exists it is watched until it ends;
    /// otherwise (or once it has ended) the step's outcome is not known: it
    /// becomes `unknown`, for an operator to verify.
    public func recoverInterruptedSteps(at now: EpochMillis) throws {
        let snapshot = try store.snapshot(limits: SnapshotLimits(incidents: 1000))
        let mirrored = Set(snapshot.plans.filter { $0.keptAt != nil }.map(\.id))
        for step in snapshot.steps where step.state == .running && !mirrored.contains(step.planID) {
            if let group = step.processGroup,
               case let leader = ProcessGroupLeader(group: group, startTicks: step.processStartTicks), runner.isRunning(leader) {
                orphans[Self.key(step)] = leader
                try store.apply([.stepState(planID: step.planID, number: step.number, state: .running,
                                            output: Self.orphanNote(group, output: step.output), at: now)]
                                + timeline(for: step.planID, in: snapshot,
                                           "Step \(step.number) (\(step.title)) is still running (pid \(group)) from before the agent restarted: not re-run; waiting for it to end",
                                           at: now))
                continue
            }
            try loseTrack(of: step, at: now, why: "was running when the agent stopped")
        }
    }

    /// The built-in steps that ran and ended since the last call, oldest first,
    /// for the world they act on (the simulator) to hear.
    public func takeEndings() -> [StepEnding] {
        defer { endings = [] }
        return endings
    }

    /// One round when there is anything to do: reads the cache only while some
    /// step can still move or a job of ours runs.
    public func tickIfBusy(clockNow: EpochMillis, wallNow: EpochMillis) throws {
        guard try !jobs.isEmpty || !orphans.isEmpty || store.hasStepsInFlight() else { return }
        try tick(snapshot: store.snapshot(limits: SnapshotLimits()), clockNow: clockNow, wallNow: wallNow)
    }

    /// One round: expire, finish, check and start what is due.
    public func tick(snapshot: CacheSnapshot, clockNow: EpochMillis, wallNow: EpochMillis) throws {
        try watchOrphans(snapshot: snapshot, at: clockNow)
        // A plan mirrored from the cluster's decider is approved and run there, never here.
        for plan in snapshot.plans where plan.keptAt == nil {
            let steps = snapshot.steps(of: plan)
            try expireWaitingApprovals(plan: plan, steps: steps, clockNow: clockNow)
            // Rollbacks run out of order, once approved: they undo a step that stopped the plan.
            for rollback in steps where Self.rolledBackStep(of: rollback) != nil {
                if rollback.state == .approved { try start(plan: plan, step: rollback, snapshot: snapshot, clockNow: clockNow) }
                if rollback.state == .running { try finishIfDone(plan: plan, step: rollback, steps: steps, clockNow: clockNow) }
            }
            guard let step = steps.first(where: {
                Self.rolledBackStep(of: $0) == nil && $0.state != .succeeded && $0.state != .skipped
            }) else { continue }
            switch step.state {
            case .running:
                try finishIfDone(plan: plan, step: step, steps: steps, clockNow: clockNow)
            case .approved:
                try startApproved(plan: plan, step: step, snapshot: snapshot, clockNow: clockNow, wallNow: wallNow)
            case .pending where !step.requiresApproval:
                try startUnapproved(plan: plan, step: step, snapshot: snapshot, clockNow: clockNow, wallNow: wallNow)
            default:
                break  // waiting for an operator, or stopped
            }
        }
    }

    /// In a cluster through the cluster (``ClusterWaitExpiry``), so that an
    /// approval taken elsewhere at that moment is never lost; a drill's,
    /// decided in this cache alone, here.
    private func expireWaitingApprovals(plan: FailoverPlan, steps: [PlanStep], clockNow: EpochMillis) throws {
        guard let timeout = plan.policy.approvalTimeoutSeconds else { return }
        for step in steps where step.state == .awaitingApproval {
            guard let since = step.awaitingSince, clockNow.seconds(since: since) > timeout else { continue }
            let reason = "not approved within \(Format.seconds(timeout))"
            let line = "Step \(step.number) (\(step.title)) expired: \(reason); it will not run"
            let expired: Bool
            if let claims, plan.drill == nil {
                let expiry = ClusterWaitExpiry(decisions: claims.decisions, store: store, actor: actor)
                let outcome = try expiry.expire(step, of: plan, since: since, reason: reason, line: line, at: clockNow)
                switch outcome {
                case .expired, .settledFirst:
                    expiryWaiting[Self.key(step)] = nil
                    expired = outcome == .expired
                case .unavailable(let why):
                    guard let incident = plan.incidentID, Self.isNews(why, for: step, in: &expiryWaiting) else { continue }
                    try store.apply([.timeline(TimelineEvent(incidentID: incident, at: clockNow, kind: .step, actor: actor, text:
                        "Step \(step.number) (\(step.title)) waited \(Format.seconds(timeout)) for approval, but its expiry cannot be recorded in the cluster (\(why)): it stays open until it can be"))])
                    continue
                }
            } else {
                expired = try store.transition(planID: plan.id, stepNumber: step.number, .expire, expected: .awaitingApproval,
                                                actor: actor, timeline: line, at: clockNow) != nil
            }
            if expired, let incident = plan.incidentID {
                try store.apply([.timeline(TimelineEvent(incidentID: incident, at: clockNow, kind: .escalation, actor: actor,
                                                          text: "Escalating: step \(step.number) of \(plan.id) waited \(Format.seconds(timeout)) for approval; propose the plan again to go on"))])
            }
        }
    }

    private func startApproved(plan: FailoverPlan, step: PlanStep, snapshot: CacheSnapshot, clockNow: EpochMillis,
                               wallNow: EpochMillis) throws {
        let approvals = ApprovalPolicy.countingApprovals(snapshot.approvals, for: step)
        var reasons: [String] = []
        if let stale = approvals.first(where: { $0.runbookHash != plan.runbookHash }) {
            reasons.append("the runbook changed after \(stale.operatorName) approved")
        }
        let preflight = Preflight.evaluate(plan: plan, step: step, snapshot: snapshot, wallNow: wallNow)
        if !preflight.holds && !approvals.contains(where: \.overrode) { reasons += preflight.failures }
        guard reasons.isEmpty else {
            try store.transition(planID: plan.id, stepNumber: step.number, .invalidateApproval, expected: .approved, actor: actor,
                                  timeline: "Step \(step.number) did not run: \(reasons.joined(separator: "; ")). It needs approval again.",
                                  at: clockNow)
            return
        }
        try start(plan: plan, step: step, snapshot: snapshot, clockNow: clockNow)
    }

    /// A step that needs no approval runs on its own, but never while automatic
    /// failover is paused, nor while its pre-flight fails: it waits, and says
    /// why once on the timeline.
    private func startUnapproved(plan: FailoverPlan, step: PlanStep, snapshot: CacheSnapshot, clockNow: EpochMillis,
                                 wallNow: EpochMillis) throws {
        var reason: String?
        if case .paused(let pause) = snapshot.automation?.status(at: clockNow) {
            reason = "automatic failover is paused by \(pause.by) (\(pause.reason))"
        } else {
            let preflight = Preflight.evaluate(plan: plan, step: step, snapshot: snapshot, wallNow: wallNow)
            if !preflight.holds { reason = "its pre-flight fails: \(preflight.failures.joined(separator: "; "))" }
        }
        guard let reason else {
            waiting[Self.key(step)] = nil
            try start(plan: plan, step: step, snapshot: snapshot, clockNow: clockNow)
            return
        }
        guard Self.isNews(reason, for: step, in: &waiting) else { return }
        try store.apply(timeline(for: plan.id, in: snapshot, "Step \(step.number) (\(step.title)) waits: \(reason)", at: clockNow))
    }

    private func start(plan: FailoverPlan, step: PlanStep, snapshot: CacheSnapshot, clockNow: EpochMillis) throws {
        guard let spec = step.spec else {
            try store.transition(planID: plan.id, stepNumber: step.number, .skip, expected: step.state, actor: actor,
                                  timeline: "Step \(step.number) has no recorded action; it was skipped and the plan stops", at: clockNow)
            return
        }
        let from = step.state
        var claimNote: String?
        if let claims {
            switch claims.claim(planID: plan.id, stepNumber: step.number) {
            case .claimed(let revision):
                claimWaiting[Self.key(step)] = nil
                claimNote = "claimed in the cluster at revision \(revision)"
            case .claimedBefore(let site, let revision):
                // Claimed once, never again: it may have run there, and only an operator can tell.
                try store.transition(planID: plan.id, stepNumber: step.number, .claimedElsewhere, expected: from, actor: actor,
                                      output: nil,
                                      timeline: "Step \(step.number) (\(step.title)) was claimed first by \(site)'s agent (cluster revision \(revision)): it may have run there, so it is not started here. Verify it by hand; it will not run again on its own.",
                                      auditNote: "claimed by \(site) at cluster revision \(revision)", at: clockNow)
                return
            case .unavailable(let why):
                guard Self.isNews(why, for: step, in: &claimWaiting) else { return }
                try store.apply(timeline(for: plan.id, in: snapshot,
                                         "Step \(step.number) (\(step.title)) waits: it cannot be claimed in the cluster (\(why))",
                                         at: clockNow))
                return
            }
        }
        guard try store.transition(planID: plan.id, stepNumber: step.number, .start, expected: from, actor: actor, output: nil,
                                    timeline: "Step \(step.number) started: \(step.title)" + (claimNote.map { " (\($0))" } ?? ""),
                                    auditNote: claimNote, at: clockNow) != nil else { return }
        var job = Job()
        if reportOnly(step) || plan.reportsOnly(step) {
            job.builtin = BuiltinActions.Outcome(durationSeconds: 0, succeeded: true,
                                                 output: "\(DrillStep.dryRunMark) would have run \(spec.action.displayText)")
            job.finishAt = clockNow
            job.reportedOnly = true
        } else if let name = spec.action.builtin {
            let outcome = BuiltinActions.outcome(of: name, plan: plan, snapshot: snapshot)
            job.builtin = outcome
            job.finishAt = clockNow.adding(seconds: outcome.durationSeconds)
        } else {
            let box = CommandBox()
            let action = spec.action
            let (runner, store, planID, number) = (runner, self.store, plan.id, step.number)
            Thread {
                // The plan holds references; the secrets are read only now, for this process.
                let environment: [String: String]
                switch SecretRule.resolve(action.environment) {
                case .success(let resolved): environment = resolved
                case .failure(let missing):
                    box.finish(CommandResult(ending: .failedToStart(missing.description), output: "", truncated: false))
                    return
                }
                let invocation = ProcessInvocation(argv: action.argv, environment: environment,
                                                   workingDirectory: action.workingDirectory,
                                                   timeoutSeconds: action.timeoutSeconds)
                box.finish(runner.run(invocation) { leader in
                    // Recorded so that an agent restarted while it runs can tell it still runs.
                    try? store.recordProcessGroup(leader.group, startTicks: leader.startTicks, planID: planID, stepNumber: number)
                })
            }.start()
            job.command = box
        }
        jobs[Self.key(step)] = job
    }

    /// - parameter steps: the plan's steps as this round read them.
    private func finishIfDone(plan: FailoverPlan, step: PlanStep, steps: [PlanStep], clockNow: EpochMillis) throws {
        let key = Self.key(step)
        guard let job = jobs[key] else { return }  // another executor's step: recoverInterruptedSteps handles it
        let event: StepEvent
        let output: String
        if let outcome = job.builtin {
            guard let finishAt = job.finishAt, clockNow >= finishAt else { return }
            event = outcome.succeeded ? .succeed : .fail
            output = outcome.output
        } else if let result = job.command?.result {
            switch result.ending {
            case .exited(0): event = .succeed
            case .timedOut: event = .timeOut
            default: event = .fail
            }
            output = result.output + (result.truncated ? "\n[output cut at \(CommandRunner.outputLimit) bytes]" : "")
                + Self.endingNote(result.ending)
        } else {
            return
        }
        jobs[key] = nil
        let firstLine = output.split(separator: "\n").first.map(String.init) ?? ""
        let verb = event == .succeed ? "succeeded" : event == .timeOut ? "timed out and was killed" : "failed"
        var text = "Step \(step.number) \(verb): \(StepOutput.summary(output))"
        if event != .succeed {
            text += ". The plan stops here."
            if let rollback = step.spec?.rollback { text += " Its rollback (\(rollback.displayText)) needs approval to run." }
        }
        try store.transition(planID: plan.id, stepNumber: step.number, event, expected: .running, actor: actor, output: output,
                              timeline: text, at: clockNow)
        if !job.reportedOnly, job.builtin != nil, let name = step.spec?.action.builtin {
            endings.append(StepEnding(planID: plan.id, incidentID: plan.incidentID, fromSiteID: plan.fromSiteID,
                                      toSiteID: plan.toSiteID, builtin: name, succeeded: event == .succeed, at: clockNow))
        }
        if event == .succeed, job.builtin?.promotesTarget == true {
            try store.apply([.promoted(siteID: plan.toSiteID, formerPrimaryID: plan.fromSiteID,
                                       evidence: "step \(step.number): \(firstLine)", at: clockNow)])
        }
        if let original = Self.rolledBackStep(of: step), event == .succeed,
           let failed = steps.first(where: { $0.number == original }) {
            try store.transition(planID: plan.id, stepNumber: original, .rollBack, expected: failed.state, actor: actor,
                                  timeline: "Step \(original) rolled back by step \(step.number)", at: clockNow)
        } else if event != .succeed, Self.rolledBackStep(of: step) == nil, let rollback = step.spec?.rollback {
            try offerRollback(rollback, of: step, in: plan, number: (steps.map(\.number).max() ?? step.number) + 1, at: clockNow)
        }
    }

    /// Adds the failed step's rollback to the plan as a step of its own, which
    /// needs approval (as many approvers as the step it undoes, at least one).
    private func offerRollback(_ rollback: StepAction, of step: PlanStep, in plan: FailoverPlan, number: Int,
                               at now: EpochMillis) throws {
        try store.apply([.addStep(PlanStep(
            planID: plan.id, number: number, key: "rollback-of-\(step.number)", title: "Roll back step \(step.number): \(step.title)",
            action: rollback.displayText, requiresApproval: true, approversRequired: max(1, step.approversRequired),
            changesProduction: true, state: .awaitingApproval, updatedAt: now, spec: StepSpec(action: rollback),
            awaitingSince: now))])
    }

    /// Orphaned steps whose process group is gone: ended while no agent watched,
    /// their outcome unknown.
    private func watchOrphans(snapshot: CacheSnapshot, at now: EpochMillis) throws {
        for (key, leader) in orphans where !runner.isRunning(leader) {
            orphans[key] = nil
            guard let step = snapshot.steps.first(where: { Self.key($0) == key }), step.state == .running else { continue }
            try loseTrack(of: step, at: now, why: "ended (pid \(leader.group)) while no agent watched it")
        }
    }

    private func loseTrack(of step: PlanStep, at now: EpochMillis, why: String) throws {
        try store.transition(planID: step.planID, stepNumber: step.number, .loseTrack, expected: .running, actor: actor,
                              output: nil,
                              timeline: "Step \(step.number) (\(step.title)) \(why): its outcome is unknown. Verify it by hand; it will not run again on its own.",
                              at: now)
    }

    private func timeline(for planID: String, in snapshot: CacheSnapshot, _ text: String, at now: EpochMillis) -> [AgentEvent] {
        guard let incident = snapshot.plans.first(where: { $0.id == planID })?.incidentID else { return [] }
        return [.timeline(TimelineEvent(incidentID: incident, at: now, kind: .step, actor: actor, text: text))]
    }

    /// The step's output with the note that it still runs (once, however often the agent restarts).
    static func orphanNote(_ group: Int32, output: String) -> String {
        let note = "still running (pid \(group)), not re-run: an earlier agent started it"
        if output.hasSuffix(note) { return output }
        return output.isEmpty ? note : output + "\n" + note
    }

    /// True when `why` is not what `said` last held for `step` (and now
    /// holds it): each wait is said on the timeline once, not every tick.
    private static func isNews(_ why: String, for step: PlanStep, in said: inout [String: String]) -> Bool {
        guard said[key(step)] != why else { return false }
        said[key(step)] = why
        return true
    }

    private static func key(_ step: PlanStep) -> String {
        "\(step.planID)/\(step.number)"
    }

    /// The number of the step a rollback step undoes, or `nil` for an ordinary step.
    static func rolledBackStep(of step: PlanStep) -> Int? {
        step.key.hasPrefix("rollback-of-") ? Int(step.key.dropFirst("rollback-of-".count)) : nil
    }

    private static func endingNote(_ ending: CommandResult.Ending) -> String {
        switch ending {
        case .exited(0): ""
        case .exited(let code): "\n[exit status \(code)]"
        case .signalled(let signal): "\n[killed by signal \(signal)]"
        case .timedOut: "\n[timed out: process group sent SIGTERM, then SIGKILL]"
        case .failedToStart(let why): "[could not start: \(why)]"
        }
    }
}
