import WarRoomModel

/// The windows of the long lists the screen on view shows — the alert queue
/// on the Alerts screen, the timeline on the Incident screen — which a refresh
/// reads, ordered, filtered and paged by the cache, only for that screen.
public struct ListNeeds: Equatable, Sendable {
    public var alerts: ListWindow?
    public var timeline: ListWindow?
    /// How many finished drills the Drills screen reads.
    public var drills: Int?

    /// The Drills screen's history: the trend and the table show this many at most.
    public static let drillHistory = 200

    public init(alerts: ListWindow? = nil, timeline: ListWindow? = nil, drills: Int? = nil) {
        self.alerts = alerts
        self.timeline = timeline
        self.drills = drills
    }

    /// What a refresh reads for `state` on a terminal `height` rows tall: the
    /// rows its table may show, and half a screenful more either side, so
    /// the cursor moves a while before the next read.
    public static func of(_ state: UIState, height: Int) -> ListNeeds {
        ScreenCatalog.screen(state.screen).listNeeds(state, height: max(1, height))
    }

    /// True when `snapshot` holds every row of its lists that `state` shows on
    /// a terminal `height` rows tall, read with the filter and order on view.
    public static func areHeld(by snapshot: CacheSnapshot, state: UIState, height: Int) -> Bool {
        let needs = of(state, height: height)
        if let alerts = needs.alerts, !snapshot.alertQueue.covers(alerts, cursor: state.selected(on: .alerts), height: height) {
            return false
        }
        if needs.drills != nil, snapshot.drills == nil { return false }
        if let timeline = needs.timeline, snapshot.shownIncident != nil,
           !snapshot.timeline.covers(timeline, cursor: state.selected(on: .incident), height: height) {
            return false
        }
        return true
    }
}
