/// A DR test scenario warroom can drill (seed 001 §5.2, seed 004's test scenarios).
public enum DrillScenario: String, Codable, Sendable, CaseIterable {
    case siteFailure = "site-failure"
    case networkPartition = "network-partition"
    case dataCorruption = "data-corruption"
    case failback
}

/// A drill started and not finished yet.
public struct RunningDrill: Sendable, Hashable {
    public let id: String
    public let scenario: String
    public let startedAt: EpochMillis

    public init(id: String, scenario: String, startedAt: EpochMillis) {
        self.id = id
        self.scenario = scenario
        self.startedAt = startedAt
    }
}

/// How one step of a drill went.
public struct DrillStep: Codable, Sendable, Hashable {
    /// How the output of a step only reported, not run, begins.
    public static let dryRunMark = "[dry run]"

    public let number: Int
    public let title: String
    public let state: StepState
    public let startedAt: EpochMillis?
    public let endedAt: EpochMillis?
    /// True when the step was only reported, not run (a dry run, or not `drill: safe`).
    public let dryRun: Bool

    public init(number: Int, title: String, state: StepState, startedAt: EpochMillis?, endedAt: EpochMillis?,
                dryRun: Bool = false) {
        self.number = number
        self.title = title
        self.state = state
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.dryRun = dryRun
        durationSeconds = startedAt.flatMap { start in endedAt.map { $0.seconds(since: start) } }
    }

    public let durationSeconds: Double?

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(number: try c.decode(Int.self, forKey: .number), title: try c.decode(String.self, forKey: .title),
                  state: try c.decode(StepState.self, forKey: .state),
                  startedAt: try c.decodeIfPresent(EpochMillis.self, forKey: .startedAt),
                  endedAt: try c.decodeIfPresent(EpochMillis.self, forKey: .endedAt),
                  dryRun: try c.decodeIfPresent(Bool.self, forKey: .dryRun) ?? false)
    }
}

/// Who decided a step of a drill, and how long the step waited for it.
public struct DrillApproval: Codable, Sendable, Hashable {
    public let stepNumber: Int
    public let operatorName: String
    public let decision: ApprovalDecision
    public let decidedAt: EpochMillis
    /// From the step's first wait for approval to this decision.
    public let waitedSeconds: Double?

    public init(stepNumber: Int, operatorName: String, decision: ApprovalDecision, decidedAt: EpochMillis,
                waitedSeconds: Double?) {
        self.stepNumber = stepNumber
        self.operatorName = operatorName
        self.decision = decision
        self.decidedAt = decidedAt
        self.waitedSeconds = waitedSeconds
    }
}

/// What a finished drill proved: the test history keeps one per drill.
public struct DrillResult: Codable, Sendable, Hashable, Identifiable {
    /// e.g. `DRILL-0001`.
    public let id: String
    public let scenario: DrillScenario
    /// `demo` (the simulator) or the configuration file drilled against.
    public let target: String
    public let dryRun: Bool
    public let incidentID: String
    public let planID: String?
    public let startedAt: EpochMillis
    public let endedAt: EpochMillis
    public let detectedAt: EpochMillis
    /// Detection to the failover plan's last step ending well; `nil` when it did not.
    public let failoverSeconds: Double?
    public let services: [ServiceRecovery]
    public let dataTypes: [RecoveryPoint]
    public let steps: [DrillStep]
    public let approvals: [DrillApproval]

    public init(id: String, scenario: DrillScenario, target: String, dryRun: Bool, incidentID: String,
                planID: String?, startedAt: EpochMillis, endedAt: EpochMillis, detectedAt: EpochMillis,
                failoverSeconds: Double?, services: [ServiceRecovery], dataTypes: [RecoveryPoint],
                steps: [DrillStep], approvals: [DrillApproval]) {
        self.id = id
        self.scenario = scenario
        self.target = target
        self.dryRun = dryRun
        self.incidentID = incidentID
        self.planID = planID
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.detectedAt = detectedAt
        self.failoverSeconds = failoverSeconds
        self.services = services
        self.dataTypes = dataTypes
        self.steps = steps
        self.approvals = approvals
        rtoMet = services.filter(\.metRTO).count
        rpoMet = dataTypes.filter(\.metRPO).count
        succeeded = failoverSeconds != nil && rtoMet == services.count && rpoMet == dataTypes.count
    }

    /// Services within their RTO, data types within their RPO.
    public let rtoMet: Int
    public let rpoMet: Int
    /// The failover finished, every service within its RTO and every data type within its RPO.
    public let succeeded: Bool

    /// The counts and the verdict are worked out again, never taken from the file.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(String.self, forKey: .id), scenario: try c.decode(DrillScenario.self, forKey: .scenario),
                  target: try c.decode(String.self, forKey: .target), dryRun: try c.decode(Bool.self, forKey: .dryRun),
                  incidentID: try c.decode(String.self, forKey: .incidentID),
                  planID: try c.decodeIfPresent(String.self, forKey: .planID),
                  startedAt: try c.decode(EpochMillis.self, forKey: .startedAt),
                  endedAt: try c.decode(EpochMillis.self, forKey: .endedAt),
                  detectedAt: try c.decode(EpochMillis.self, forKey: .detectedAt),
                  failoverSeconds: try c.decodeIfPresent(Double.self, forKey: .failoverSeconds),
                  services: try c.decode([ServiceRecovery].self, forKey: .services),
                  dataTypes: try c.decode([RecoveryPoint].self, forKey: .dataTypes),
                  steps: try c.decode([DrillStep].self, forKey: .steps),
                  approvals: try c.decode([DrillApproval].self, forKey: .approvals))
    }
}

/// Compliance over a period, as seed 001 §5.4 aggregates test results.
public struct DrillSummary: Codable, Sendable, Hashable {
    public let since: EpochMillis?
    public let drills: Int
    public let succeeded: Int
    /// Share of drills that succeeded; `nil` with no drills.
    public let successRate: Double?
    /// Mean failover time of the drills whose failover finished.
    public let meanRecoverySeconds: Double?
    /// Services within RTO over services measured, across every drill.
    public let rtoComplianceRate: Double?
    /// Data types within RPO over data types measured, across every drill.
    public let rpoComplianceRate: Double?

    public init(results: [DrillResult], since: EpochMillis?) {
        self.since = since
        drills = results.count
        succeeded = results.filter(\.succeeded).count
        successRate = Self.rate(succeeded, of: drills)
        let times = results.compactMap(\.failoverSeconds)
        meanRecoverySeconds = times.isEmpty ? nil : times.reduce(0, +) / Double(times.count)
        rtoComplianceRate = Self.rate(results.map(\.rtoMet).reduce(0, +), of: results.map(\.services.count).reduce(0, +))
        rpoComplianceRate = Self.rate(results.map(\.rpoMet).reduce(0, +), of: results.map(\.dataTypes.count).reduce(0, +))
    }

    private static func rate(_ count: Int, of total: Int) -> Double? {
        total == 0 ? nil : Double(count) / Double(total)
    }
}

/// A drill's result in words, for the timeline and the terminal.
public enum DrillResultText {
    public static func summary(_ result: DrillResult) -> String {
        var failover = "failover in \(result.failoverSeconds.map { Format.seconds($0.rounded()) } ?? "?")"
        if result.failoverSeconds == nil {
            let stopped = result.steps.first { [.failed, .timedOut, .rejected, .expired].contains($0.state) }
            failover = stopped.map { "failover stopped at step \($0.number) (\($0.state.rawValue))" } ?? "failover not finished"
        }
        return "Drill \(result.id) \(result.succeeded ? "passed" : "failed"): \(failover); "
            + "RTO met \(result.rtoMet)/\(result.services.count); RPO met \(result.rpoMet)/\(result.dataTypes.count); incident resolved"
    }
}
