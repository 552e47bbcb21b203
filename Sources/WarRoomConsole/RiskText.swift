import WarRoomModel

/// The data at risk and the unknown window in words, the same on the
/// Replication screen, in the approval dialog and in `warroom status`.
public enum RiskText {
    /// `0 s behind the last position seen; New York silent for 6m20s`, or `nil`
    /// while the source answers: the unknown window is said beside the data
    /// at risk, never added into it.
    public static func sourceSilence(_ link: ReplicationLink, sourceName: String, agentNow: EpochMillis) -> String? {
        guard link.isSourceSilent else { return nil }
        let behind = link.dataAtRiskSeconds.map { "\(Format.seconds($0)) behind the last position seen" }
            ?? "position unknown"
        let silent = link.unknownWindowSeconds(agentNow: agentNow).map { "silent for \(Format.seconds($0.rounded()))" }
            ?? "never reached"
        return "\(behind); \(sourceName) \(silent): its writes since are unknown, not counted"
    }
}
