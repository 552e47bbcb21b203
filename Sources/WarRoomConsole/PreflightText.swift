import WarRoomModel
import WarRoomReports

/// A step's pre-flight facts in words, the same in the approval dialog and
/// in `warroom approve`: what it runs, the target's health and capacity, and
/// per data type the data a failover now would lose, against its RPO.
public enum PreflightText {
    public struct Line: Equatable, Sendable {
        public var text: String
        public var role: StyleRole
    }

    public static func lines(_ result: PreflightResult, plan: FailoverPlan, step: PlanStep, snapshot: CacheSnapshot,
                             glyphs: Glyphs = .unicode) -> [Line] {
        let facts = result.facts
        let target = glyphs.safe(snapshot.site(facts.targetSiteID)?.name ?? facts.targetSiteID)
        let health = facts.targetHealth
        var lines = [
            Line(text: "step \(step.number) of \(glyphs.safe(plan.id)): \(glyphs.safe(step.title))", role: .header),
            Line(text: "runs: \(glyphs.safe(step.spec?.action.displayText ?? step.action))", role: .normal),
            Line(text: "target \(target): \(StateLabel.health(health)) \(glyphs.separator) capacity \(Format.fixed(facts.targetCapacityPercent, 0)) % \(glyphs.separator) load after failover \(Format.fixed(facts.loadAfterFailoverPercent, 0)) %",
                 role: StateRole.health(health)),
        ]
        // The verdict before the details: on a small screen the details are what gets cut.
        if result.holds {
            lines.append(Line(text: step.spec?.preflight.isEmpty ?? true ? "no pre-flight checks for this step" : "pre-flight holds",
                              role: .ok))
        } else {
            lines += result.failures.map { Line(text: "FAILS: \(glyphs.safe($0))", role: .critical) }
        }
        lines += result.warnings.map { Line(text: "WARNING: \(glyphs.safe($0))", role: .warning) }
        lines.append(Line(text: "data you would lose if you fail over now:", role: .normal))
        for lag in facts.lags {
            let status = lag.rpoStatus
            let text = "  " + glyphs.fit(glyphs.safe(lag.dataType), 16)
                + glyphs.fit(lag.dataAtRiskSeconds.map(Format.seconds) ?? "unknown", 9, alignRight: true)
                + "  RPO " + glyphs.fit(Format.seconds(lag.rpoSeconds), 6) + " " + StateLabel.rpo(status)
            lines.append(Line(text: text, role: StateRole.rpo(status)))
        }
        return lines
    }

    /// The lines as plain text, one per line (for the command line).
    public static func render(_ result: PreflightResult, plan: FailoverPlan, step: PlanStep, snapshot: CacheSnapshot) -> String {
        lines(result, plan: plan, step: step, snapshot: snapshot).map(\.text).joined(separator: "\n")
    }
}
