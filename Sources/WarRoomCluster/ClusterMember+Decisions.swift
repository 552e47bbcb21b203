import Foundation
import WarRoomModel

extension ClusterMember {
    /// The decisions on one step, in the order the cluster committed them.
    func decisions(planID: String, stepNumber: Int) async -> Result<[SharedDecision], ActionRefusal> {
        await readLedger(prefix: settings.decisionsPrefix(planID: planID, stepNumber: stepNumber)).map(\.decisions)
    }

    /// The changes to one incident, in the order the cluster committed them.
    func changes(incidentID: String) async -> Result<[SharedIncidentChange], ActionRefusal> {
        await readLedger(prefix: settings.changesPrefix(incidentID: incidentID)).map(\.changes)
    }

    /// Every decision and change the cluster holds, in one read.
    func ledger() async -> Result<SharedLedger, ActionRefusal> {
        await readLedger(prefix: settings.decisionsPrefix)
    }

    private func readLedger(prefix: String) async -> Result<SharedLedger, ActionRefusal> {
        do {
            let decoded = decode(ledger: try await store.read(prefix: prefix).keys)
            if let problem = decoded.problems.first { return .failure(ActionRefusal(problem)) }
            return .success(decoded.ledger)
        } catch {
            return .failure(ActionRefusal("the cluster did not answer: \(error)"))
        }
    }

    /// Creates `value` at `key` if nothing is there yet (it carries no
    /// revision: the store's is read back with it).
    func create<Value: Encodable>(_ value: Value, at key: String) async -> SharedDecisionWrite {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let bytes = try? encoder.encode(value) else { return .unconfirmed("it could not be written down") }
        do {
            switch try await store.create(key, value: Array(bytes), lease: nil) {
            case .created(let revision): return .recorded(revision: revision)
            case .exists: return .taken
            }
        } catch {
            return .unconfirmed("\(error)")
        }
    }

    func record(_ decision: SharedDecision) async -> SharedDecisionWrite {
        var written = decision
        written.approval.revision = nil
        return await create(written, at: settings.decisionKey(planID: decision.approval.planID, stepNumber: decision.approval.stepNumber,
                                                              number: decision.number))
    }

    func record(_ change: SharedIncidentChange) async -> SharedDecisionWrite {
        var written = change
        written.revision = nil
        return await create(written, at: settings.changeKey(incidentID: change.incidentID, number: change.number))
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

    /// The decisions (`PLAN/STEP/N`) and changes (`INC/N`) among `keys`, each
    /// with the revision that created it, in that order; a key that is
    /// neither is a problem naming it.
    func decode(ledger keys: [ClusterKeyValue]) -> (ledger: SharedLedger, problems: [String]) {
        var ledger = SharedLedger()
        var problems: [String] = []
        let decoder = JSONDecoder()
        for kv in keys where kv.key.hasPrefix(settings.decisionsPrefix) {
            let parts = kv.key.dropFirst(settings.decisionsPrefix.count).split(separator: "/").count
            if parts == 3, var decision = try? decoder.decode(SharedDecision.self, from: Data(kv.value)) {
                decision.approval.revision = kv.createRevision
                ledger.decisions.append(decision)
            } else if parts == 2, var change = try? decoder.decode(SharedIncidentChange.self, from: Data(kv.value)) {
                change.revision = kv.createRevision
                ledger.changes.append(change)
            } else {
                problems.append("\(kv.key) is not a decision or change this warroom can read (\(kv.value.count) bytes)")
            }
        }
        ledger.decisions.sort { ($0.approval.revision ?? 0) < ($1.approval.revision ?? 0) }
        ledger.changes.sort { ($0.revision ?? 0) < ($1.revision ?? 0) }
        return (ledger, problems)
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

    public func changes(incidentID: String) -> Result<[SharedIncidentChange], ActionRefusal> {
        let member = member
        return ClusterAnswer.wait(waitSeconds, otherwise: .failure(ActionRefusal(noAnswer))) { await member.changes(incidentID: incidentID) }
    }

    public func record(_ change: SharedIncidentChange) -> SharedDecisionWrite {
        let member = member
        return ClusterAnswer.wait(waitSeconds, otherwise: .unconfirmed(noAnswer)) { await member.record(change) }
    }

    public func all() -> Result<SharedLedger, ActionRefusal> {
        let member = member
        return ClusterAnswer.wait(waitSeconds, otherwise: .failure(ActionRefusal(noAnswer))) { await member.ledger() }
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
