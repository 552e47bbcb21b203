import Foundation
import WarRoomModel

/// What one cluster round found.
public struct ClusterRound: Sendable {
    public var status: ClusterStatus
    /// The decider's incident records this agent had not mirrored yet, for its cache.
    public var mirrored: [SharedIncident] = []
    /// Incidents whose records this agent had read and that are gone now (pruned).
    public var gone: [String] = []
    /// Every decision on a step and change to an incident the cluster holds, in commit order.
    public var ledger = SharedLedger()
    /// The consoles other sites' agents hear from; `nil` when this round read nothing.
    public var consoles: [ConsolePresence]?
    /// The incident records this agent could not read or write, in words
    /// naming them, when that changed this round (empty: all well again);
    /// `nil` when there is nothing new to say.
    public var recordProblems: [String]?

    public init(status: ClusterStatus, mirrored: [SharedIncident] = [], recordProblems: [String]? = nil) {
        self.status = status
        self.mirrored = mirrored
        self.recordProblems = recordProblems
    }
}

extension ClusterMember {
    /// The incident records of a read that changed since this agent last
    /// mirrored or recorded them: those another site's agent keeps, to
    /// mirror; this site's own are its cache's already (its cache is ahead of
    /// anything it recorded).
    /// A record that cannot be read is said for as long as it stays so.
    func takeIn(_ records: [ClusterKeyValue])
        -> (mirrored: [SharedIncident], gone: [String], changed: Set<String>, problems: [String]) {
        var mirrored: [SharedIncident] = []
        var changed: Set<String> = []
        let present = Set(records.map(\.key))
        unreadableRecords = unreadableRecords.filter { present.contains($0.key) }
        let gone = recordRevisions.keys.filter { !present.contains($0) }.sorted()
        for key in gone { recordRevisions[key] = nil }
        for kv in records where recordRevisions[kv.key] != kv.modRevision {
            recordRevisions[kv.key] = kv.modRevision
            changed.insert(kv.key)
            do {
                let record = try JSONDecoder().decode(SharedIncident.self, from: Data(kv.value))
                unreadableRecords[kv.key] = nil
                if record.keptAt != status.siteID { mirrored.append(record) }
            } catch {
                unreadableRecords[kv.key] = "\(kv.key) is not an incident record this warroom can read (\(kv.value.count) bytes): \(error)"
            }
        }
        return (mirrored, gone.map { String($0.dropFirst(settings.incidentsPrefix.count)) }, changed,
                unreadableRecords.keys.sorted().compactMap { unreadableRecords[$0] })
    }

    /// Records this site's own incidents that differ from what the store
    /// holds, each by compare-and-set on the revision this agent last saw
    /// of it: a record somebody else changed since is left for the next
    /// round, which mirrors it first. A record kept elsewhere that changed in
    /// this very read is not overwritten from a cache that has not mirrored it yet.
    /// First it deletes the records (and their plans' decisions) of incidents resolved longer ago than
    /// ``SharedIncident/keptAfterResolutionSeconds`` (this decider's clock).
    func record(_ own: @Sendable (Set<String>, String) throws -> [SharedIncident], against records: [ClusterKeyValue],
                readNow changed: Set<String>, at now: EpochMillis) async throws(ClusterFailure) -> [String] {
        let held = Dictionary(records.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let decoder = JSONDecoder()
        var open: Set<String> = []
        var keptElsewhere: Set<String> = []
        for kv in records {
            guard let record = try? decoder.decode(SharedIncident.self, from: Data(kv.value)) else { continue }
            if record.incident.status.isOpen { open.insert(record.incident.id) }
            if record.keptAt != status.siteID { keptElsewhere.insert(kv.key) }
            if let resolvedAt = record.incident.resolvedAt, !record.incident.status.isOpen,
               now.seconds(since: resolvedAt) > SharedIncident.keptAfterResolutionSeconds {
                for plan in record.plans { try await store.deleteAll(prefix: settings.decisionsPrefix + plan.plan.id + "/") }
                try await store.deleteAll(prefix: settings.changesPrefix(incidentID: record.incident.id))
                try await store.delete(kv.key)
                recordRevisions[kv.key] = nil
            }
        }
        let mine: [SharedIncident]
        do {
            mine = try own(open, status.siteID)
        } catch {
            return ["this site's incidents could not be read from its cache to record them: \(error)"]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for record in mine {
            let key = settings.incidentKey(record.incident.id)
            guard let value = try? Array(encoder.encode(record)) else { continue }
            let existing = held[key]
            if existing?.value == value || (changed.contains(key) && keptElsewhere.contains(key)) { continue }
            if let revision = try await store.replace(key, value: value, ifModRevision: existing?.modRevision ?? 0) {
                recordRevisions[key] = revision
            }
        }
        return []
    }
}
