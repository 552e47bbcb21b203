/// When a scheduled source runs: every `intervalSeconds`, each run delayed by
/// up to `jitterSeconds` (spreading runs out without stretching the interval),
/// each bounded by `timeoutSeconds` (``ProbeDeadline`` adds the watchdog's margin).
/// Checks, links and the sources read whole share it.
public struct Schedule: Sendable, Equatable {
    public var intervalSeconds: Double
    public var timeoutSeconds: Double
    public var jitterSeconds: Double

    public init(intervalSeconds: Double, timeoutSeconds: Double, jitterSeconds: Double = 0) {
        self.intervalSeconds = intervalSeconds
        self.timeoutSeconds = timeoutSeconds
        self.jitterSeconds = jitterSeconds
    }
}

extension CheckSpec {
    public var schedule: Schedule {
        Schedule(intervalSeconds: intervalSeconds, timeoutSeconds: timeoutSeconds, jitterSeconds: jitterSeconds)
    }
}

extension LinkCheck {
    public var schedule: Schedule {
        Schedule(intervalSeconds: intervalSeconds, timeoutSeconds: timeoutSeconds, jitterSeconds: jitterSeconds)
    }
}
