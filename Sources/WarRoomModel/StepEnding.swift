/// A built-in step that really ran and ended, as the world it acts on hears
/// of it: the simulator fences, promotes and restores only when a plan's
/// step did so (a step only reported in a drill's dry run is never heard).
public struct StepEnding: Sendable, Equatable {
    public let planID: String
    public let incidentID: String?
    public let fromSiteID: String
    public let toSiteID: String
    /// The built-in action's name (`fence-site`, `restore-pitr`, …).
    public let builtin: String
    public let succeeded: Bool
    public let at: EpochMillis

    public init(planID: String, incidentID: String?, fromSiteID: String, toSiteID: String, builtin: String,
                succeeded: Bool, at: EpochMillis) {
        self.planID = planID
        self.incidentID = incidentID
        self.fromSiteID = fromSiteID
        self.toSiteID = toSiteID
        self.builtin = builtin
        self.succeeded = succeeded
        self.at = at
    }
}
