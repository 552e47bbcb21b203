/// Where a cluster's decider claims a step before it runs it: a claim is
/// made once and never again, so no step runs twice, whichever site's agent
/// decides when. An agent alone claims nothing.
public protocol StepClaims: Sendable {
    /// Claims step `stepNumber` of `planID` for this site's agent, within a
    /// deadline; blocks until the cluster answered or the deadline passed.
    func claim(planID: String, stepNumber: Int) -> StepClaim
    /// Where the decider records that a step's wait ran out: among the
    /// operators' decisions on the step, so that an approval taken at another
    /// site at that moment and the expiry make one change, not two.
    var decisions: any SharedDecisions { get }
}

/// What a claim came to.
public enum StepClaim: Sendable, Equatable {
    /// This site's agent holds the claim (made now, or by it earlier without
    /// having started the step): at this revision of the cluster's store.
    case claimed(revision: Int64)
    /// Another site's agent claimed it first: it may have run there.
    case claimedBefore(by: String, revision: Int64)
    /// No answer (no quorum, a refusal): nothing is started; asked again later.
    case unavailable(String)
}
