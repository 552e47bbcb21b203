import GRDB
import WarRoomModel

/// The samples a reader read last for the sparklines on view — each link's
/// lag, each site's check latencies — so the next read asks only for samples
/// newer than the newest it holds, and only of series measured since. A
/// screen of sixty links with sparklines as wide as the terminal shows nine
/// thousand samples; an agent's round adds one per series it measured.
///
/// A sample is written in the same transaction as its link's or check's
/// latest measurement, so a series whose row was measured no later than the
/// newest sample held has nothing newer. A series is read whole again when a
/// wider sparkline asks for more than it holds; series off view are kept up
/// to a bound (``SeriesMemory``), so memory follows the fleet, not the cache.
struct SparklineMemory {
    private var atRisk = SeriesMemory<AtRiskSample>()
    private var latency = SeriesMemory<LatencySample>()
    /// Each site's worst latency per round, kept while none of its checks' series changed.
    private var mergedSites: [String: MergedSite] = [:]

    private struct MergedSite {
        var keys: [String]
        var newest: [EpochMillis?]
        var limit: Int
        var values: [Double?]
    }

    /// - parameter rows: the reader's sites, checks and links, up to date in
    ///   this transaction: when each series' row was last measured.
    mutating func history(_ db: Database, links: Set<String>, sites: Set<String>, limit: Int,
                          rows: ReaderMemory) throws -> SparklineHistory {
        var history = SparklineHistory()
        history.links = try atRisk.read(links, limit: limit, measured: rows.linksMeasured(links), at: \.observedAt) { link, after in
            try SnapshotQueries.atRiskHistory(db, linkID: link, limit: limit, after: after)
        }.mapValues { $0.map(\.dataAtRiskSeconds) }
        guard !sites.isEmpty else { return history }
        // A site's series are its checks': one per service, merged into the worst of each round.
        var checks: [String: (site: String, service: String)] = [:]
        var checkMeasured: [String: EpochMillis] = [:]
        var siteKeys: [String: [String]] = [:]
        for check in rows.healthChecks where sites.contains(check.siteID) {
            let key = check.siteID + "\u{1F}" + check.serviceID
            checks[key] = (check.siteID, check.serviceID)
            checkMeasured[key] = check.observedAt
            siteKeys[check.siteID, default: []].append(key)
        }
        let series = try latency.read(Set(checks.keys), limit: limit, measured: checkMeasured, at: \.observedAt) { key, after in
            guard let check = checks[key] else { return [] }
            return try SnapshotQueries.latencyHistory(db, siteID: check.site, serviceID: check.service, limit: limit,
                                                      after: after)
        }
        var merged: [String: MergedSite] = [:]
        for site in sites {
            let keys = (siteKeys[site] ?? []).sorted()
            let newest = keys.map { series[$0]?.last?.observedAt }
            if let known = mergedSites[site], known.limit == limit, known.keys == keys, known.newest == newest {
                merged[site] = known
                continue
            }
            merged[site] = MergedSite(keys: keys, newest: newest, limit: limit,
                                      values: Self.worstPerRound(keys.map { series[$0] ?? [] }, limit: limit))
        }
        mergedSites = merged
        history.latency = merged.mapValues(\.values)
        return history
    }

    /// The worst latency of each round (samples at one instant) across
    /// series, the newest `limit` rounds, oldest first; `nil` where no check answered.
    static func worstPerRound(_ series: [[LatencySample]], limit: Int) -> [Double?] {
        // Each series is in time order: the sort merges runs.
        let samples = series.joined().sorted { $0.observedAt < $1.observedAt }
        var rounds: [Double?] = []
        rounds.reserveCapacity(samples.count)
        var at: EpochMillis?
        for sample in samples {
            if sample.observedAt == at, let last = rounds.indices.last {
                if let latency = sample.latencyMs, latency > rounds[last] ?? -.infinity { rounds[last] = latency }
            } else {
                rounds.append(sample.latencyMs)
                at = sample.observedAt
            }
        }
        return Array(rounds.suffix(limit))
    }
}

/// A link's data at risk at one measurement: all a sparkline draws of it.
struct AtRiskSample: Sendable, Equatable {
    var observedAt: EpochMillis
    var dataAtRiskSeconds: Double?
}

/// One check's latency at one round.
struct LatencySample: Sendable, Equatable {
    var observedAt: EpochMillis
    var latencyMs: Double?
}

/// Series of samples by key, each read up to a limit, extended by what is newer.
///
/// Series that leave the view are kept a while (the least recently asked go
/// first beyond a bound), so a row that sorts or scrolls back in is read only
/// past what is held: on a fleet sorted by data at risk, rows change places
/// at every round, and reading each newcomer's series whole was most of a refresh.
struct SeriesMemory<Sample> {
    private struct Held {
        var samples: [Sample]
        var limit: Int
        /// The read that last asked for the series.
        var asked: Int
    }

    private var series: [String: Held] = [:]
    private var reads = 0
    /// How many series are kept at least, on view or not.
    let retained: Int

    init(retained: Int = 1024) {
        self.retained = retained
    }

    /// How many series are held, on view or not.
    var heldCount: Int { series.count }

    /// The newest `limit` samples of each key, oldest first.
    /// - parameter measured: when each key's row was last measured; a key
    ///   measured no later than its newest sample held is not read.
    /// - parameter read: the newest samples of a key (after an instant, when given).
    mutating func read(_ keys: Set<String>, limit: Int, measured: [String: EpochMillis], at time: KeyPath<Sample, EpochMillis>,
                       read: (String, EpochMillis?) throws -> [Sample]) throws -> [String: [Sample]] {
        reads += 1
        var asked: [String: [Sample]] = [:]
        asked.reserveCapacity(keys.count)
        for key in keys {
            var held: Held
            if let current = series[key], current.limit >= limit {
                held = current
                let newest = held.samples.last?[keyPath: time]
                if let newest, let seen = measured[key], seen <= newest {
                    // Nothing newer was measured.
                } else {
                    held.samples = Array((held.samples + (try read(key, newest))).suffix(held.limit))
                }
            } else {
                held = Held(samples: try read(key, nil), limit: limit, asked: reads)
            }
            held.asked = reads
            series[key] = held
            asked[key] = held.samples.count <= limit ? held.samples : Array(held.samples.suffix(limit))
        }
        forgetBeyond(max(retained, keys.count * 4))
        return asked
    }

    /// Drops the least recently asked series beyond `bound`, a quarter at a
    /// time so the sort is not paid at every read.
    private mutating func forgetBeyond(_ bound: Int) {
        guard series.count > bound + bound / 4 else { return }
        let oldest = series.sorted { $0.value.asked < $1.value.asked }.prefix(series.count - bound)
        for (key, _) in oldest { series[key] = nil }
    }
}
