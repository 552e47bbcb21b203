import WarRoomReports

/// How the console runs.
public struct ConsoleOptions: Sendable {
    /// How often to look for new data, in milliseconds (a wall may want 5000).
    public var refreshMilliseconds: Int = 500
    public var readOnly = false
    public var kiosk = false
    /// Ring the terminal bell when an incident escalates while the console runs.
    public var bell = false
    public var clock: ClockText = .utc
    public var operatorName = "unknown"
    /// A message to show in the footer at start (e.g. a theme problem).
    public var notice: String?

    public init() {}
}
