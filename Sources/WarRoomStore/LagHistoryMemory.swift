import GRDB
import WarRoomModel

/// The lag samples a reader read last for the links on view, so the next
/// read asks only for samples newer than the newest it holds. A screen of
/// sixty links with a sparkline as wide as the terminal shows nine thousand
/// samples; an agent's round adds one per link.
///
/// Samples are appended by the agent in time order; a series is read whole
/// again when a wider sparkline asks for more than it holds, and series no
/// longer on view are dropped, so memory follows the screen.
struct LagHistoryMemory {
    private var series: [String: Series] = [:]

    private struct Series {
        var samples: [LagSample]
        /// How many samples the series was read for.
        var limit: Int
    }

    mutating func history(_ db: Database, links: Set<String>, limit: Int) throws -> [String: [LagSample]] {
        let measured = try lastMeasured(db, links: links)
        var kept: [String: Series] = [:]
        for link in links {
            var known = series[link]
            if let current = known, current.limit >= limit {
                // A sample is written with its link's measurement: a link measured no later than
                // the newest sample held has nothing newer.
                let newest = current.samples.last?.observedAt
                if let newest, let seen = measured[link], seen <= newest {
                    kept[link] = current
                    continue
                }
                let newer = try SnapshotQueries.lagHistory(db, linkID: link, limit: limit, after: newest)
                known?.samples = Array((current.samples + newer).suffix(current.limit))
            } else {
                known = Series(samples: try SnapshotQueries.lagHistory(db, linkID: link, limit: limit), limit: limit)
            }
            kept[link] = known
        }
        series = kept
        return kept.mapValues { Array($0.samples.suffix(limit)) }
    }

    /// When each link held was last measured, in one statement.
    private func lastMeasured(_ db: Database, links: Set<String>) throws -> [String: EpochMillis] {
        let held = links.filter { series[$0] != nil }
        guard !held.isEmpty else { return [:] }
        var measured: [String: EpochMillis] = [:]
        let marks = Array(repeating: "?", count: held.count).joined(separator: ", ")
        let rows = try Row.fetchCursor(db, sql: "SELECT id, observed_at FROM replication_link WHERE id IN (\(marks))",
                                       arguments: StatementArguments(Array(held)))
        while let row = try rows.next() {
            if let at: EpochMillis = row[1] { measured[row[0]] = at }
        }
        return measured
    }
}
