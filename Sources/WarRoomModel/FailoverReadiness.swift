/// A failover the configuration prepares — a site, where it fails over to,
/// and the runbook that does it — as the agent wrote it to the cache, with
/// what it found about the runbook and its approvers when it loaded them.
public struct ConfiguredFailover: Codable, Sendable, Hashable {
    public var fromSiteID: String
    public var toSiteID: String
    public var runbookName: String
    public var runbookHash: String
    /// Why the runbook does not validate now; `nil` when it does.
    public var runbookProblem: String?
    /// The most distinct approvers any step needs (0: nothing needs approval).
    public var approversRequired: Int
    /// People the approver policy names who exist on the agent's host (its
    /// users, and the members of its groups); `nil` when it names nobody and
    /// every local user may approve.
    public var approversOnRecord: Int?

    public init(fromSiteID: String, toSiteID: String, runbookName: String, runbookHash: String, runbookProblem: String? = nil,
                approversRequired: Int, approversOnRecord: Int?) {
        self.fromSiteID = fromSiteID
        self.toSiteID = toSiteID
        self.runbookName = runbookName
        self.runbookHash = runbookHash
        self.runbookProblem = runbookProblem
        self.approversRequired = approversRequired
        self.approversOnRecord = approversOnRecord
    }
}

/// Whether a configured failover could go ahead if its site failed now:
/// every pre-flight fact a plan's steps could ask for (target healthy, the
/// load it would take, each data type's data at risk against its RPO), the
/// runbook, and enough approvers on record. Judged live from the cache, in
/// calm weather, so a failover that could not go ahead is known before it is needed.
public struct FailoverReadiness: Sendable, Equatable {
    public var failover: ConfiguredFailover
    public var facts: PreflightFacts
    /// Each reason it could not go ahead now, in words; empty when ready.
    public var failures: [String]
    public var warnings: [String]
    public var isReady: Bool { failures.isEmpty }

    public static func evaluate(_ failover: ConfiguredFailover, snapshot: CacheSnapshot, wallNow: EpochMillis,
                                policy: FreshnessPolicy = FreshnessPolicy()) -> FailoverReadiness {
        let dataTypes = snapshot.links.filter { $0.sourceSiteID == failover.fromSiteID && $0.targetSiteID == failover.toSiteID }
            .map(\.dataType)
        let every = PreflightChecks(targetHealthy: true, targetCapacity: true, replicationWithinRPO: dataTypes)
        let result = Preflight.evaluate(from: failover.fromSiteID, to: failover.toSiteID, runbookHash: failover.runbookHash,
                                        checks: every, snapshot: snapshot, wallNow: wallNow, policy: policy)
        var failures = result.failures
        if let problem = failover.runbookProblem { failures.append("the runbook \(failover.runbookName) does not validate: \(problem)") }
        if let onRecord = failover.approversOnRecord, onRecord < failover.approversRequired {
            failures.append("a step needs \(failover.approversRequired) approvers; the policy names \(onRecord) on this host")
        }
        return FailoverReadiness(failover: failover, facts: result.facts, failures: failures, warnings: result.warnings)
    }

    /// `if New York failed now: London would take 73 % load of 80 %, orders 0 s
    /// at risk (RPO 5 s); the runbook validates; approvers: 2 needed, 3 on record`.
    public func summary(siteName: (String) -> String) -> String {
        let target = siteName(failover.toSiteID)
        var parts = ["\(target) would take \(Format.fixed(facts.loadAfterFailoverPercent, 0)) % load of "
                     + "\(Format.fixed(facts.targetCapacityPercent, 0)) %"]
        if facts.targetHealth != .ok { parts[0] += " (\(target) is \(facts.targetHealth.rawValue))" }
        parts += facts.lags.map { lag in
            "\(lag.dataType) \(lag.dataAtRiskSeconds.map(Format.seconds) ?? "unknown") at risk (RPO \(Format.seconds(lag.rpoSeconds)))"
        }
        var text = "if \(siteName(failover.fromSiteID)) failed now: " + parts.joined(separator: ", ")
        text += failover.runbookProblem == nil ? "; the runbook validates" : "; the runbook does not validate"
        if failover.approversRequired > 0 {
            text += "; approvers: \(failover.approversRequired) needed, "
                + (failover.approversOnRecord.map { "\($0) on record" } ?? "any local user (the policy names nobody)")
        }
        return text
    }
}
