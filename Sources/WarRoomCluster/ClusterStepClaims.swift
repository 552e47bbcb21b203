import Foundation
import WarRoomModel

/// What a claim's key holds: who claimed the step, under which lease, when.
struct StepClaimRecord: Codable {
    var site: String
    var lease: Int64
    var at: EpochMillis
}

extension ClusterMember {
    /// Claims a step for this site's agent: the claim's key created if absent
    /// (compare create revision with 0), with no lease, so a step claimed is
    /// claimed for good. A claim this site made before (its agent restarted
    /// between claiming and starting, or a claim whose answer came late) is
    /// still this site's: the cache, not the claim, says whether it started.
    func claim(planID: String, stepNumber: Int, at now: EpochMillis) async -> StepClaim {
        guard status.decides, let lease else {
            return .unavailable("this site's agent does not decide now")
        }
        let record = StepClaimRecord(site: status.siteID, lease: lease, at: now)
        guard let value = try? JSONEncoder().encode(record) else { return .unavailable("the claim could not be written down") }
        do {
            switch try await store.create(settings.claimKey(planID: planID, stepNumber: stepNumber), value: Array(value), lease: nil) {
            case .created(let revision):
                return .claimed(revision: revision)
            case .exists(let holder?):
                let site = (try? JSONDecoder().decode(StepClaimRecord.self, from: Data(holder.value)))?.site
                    ?? "an unknown site (\(holder.value.count) bytes that are not a claim)"
                return site == status.siteID ? .claimed(revision: holder.createRevision)
                    : .claimedBefore(by: site, revision: holder.createRevision)
            case .exists(nil):
                return .unavailable("the step's claim exists but could not be read")
            }
        } catch {
            return .unavailable("\(error)")
        }
    }
}

/// Claims through this agent's cluster member, for the step executor, which
/// runs on the agent loop's thread: it waits for the answer, at most the
/// store's deadline and a second.
public final class ClusterStepClaims: StepClaims, @unchecked Sendable {
    private let member: ClusterMember
    private let waitSeconds: Double
    private let now: @Sendable () -> EpochMillis
    public let decisions: any SharedDecisions

    public init(member: ClusterMember, decisions: any SharedDecisions, waitSeconds: Double, now: @escaping @Sendable () -> EpochMillis) {
        self.member = member
        self.decisions = decisions
        self.waitSeconds = waitSeconds
        self.now = now
    }

    public func claim(planID: String, stepNumber: Int) -> StepClaim {
        let (member, at) = (member, now())
        // A claim answered after this gives up is this site's all the same, and found again next time.
        return ClusterAnswer.wait(waitSeconds, otherwise: .unavailable("no answer from the cluster within \(Format.seconds(waitSeconds + 1))")) {
            await member.claim(planID: planID, stepNumber: stepNumber, at: at)
        }
    }
}
