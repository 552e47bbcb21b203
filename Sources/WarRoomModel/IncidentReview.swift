/// Everything a post-incident review draft is made of (seed 004 §9), read
/// from the cache: the incident, its whole timeline, RTO and RPO achieved
/// against targets, the plans with their steps, and every approval.
public struct IncidentReview: Codable, Sendable, Hashable {
    /// A failover plan with its steps as they ended.
    public struct PlanRecord: Codable, Sendable, Hashable {
        public let plan: FailoverPlan
        public let steps: [PlanStep]

        public init(plan: FailoverPlan, steps: [PlanStep]) {
            self.plan = plan
            self.steps = steps
        }
    }

    public let incident: Incident
    /// The drill the incident was raised by, if any.
    public let drillID: String?
    /// The site the incident is about, by name.
    public let siteName: String?
    /// From the impact's start to the resolution (or to `generatedAt` while open).
    public let durationSeconds: Double
    public let generatedAt: EpochMillis
    /// As stored at the resolution; worked out at `generatedAt` while still open.
    public let services: [ServiceRecovery]
    public let dataTypes: [RecoveryPoint]
    public let timeline: [TimelineEvent]
    public let plans: [PlanRecord]
    public let approvals: [Approval]

    public init(incident: Incident, drillID: String?, siteName: String?, generatedAt: EpochMillis,
                services: [ServiceRecovery], dataTypes: [RecoveryPoint], timeline: [TimelineEvent],
                plans: [PlanRecord], approvals: [Approval]) {
        self.incident = incident
        self.drillID = drillID
        self.siteName = siteName
        self.generatedAt = generatedAt
        durationSeconds = max(0, (incident.resolvedAt ?? generatedAt).seconds(since: incident.impactStartedAt))
        self.services = services
        self.dataTypes = dataTypes
        self.timeline = timeline
        self.plans = plans
        self.approvals = approvals
    }
}
