/// How long one service took to come back, against its tier's RTO: from the
/// incident's detection to restored health at the site that serves it.
public struct ServiceRecovery: Codable, Sendable, Hashable {
    public let serviceID: String
    public let serviceName: String
    public let tier: Int
    public let rtoSeconds: Double
    /// The site whose health counts: the failover's target, or the failed site itself.
    public let siteID: String
    public let detectedAt: EpochMillis
    /// `nil` while (or if) the service was never seen healthy there.
    public let restoredAt: EpochMillis?

    public init(serviceID: String, serviceName: String, tier: Int, rtoSeconds: Double, siteID: String,
                detectedAt: EpochMillis, restoredAt: EpochMillis?) {
        self.serviceID = serviceID
        self.serviceName = serviceName
        self.tier = tier
        self.rtoSeconds = rtoSeconds
        self.siteID = siteID
        self.detectedAt = detectedAt
        self.restoredAt = restoredAt
        recoverySeconds = restoredAt.map { $0.seconds(since: detectedAt) }
        metRTO = recoverySeconds.map { $0 <= rtoSeconds } ?? false
    }

    /// Detection to restored health; `nil` when not restored. Stored (and
    /// exported) beside the times it comes from, so other tools need no rules.
    public let recoverySeconds: Double?

    /// Within the RTO; a service never restored has not met it.
    public let metRTO: Bool

    /// The derived figures are worked out again, never taken from the file.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(serviceID: try c.decode(String.self, forKey: .serviceID), serviceName: try c.decode(String.self, forKey: .serviceName),
                  tier: try c.decode(Int.self, forKey: .tier), rtoSeconds: try c.decode(Double.self, forKey: .rtoSeconds),
                  siteID: try c.decode(String.self, forKey: .siteID), detectedAt: try c.decode(EpochMillis.self, forKey: .detectedAt),
                  restoredAt: try c.decodeIfPresent(EpochMillis.self, forKey: .restoredAt))
    }
}

/// The data at risk of one data type at the moment its standby was promoted,
/// against its RPO: what a failover then could lose.
public struct RecoveryPoint: Codable, Sendable, Hashable {
    public let linkID: String
    public let dataType: String
    public let siteID: String
    public let promotedAt: EpochMillis
    public let rpoSeconds: Double
    /// The last primary position seen minus the standby's, in time; `nil` when unknown.
    public let dataAtRiskSeconds: Double?
    public let dataAtRiskBytes: Int64?
    /// How long the source had been silent at promotion: writes in this window
    /// are unknown and never counted in the data at risk.
    public let unknownWindowSeconds: Double?

    public init(linkID: String, dataType: String, siteID: String, promotedAt: EpochMillis, rpoSeconds: Double,
                dataAtRiskSeconds: Double?, dataAtRiskBytes: Int64?, unknownWindowSeconds: Double?) {
        self.linkID = linkID
        self.dataType = dataType
        self.siteID = siteID
        self.promotedAt = promotedAt
        self.rpoSeconds = rpoSeconds
        self.dataAtRiskSeconds = dataAtRiskSeconds
        self.dataAtRiskBytes = dataAtRiskBytes
        self.unknownWindowSeconds = unknownWindowSeconds
        metRPO = dataAtRiskSeconds.map { !RecoveryObjectives.isOverRPO(dataAtRiskSeconds: $0, rpoSeconds: rpoSeconds) } ?? false
    }

    /// Within the RPO; an unknown data at risk has not met it.
    public let metRPO: Bool

    /// The judgement is made again, never taken from the file.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(linkID: try c.decode(String.self, forKey: .linkID), dataType: try c.decode(String.self, forKey: .dataType),
                  siteID: try c.decode(String.self, forKey: .siteID), promotedAt: try c.decode(EpochMillis.self, forKey: .promotedAt),
                  rpoSeconds: try c.decode(Double.self, forKey: .rpoSeconds),
                  dataAtRiskSeconds: try c.decodeIfPresent(Double.self, forKey: .dataAtRiskSeconds),
                  dataAtRiskBytes: try c.decodeIfPresent(Int64.self, forKey: .dataAtRiskBytes),
                  unknownWindowSeconds: try c.decodeIfPresent(Double.self, forKey: .unknownWindowSeconds))
    }
}

/// The RTO and RPO accounting of an incident: pure, so the store, drills and
/// exports judge the same facts the same way.
public enum RecoveryAccounting {
    /// When the failover ended: the last step's end, once every step of the plan
    /// ended well (succeeded or skipped); `nil` for a plan not (or not well) done.
    public static func completedAt(_ steps: [PlanStep], endedAt: (PlanStep) -> EpochMillis?) -> EpochMillis? {
        guard !steps.isEmpty, steps.allSatisfy({ $0.state == .succeeded || $0.state == .skipped }) else { return nil }
        return steps.compactMap(endedAt).max()
    }

    /// The first instant at or after `from` at which the health history says ok
    /// (the state at an instant is the last change at or before it).
    public static func healthyAt(from: EpochMillis, changes: [HealthChange]) -> EpochMillis? {
        let ordered = changes.sorted { $0.at < $1.at }
        if let current = ordered.last(where: { $0.at <= from }), current.state == .ok { return from }
        return ordered.first { $0.at > from && $0.state == .ok }?.at
    }

    /// Each affected service's recovery: a site incident affects every service,
    /// a service incident its own. Health counts at `siteID` (the failover's
    /// target, or the failed site when nothing failed over) from the later of
    /// detection and the failover's end.
    public static func serviceRecoveries(incident: Incident, services: [Service], siteID: String,
                                         failoverCompletedAt: EpochMillis?,
                                         health: (_ serviceID: String) throws -> [HealthChange]) rethrows -> [ServiceRecovery] {
        let affected = incident.siteID == nil ? services.filter { $0.id == incident.serviceID } : services
        let from = max(incident.openedAt, failoverCompletedAt ?? incident.openedAt)
        return try affected.map { service in
            ServiceRecovery(serviceID: service.id, serviceName: service.name, tier: service.tier,
                            rtoSeconds: service.rtoSeconds, siteID: siteID, detectedAt: incident.openedAt,
                            restoredAt: healthyAt(from: from, changes: try health(service.id)))
        }
    }

    /// A link's data at risk at the promotion of its standby.
    public static func recoveryPoint(of link: ReplicationLink, promotedAt: EpochMillis) -> RecoveryPoint {
        RecoveryPoint(linkID: link.id, dataType: link.dataType, siteID: link.targetSiteID, promotedAt: promotedAt,
                      rpoSeconds: link.rpoSeconds, dataAtRiskSeconds: link.dataAtRiskSeconds,
                      dataAtRiskBytes: link.dataAtRiskBytes,
                      unknownWindowSeconds: link.primarySeenAt.map { max(0, promotedAt.seconds(since: $0)) })
    }
}

/// Where a failover plan stands, as drills and reviews judge it.
public enum PlanOutcome: Equatable, Sendable {
    /// Some step may still move.
    case inProgress
    /// Every step ended well (succeeded or skipped); the last ended at `at`.
    case completed(at: EpochMillis)
    /// A step failed, timed out, was rejected or expired, and nothing runs:
    /// the plan stopped there (its rollback is an operator's call).
    case stopped(at: EpochMillis, stepNumber: Int)

    public init(_ steps: [PlanStep]) {
        if let completed = RecoveryAccounting.completedAt(steps, endedAt: \.endedAt) {
            self = .completed(at: completed)
            return
        }
        let broken: Set<StepState> = [.failed, .timedOut, .rejected, .expired]
        guard let first = steps.first(where: { broken.contains($0.state) }),
              !steps.contains(where: { $0.state == .running || $0.state == .approved }) else {
            self = .inProgress
            return
        }
        self = .stopped(at: steps.compactMap(\.endedAt).max() ?? first.updatedAt, stepNumber: first.number)
    }
}
