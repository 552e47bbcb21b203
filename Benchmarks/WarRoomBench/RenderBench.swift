import Foundation
import WarRoomConsole
import WarRoomModel
import WarRoomStore

/// Measures what one console refresh costs on a cache: the snapshot read and
/// the render of a screen, apart, at each terminal size, with an agent
/// writing a round (health results, link measurements, a heartbeat) between
/// refreshes, as the running agent does.
struct RenderBench {
    var path: String
    var refreshes = 200
    var sizes: [(width: Int, height: Int)] = [(80, 24), (250, 70)]
    var screens = ScreenID.allCases
    var filter: String?

    struct Row {
        var screen: ScreenID
        var size: String
        var read: [Double]
        var render: [Double]
        /// Comparing the frame with the one before and copying what changed to ncurses (to `/dev/null`).
        var draw: [Double]

        /// What the console spends on one refresh: read, render and draw.
        var total: [Double] { zip(zip(read, render), draw).map { $0.0 + $0.1 + $1 } }
    }

    func run() throws -> [Row] {
        let reader = try CacheReader(path: path)
        let writer = try CacheWriter(path: path)
        defer { try? writer.close() }
        let base = try reader.snapshot(limits: .status)
        var clock = base.heartbeat?.wallAt ?? EpochMillis(Date().timeIntervalSince1970 * 1000)
        var rows: [Row] = []
        var round = 0
        for size in sizes {
            // One terminal a size, as one console is: ncurses keeps what it drew.
            let terminal = try NCursesTerminal(offscreenWidth: size.width, height: size.height, theme: .builtInDefault)
            defer { terminal.restore() }
            for screen in screens {
                var row = Row(screen: screen, size: "\(size.width)x\(size.height)", read: [], render: [], draw: [])
                var lastFrame: Frame?
                // As the console does: the snapshot on screen is handed back to the next read.
                var onScreen: CacheSnapshot?
                var state = UIState()
                state.screen = screen
                if screen != .overview && screen != .failover { state.filter[screen] = filter }
                for refresh in 0..<refreshes {
                    // The cursor pages down a screenful each refresh, as a held PgDn would.
                    state.selection[screen] = refresh * max(1, size.height - 8)
                    round += 1
                    clock += 200
                    try writer.apply(agentRound(base, number: round, at: clock))
                    try writer.beat(AgentHeartbeat(agentName: "bench", processID: getpid(), wallAt: clock, clockAt: clock,
                                                   clockSpeed: 1, intervalSeconds: 5, startedAt: clock - 3_600_000))
                    let start = DispatchTime.now().uptimeNanoseconds
                    // As the console's runtime does: the snapshot, then the sparklines the screen shows.
                    var limits = SnapshotLimits.console
                    let lists = ListNeeds.of(state, height: size.height)
                    (limits.alertQueue, limits.timeline) = (lists.alerts, lists.timeline)
                    let snapshot = try reader.snapshot(limits: limits, replacing: &onScreen)
                    var context = ConsoleContext(snapshot: snapshot, wallNow: clock, clock: .utc, glyphs: .unicode,
                                                 operatorName: "bench")
                    let needs = SparklineNeeds.of(context, state: state, width: size.width, height: size.height)
                    let history = try reader.history(links: needs.links, sites: needs.sites, limit: needs.samples)
                    context.attach(history)
                    let read = DispatchTime.now().uptimeNanoseconds
                    let frame = ConsoleView.render(context, state: state, width: size.width, height: size.height)
                    let rendered = DispatchTime.now().uptimeNanoseconds
                    precondition(frame.width == size.width)
                    // As the runtime does: drawn only when it differs from the frame drawn before.
                    if frame != lastFrame { terminal.draw(frame) }
                    lastFrame = frame
                    onScreen = snapshot
                    let drawn = DispatchTime.now().uptimeNanoseconds
                    row.read.append(Double(read - start) / 1e6)
                    row.render.append(Double(rendered - read) / 1e6)
                    row.draw.append(Double(drawn - rendered) / 1e6)
                }
                rows.append(row)
            }
        }
        return rows
    }

    /// Writes an agent's round `perSecond` times a second for `seconds`, on a
    /// steady pace; returns how many it wrote.
    func touch(perSecond: Double, seconds: Double) throws -> Int {
        let writer = try CacheWriter(path: path)
        defer { try? writer.close() }
        let base = try CacheReader(path: path).snapshot(limits: .status)
        let interval = UInt64(1e9 / max(0.1, perSecond))
        let start = DispatchTime.now().uptimeNanoseconds
        var round = 0
        while Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 < seconds {
            round += 1
            let clock = EpochMillis(Date().timeIntervalSince1970 * 1000)
            try writer.apply(agentRound(base, number: round, at: clock))
            try writer.beat(AgentHeartbeat(agentName: "bench", processID: getpid(), wallAt: clock, clockAt: clock, clockSpeed: 1,
                                           intervalSeconds: 5, startedAt: clock - 3_600_000))
            let next = start + UInt64(round) * interval
            let now = DispatchTime.now().uptimeNanoseconds
            if next > now { usleep(UInt32((next - now) / 1000)) }
        }
        return round
    }

    /// What the agent writes in one 200 ms round at fleet scale: twenty health
    /// results and fifty link measurements.
    func agentRound(_ snapshot: CacheSnapshot, number: Int, at instant: EpochMillis) -> [AgentEvent] {
        var events: [AgentEvent] = []
        let checks = snapshot.healthChecks
        for offset in 0..<min(20, checks.count) {
            var check = checks[(number * 20 + offset) % checks.count]
            check.observedAt = instant
            check.latencyMs = Double((number + offset) % 40 + 5)
            events.append(.health(check))
        }
        let links = snapshot.links
        for offset in 0..<min(50, links.count) {
            let link = links[(number * 50 + offset) % links.count]
            let lag = Double((number + offset) % 9) * 0.4
            events.append(.replication(ReplicationObservation(
                linkID: link.id, state: .streaming, observedAt: instant, lagSeconds: lag, lagBytes: Int64(lag * 40_000),
                primarySeenAt: instant, dataAtRiskSeconds: lag, dataAtRiskBytes: Int64(lag * 40_000))))
        }
        return events
    }

    /// The `p`-th percentile (0...100) of `values`, nearest rank.
    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(sorted.count - 1, max(0, rank))]
    }
}
