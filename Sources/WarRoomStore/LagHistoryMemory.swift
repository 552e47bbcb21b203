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
        var kept: [String: Series] = [:]
        for link in links {
            var known = series[link]
            if let current = known, current.limit >= limit {
                let newer = try SnapshotQueries.lagHistory(db, linkID: link, limit: limit,
                                                           after: current.samples.last?.observedAt)
                known?.samples = Array((current.samples + newer).suffix(current.limit))
            } else {
                known = Series(samples: try SnapshotQueries.lagHistory(db, linkID: link, limit: limit), limit: limit)
            }
            kept[link] = known
        }
        series = kept
        return kept.mapValues { Array($0.samples.suffix(limit)) }
    }
}
