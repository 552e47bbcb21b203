import GRDB
import WarRoomModel

/// Alerts firing and resolving, on the timelines of the open incidents they
/// concern, whatever the source (the simulator, Alertmanager): an alert with
/// no site concerns every open incident, one with a site the incidents of
/// that site and those with no site.
enum AlertTimeline {
    /// What a state change says on a timeline: `fired` when an alert starts
    /// (or starts again), `resolved` when it ends; `nil` for acknowledgements,
    /// silences and alerts written again unchanged.
    static func change(from previous: AlertState?, to next: AlertState) -> String? {
        switch (previous, next) {
        case (nil, .firing), (.resolved?, .firing): "fired"
        case (.some(let before), .resolved) where before != .resolved: "resolved"
        default: nil
        }
    }

    static func record(_ text: String, siteID: String?, at: EpochMillis, in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO timeline_event (incident_id, at, kind, actor, text)
            SELECT id, ?, 'alert', 'agent', ? FROM incident
            WHERE status != 'resolved' AND (? IS NULL OR site_id IS NULL OR site_id = ?)
            """).execute(arguments: [at, text, siteID, siteID])
    }
}
