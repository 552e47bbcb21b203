import Foundation

/// What an approver sees before deciding, and what the executor checks again
/// right before running: the target's health and capacity, and for each data
/// type the data at risk on the way to the target — what a failover now would
/// lose of what was seen — with the source's unknown window beside it.
public struct PreflightFacts: Codable, Sendable, Equatable {
    public struct Lag: Codable, Sendable, Equatable {
        public var dataType: String
        /// The last source position seen minus the target's; `nil` when unknown.
        public var dataAtRiskSeconds: Double?
        /// Seconds since the source last answered (writes nobody saw); `nil` when never.
        public var unknownWindowSeconds: Double?
        public var rpoSeconds: Double
        public var linkState: LinkState
        public var rpoStatus: RPOStatus
    }

    public var targetSiteID: String
    public var targetHealth: HealthState
    public var targetCapacityPercent: Double
    /// The load the target would carry: its own plus the source's.
    public var loadAfterFailoverPercent: Double
    public var lags: [Lag]
    public var runbookHash: String

    /// Sorted-key JSON: the same facts are always the same text (stored with the approval).
    public var canonicalJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// The facts and, in words, every check of the step that does not hold, and
/// what the approver should know without it failing the step.
public struct PreflightResult: Sendable, Equatable {
    public var facts: PreflightFacts
    public var failures: [String]
    /// e.g. the source's unknown window: said, never counted as a failure.
    public var warnings: [String] = []
    public var holds: Bool { failures.isEmpty }
}

public enum Preflight {
    /// Evaluates `step`'s pre-flight for `plan` against `snapshot` at `wallNow`.
    /// Stale data holds nothing: every check fails while the agent is stale.
    public static func evaluate(plan: FailoverPlan, step: PlanStep, snapshot: CacheSnapshot, wallNow: EpochMillis,
                                policy: FreshnessPolicy = FreshnessPolicy()) -> PreflightResult {
        evaluate(from: plan.fromSiteID, to: plan.toSiteID, runbookHash: plan.runbookHash, checks: step.spec?.preflight,
                 snapshot: snapshot, wallNow: wallNow, policy: policy)
    }

    /// The same for a failover from `sourceID` to `targetID` with `checks`
    /// (none: the facts and warnings only) — a plan's step, or a configured
    /// failover's readiness before anything has failed.
    public static func evaluate(from sourceID: String, to targetID: String, runbookHash: String, checks: PreflightChecks?,
                                snapshot: CacheSnapshot, wallNow: EpochMillis,
                                policy: FreshnessPolicy = FreshnessPolicy()) -> PreflightResult {
        let target = snapshot.site(targetID)
        let source = snapshot.site(sourceID)
        let targetName = target?.name ?? targetID
        let (health, otherProblems) = policy.targetHealth(targetID, in: snapshot, wallNow: wallNow)
        let load = (target?.loadPercent ?? 0) + (source?.loadPercent ?? 0)
        let agentNow = AgentHeartbeat.agentNow(snapshot.heartbeat, wallNow: wallNow)
        let links = snapshot.links.filter { $0.sourceSiteID == sourceID && $0.targetSiteID == targetID }
        let lags = links.map { link in
            PreflightFacts.Lag(dataType: link.dataType, dataAtRiskSeconds: link.dataAtRiskSeconds,
                               unknownWindowSeconds: link.unknownWindowSeconds(agentNow: agentNow),
                               rpoSeconds: link.rpoSeconds, linkState: link.state,
                               rpoStatus: policy.rpoStatus(of: link, heartbeat: snapshot.heartbeat, wallNow: wallNow))
        }
        let facts = PreflightFacts(targetSiteID: targetID, targetHealth: health,
                                   targetCapacityPercent: target?.capacityPercent ?? 0, loadAfterFailoverPercent: load,
                                   lags: lags, runbookHash: runbookHash)
        var warnings: [String] = otherProblems.map { problem in
            "\(targetName): \(problem.service) is \(problem.state.rawValue) (not a critical service: it holds nothing back)"
        }
        let silent = links.filter { $0.isSourceSilent }
        if !silent.isEmpty {
            let window = silent.compactMap { $0.unknownWindowSeconds(agentNow: agentNow) }.max()
            warnings.append(RecoveryObjectives.silenceText(source: source?.name ?? sourceID, windowSeconds: window))
        }
        guard let checks else { return PreflightResult(facts: facts, failures: [], warnings: warnings) }
        var failures: [String] = []
        if policy.isAgentStale(snapshot.heartbeat, wallNow: wallNow) && !checks.isEmpty {
            failures.append("the agent is not reporting: nothing can be checked")
        }
        if checks.targetHealthy && health != .ok {
            failures.append("\(targetName)'s critical services are \(health.rawValue), not ok")
        }
        if checks.targetCapacity, let target, load > target.capacityPercent {
            failures.append("\(targetName) can carry \(Format.fixed(target.capacityPercent, 0)) % of the load but would take \(Format.fixed(load, 0)) %")
        }
        for dataType in checks.replicationWithinRPO {
            guard let lag = lags.first(where: { $0.dataType == dataType }) else {
                failures.append("no replication of \(dataType) to \(targetName) is watched")
                continue
            }
            guard let seconds = lag.dataAtRiskSeconds else {
                failures.append("\(targetName) replication for \(dataType): data at risk unknown; RPO \(Format.seconds(lag.rpoSeconds))")
                continue
            }
            if RecoveryObjectives.isOverRPO(dataAtRiskSeconds: seconds, rpoSeconds: lag.rpoSeconds) {
                failures.append("\(targetName) replication for \(dataType) is \(Format.seconds(seconds)) behind; RPO \(Format.seconds(lag.rpoSeconds))")
            }
        }
        return PreflightResult(facts: facts, failures: failures, warnings: warnings)
    }
}
