import Foundation
import WarRoomModel

extension ClusterMember {
    /// The decisions on one step, in the order the cluster committed them.
    func decisions(planID: String, stepNumber: Int) async -> Result<[SharedDecision], ActionRefusal> {
        await readDecisions(prefix: settings.decisionsPrefix(planID: planID, stepNumber: stepNumber))
    }

    /// Every decision the cluster holds, in the order it committed them.
    func allDecisions() async -> Result<[SharedDecision], ActionRefusal> {
        await readDecisions(prefix: settings.decisionsPrefix)
    }

    private func readDecisions(prefix: String) async -> Result<[SharedDecision], ActionRefusal> {
        do {
            let decoded = decode(decisions: try await store.read(prefix: prefix).keys)
            if let problem = decoded.problems.first { return .failure(ActionRefusal(problem)) }
            return .success(decoded.decisions)
        } catch {
            return .failure(ActionRefusal("the cluster did not answer: \(error)"))
        }
    }

    /// Creates `decision` under its number, if that number is free.
    func record(_ decision: SharedDecision) async -> SharedDecisionWrite {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var written = decision
        written.approval.revision = nil
        guard let value = try? encoder.encode(written) else { return .unconfirmed("the decision could not be written down") }
        let key = settings.decisionKey(planID: decision.approval.planID, stepNumber: decision.approval.stepNumber,
                                       number: decision.number)
        do {
            switch try await store.create(key, value: Array(value), lease: nil) {
            case .created(let revision): return .recorded(revision: revision)
            case .exists: return .taken
            }
        } catch {
            return .unconfirmed("\(error)")
        }
    }

    /// The consoles other sites' agents published among `keys`; a key that
    /// is not a list of consoles is a problem naming it.
    func decode(consoles keys: [ClusterKeyValue]) -> (consoles: [ConsolePresence], problems: [String]) {
        var consoles: [ConsolePresence] = []
        var problems: [String] = []
        for kv in keys where kv.key.hasPrefix(settings.presencePrefix) && kv.key != settings.presenceKey(site: status.siteID) {
            guard let listed = try? JSONDecoder().decode([ConsolePresence].self, from: Data(kv.value)) else {
                problems.append("\(kv.key) is not a list of consoles this warroom can read (\(kv.value.count) bytes)")
                continue
            }
            consoles += listed
        }
        return (consoles, problems)
    }

    /// The decisions among `keys`, each with the revision that created it, in
    /// that order; a key that is not a decision is a problem naming it.
    func decode(decisions keys: [ClusterKeyValue]) -> (decisions: [SharedDecision], problems: [String]) {
        var decisions: [SharedDecision] = []
        var problems: [String] = []
        let decoder = JSONDecoder()
        for kv in keys where kv.key.hasPrefix(settings.decisionsPrefix) {
            guard var decision = try? decoder.decode(SharedDecision.self, from: Data(kv.value)) else {
                problems.append("\(kv.key) is not a decision this warroom can read (\(kv.value.count) bytes)")
                continue
            }
            decision.approval.revision = kv.createRevision
            decisions.append(decision)
        }
        return (decisions.sorted { ($0.approval.revision ?? 0) < ($1.approval.revision ?? 0) }, problems)
    }
}

/// The cluster's decisions through this agent's member, for the operator
/// socket, whose threads wait for each answer at most the store's deadline
/// and a second.
public final class ClusterDecisions: SharedDecisions, @unchecked Sendable {
    public let siteID: String
    private let member: ClusterMember
    private let waitSeconds: Double

    public init(member: ClusterMember, siteID: String, waitSeconds: Double) {
        self.member = member
        self.siteID = siteID
        self.waitSeconds = waitSeconds
    }

    public func decisions(planID: String, stepNumber: Int) -> Result<[SharedDecision], ActionRefusal> {
        let member = member
        return ClusterAnswer.wait(waitSeconds, otherwise: .failure(ActionRefusal(noAnswer))) {
            await member.decisions(planID: planID, stepNumber: stepNumber)
        }
    }

    public func record(_ decision: SharedDecision) -> SharedDecisionWrite {
        let member = member
        return ClusterAnswer.wait(waitSeconds, otherwise: .unconfirmed(noAnswer)) { await member.record(decision) }
    }

    public func all() -> Result<[SharedDecision], ActionRefusal> {
        let member = member
        return ClusterAnswer.wait(waitSeconds, otherwise: .failure(ActionRefusal(noAnswer))) { await member.allDecisions() }
    }

    private var noAnswer: String { "no answer from the cluster within \(Format.seconds(waitSeconds + 1))" }
}

/// Waits on a plain thread for what an agent's cluster member answers.
enum ClusterAnswer {
    private final class Box<T>: @unchecked Sendable {
        var value: T
        init(_ value: T) { self.value = value }
    }

    /// What `work` answers within `seconds` and a second, or `fallback`.
    static func wait<T: Sendable>(_ seconds: Double, otherwise fallback: T, _ work: @escaping @Sendable () async -> T) -> T {
        let box = Box<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            box.value = await work()
            done.signal()
        }
        guard done.wait(timeout: .now() + seconds + 1) == .success, let value = box.value else { return fallback }
        return value
    }
}
