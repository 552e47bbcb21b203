import WarRoomModel

extension RTOClock {
    /// `7m left`, `42 s left`, or `BREACHED by 2m` once past the RTO
    /// (ticking times: whole minutes past a minute, see ``Format/age(_:)``).
    public var remainingText: String {
        remainingSeconds >= 0
            ? "\(Format.age(remainingSeconds)) left"
            : "BREACHED by \(Format.age(-remainingSeconds))"
    }

    /// `7m elapsed, 7m left`.
    public var progressText: String {
        "\(Format.age(elapsedSeconds)) elapsed, \(remainingText)"
    }
}
