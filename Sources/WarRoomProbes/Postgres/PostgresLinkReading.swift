import WarRoomModel

/// A PostgreSQL streaming-replication link as both ends report it, judged:
/// the link's state, which `pg_stat_replication` row is this standby, and why,
/// in words — per-stage byte lag and the server's lag intervals, `idle` where
/// the server reports none.
public struct PostgresLinkReading: Sendable, Equatable {
    public var state: LinkState
    /// The standby's row on the primary; `nil` when the primary did not answer or lists no such standby.
    public var row: StandbyRow?
    /// The standby answered as a primary: it has been promoted.
    public var standbyIsPrimary: Bool
    public var detail: String

    /// Judges what the primary and the standby answered. `applicationName`
    /// picks the standby's row; without one, the only row is taken.
    public static func judge(primary: Result<PostgresPrimaryReport, PostgresFailure>,
                             standby: Result<PostgresStandbyReport, PostgresFailure>,
                             applicationName: String?) -> PostgresLinkReading {
        var reading = PostgresLinkReading(state: .unknown, row: nil, standbyIsPrimary: false, detail: "")
        var notes: [String] = []
        // The primary answered and lists no such standby: the one sure sign of a broken link.
        var primaryListsNone = false
        // A side that takes the connection and does not answer is hung: what it holds is unknown,
        // whatever the other side last heard from it.
        var hung: [String] = []
        switch primary {
        case .failure(let failure) where failure.timedOut:
            hung.append("the primary \(failure)")
        case .failure(let failure):
            notes.append("the primary does not answer: \(failure)")
        case .success(let report) where report.inRecovery:
            notes.append("the primary is in recovery: it is a standby itself")
        case .success(let report):
            let named = applicationName.map { name in report.standbys.filter { $0.applicationName == name } } ?? report.standbys
            if named.count == 1 {
                reading.row = named[0]
            } else if named.isEmpty {
                primaryListsNone = true
            } else {
                notes.append(applicationName == nil
                    ? "the primary lists \(named.count) standbys: name this one with application_name"
                    : "the primary lists \(named.count) standbys named '\(applicationName!)'")
            }
        }

        switch standby {
        case .success(let report) where !report.inRecovery:
            reading.state = .disconnected
            reading.standbyIsPrimary = true
            reading.detail = (["the standby is a primary now (promoted): it no longer replicates"] + notes)
                .joined(separator: "; ")
            return reading
        case .success(let report):
            if report.replayPaused == true { notes.append("replay is paused on the standby") }
            if let problem = report.heartbeatProblem { notes.append(problem) }
        case .failure(let failure) where failure.timedOut:
            hung.append("the standby \(failure)")
        case .failure(let failure):
            notes.append("the standby does not answer: \(failure)")
        }
        guard hung.isEmpty else {
            reading.state = .unknown
            reading.detail = (hung + notes).joined(separator: "; ")
            return reading
        }

        let main: String
        if let row = reading.row {
            (reading.state, main) = judge(row)
        } else if primaryListsNone {
            reading.state = .disconnected
            main = "the primary lists no standby" + (applicationName.map { " named '\($0)'" } ?? "") + " in pg_stat_replication"
        } else if case .success(let report) = standby {
            // The primary is out of reach: the standby's WAL receiver is the only word on the link.
            switch report.receiverStatus {
            case "streaming"?: reading.state = .streaming
            case "catchup"?: reading.state = .catchingUp
            default: reading.state = .disconnected
            }
            main = report.receiverStatus.map { "the standby's WAL receiver is \($0)" } ?? "the standby has no WAL receiver"
        } else {
            main = "neither end answers"
        }
        if case .success(let report) = primary, let problem = report.heartbeatProblem { notes.append(problem) }
        reading.detail = ([main] + notes).joined(separator: "; ")
        return reading
    }

    /// The state and words for the standby's row.
    private static func judge(_ row: StandbyRow) -> (LinkState, String) {
        let stages = [("sent", row.sentLagBytes), ("write", row.writeLagBytes), ("flush", row.flushLagBytes),
                      ("replay", row.replayLagBytes)]
            .map { "\($0.0) \($0.1.map(Format.bytes) ?? "unknown")" }
            .joined(separator: " · ")
        let intervals = [("write", row.writeLagSeconds), ("flush", row.flushLagSeconds), ("replay", row.replayLagSeconds)]
            .map { "\($0.0) \($0.1.map { Format.seconds($0) } ?? "idle")" }
            .joined(separator: " · ")
        switch row.state {
        case "streaming"?:
            return (.streaming, "streaming; behind: \(stages); lag: \(intervals)")
        case let state? where ["catchup", "startup", "backup"].contains(state):
            return (.catchingUp, "\(state); behind: \(stages)")
        case let state?:
            return (.disconnected, "\(state) (the WAL sender is stopping)")
        case nil:
            return (.unknown, "pg_stat_replication hides this standby's state: grant pg_monitor to the agent's role")
        }
    }
}
