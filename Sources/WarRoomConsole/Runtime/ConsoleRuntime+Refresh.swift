import Foundation
import WarRoomModel
import WarRoomReports

/// Reading the cache: only when `data_version` moved (or the view needs rows
/// not read yet), and the sparklines of what is on screen.
extension ConsoleRuntime {
    func refreshData(force: Bool) {
        do {
            let token = try source.changeToken()
            if force || token != lastToken || snapshot == nil {
                // The snapshot on screen goes back to the reader, which patches its rows in place.
                var previous = snapshot
                (snapshot, snapshotContext) = (nil, nil)
                do {
                    snapshot = try source.read(lists: ListNeeds.of(state, height: terminal.height), replacing: &previous)
                } catch {
                    snapshot = previous
                    throw error
                }
                reads += 1
                ringIfEscalated()
                lastToken = token
                loadedHistory = nil
            }
            try readHistoryIfNeeded()
            cacheProblem = nil
        } catch {
            cacheProblem = String(describing: error)
        }
    }

    func ringIfEscalated() {
        let newest = snapshot?.openIncidents.compactMap(\.escalatedAt).max()
        if options.bell, hasRead, let newest, newest > escalationSeen ?? .min { terminal.bell() }
        if let newest { escalationSeen = max(newest, escalationSeen ?? newest) }
        hasRead = true
    }

    /// Reads the sparklines the screen on view draws, when the data changed or
    /// the view moved past what was read.
    func readHistoryIfNeeded() throws {
        guard snapshot != nil else { return }
        // Working out the needs sorts the links: only when the view moved since (a new read clears loadedHistory).
        let view = HistoryView(state: state, width: terminal.width, height: terminal.height)
        if loadedHistory != nil, view == historyView { return }
        historyView = view
        let needs = SparklineNeeds.of(makeContext(wallNow: now()), state: state, width: terminal.width, height: terminal.height)
        if let loadedHistory, loadedHistory.covers(needs) { return }
        let history = try source.history(links: needs.links, sites: needs.sites, limit: needs.samples)
        snapshot?.linkHistory = history.links
        snapshot?.latencyHistory = history.latency
        snapshotContext?.attach(history)
        reads += 1
        loadedHistory = needs
    }
}
