import WarRoomModel
import WarRoomReports

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
        return "RTO \(Format.seconds(service.rtoSeconds)) (\(context.glyphs.safe(service.name))): \(clock.progressText)"
    }

    /// `RTO 15m: 7m30s left` (or `RTO 15m: BREACHED by 2m`), for narrow boxes.
    var shortSummary: String {
        guard let service, let clock else { return "no RTO" }
        return "RTO \(Format.seconds(service.rtoSeconds)): \(clock.remainingText)"
    }

    var role: StyleRole {
        clock.map { StateRole.rto($0.status) } ?? .unknown
    }

    func gauge(width: Int) -> String {
        Gauge(fraction: clock.map { $0.elapsedSeconds / max(1, $0.budgetSeconds) }).render(width: width, glyphs: context.glyphs)
    }
}
