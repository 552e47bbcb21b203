import WarRoomModel

/// The word every state carries, so no state is told by colour alone.
public enum StateLabel {
    public static func health(_ state: HealthState) -> String {
        switch state {
        case .ok: "OK"
        case .warning: "WARN"
        case .critical: "CRIT"
        case .unknown: "?"
        case .stale: "STALE"
        }
    }

    public static func link(_ state: LinkState) -> String {
        switch state {
        case .streaming: "STREAM"
        case .catchingUp: "CATCHUP"
        case .disconnected: "DISC"
        case .unknown: "?"
        }
    }

    public static func rpo(_ status: RPOStatus) -> String {
        switch status {
        case .ok: "OK"
        case .warning: "WARN"
        case .breach: "BREACH"
        case .unknown: "?"
        }
    }

    public static func severity(_ severity: AlertSeverity) -> String {
        switch severity {
        case .info: "INFO"
        case .warning: "WARN"
        case .critical: "CRIT"
        }
    }

    public static func alert(_ state: AlertState) -> String {
        switch state {
        case .firing: "FIRING"
        case .acknowledged: "ACK"
        case .silenced: "SILENC"
        case .inhibited: "INHIB"
        case .resolved: "RESOLV"
        }
    }

    /// A site's verdict from its observers.
    public static func verdict(_ kind: SiteVerdictKind) -> String {
        switch kind {
        case .up: "UP"
        case .down: "DOWN"
        case .unreachable: "UNREACHABLE"
        case .suspect: "SUSPECT"
        case .unknown: "?"
        }
    }

    /// One observer's view of a site.
    public static func observed(_ state: ObservedState) -> String {
        switch state {
        case .up: "up"
        case .down: "DOWN"
        case .unknown: "?"
        }
    }
}
