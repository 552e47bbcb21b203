import WarRoomModel

/// The RTO clock of an incident in words and a gauge: elapsed since impact,
/// time left (or by how much it is breached), against the service's RTO.
struct RTOClockView {
    var incident: Incident
    var context: ConsoleContext

    var service: Service? {
        incident.serviceID.flatMap { id in context.snapshot?.services.first { $0.id == id } }
    }

    var clock: RTOClock? {
        service.map { RecoveryObjectives.rtoClock(start: incident.impactStartedAt, now: context.agentNow, rtoSeconds: $0.rtoSeconds) }
    }

    /// `RTO 15m (Core MCP Server): 7m30s elapsed, 7m30s left`.
    var summary: String {
        guard let service, let clock else { return "no RTO: the incident names no service" }
        let left = clock.remainingSeconds >= 0
            ? "\(Format.seconds(clock.remainingSeconds.rounded())) left"
            : "BREACHED by \(Format.seconds((-clock.remainingSeconds).rounded()))"
        return "RTO \(Format.seconds(service.rtoSeconds)) (\(context.glyphs.safe(service.name))): \(Format.seconds(clock.elapsedSeconds.rounded())) elapsed, \(left)"
    }

    /// `RTO 15m: 7m30s left` (or `RTO 15m: BREACHED by 2m`), for narrow boxes.
    var shortSummary: String {
        guard let service, let clock else { return "no RTO" }
        let left = clock.remainingSeconds >= 0
            ? "\(Format.seconds(clock.remainingSeconds.rounded())) left"
            : "BREACHED by \(Format.seconds((-clock.remainingSeconds).rounded()))"
        return "RTO \(Format.seconds(service.rtoSeconds)): \(left)"
    }

    var role: StyleRole {
        clock.map { StateRole.rto($0.status) } ?? .unknown
    }

    func gauge(width: Int) -> String {
        Gauge(fraction: clock.map { $0.elapsedSeconds / max(1, $0.budgetSeconds) }).render(width: width, glyphs: context.glyphs)
    }
}
