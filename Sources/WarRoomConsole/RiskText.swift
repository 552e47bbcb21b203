import WarRoomModel

/// The data at risk and the unknown window in words, the same on the
/// Replication screen, in the approval dialog and in `warroom status`.
public enum RiskText {
    /// `New York silent for 6m20s: 0 s behind its last position seen, writes
    /// since then unknown`, or `nil` while the source answers: the unknown
    /// window is said beside the data at risk, never added into it. The
    /// silence comes first: on a narrow screen the end is what gets cut.
    public static func sourceSilence(_ link: ReplicationLink, sourceName: String, agentNow: EpochMillis) -> String? {
        guard link.isSourceSilent else { return nil }
        let behind = link.dataAtRiskSeconds.map { "\(Format.seconds($0)) behind its last position seen" }
            ?? "data at risk unknown"
        let silent = RecoveryObjectives.silentFor(link.unknownWindowSeconds(agentNow: agentNow))
        return "\(sourceName) \(silent): \(behind), writes since then unknown"
    }
}
