import Foundation
import WarRoomModel

/// `warroom export incident`: a post-incident review draft after seed 004's
/// template, as Markdown for people and JSON (same data, `Schemas/incident-review.schema.json`)
/// for other tools. Text from outside (timeline, outputs, comments) is
/// sanitized and each step's output bounded before either is written.
public struct IncidentReviewExport: Sendable {
    /// A step's output is cut past this many lines or characters.
    public static let outputLineLimit = 20
    public static let outputCharacterLimit = 2000

    public let review: IncidentReview

    public init(_ review: IncidentReview) {
        self.review = Self.prepared(review)
    }

    public func json() throws -> String {
        try ReportJSON.text(review) + "\n"
    }

    public func markdown() -> String {
        let incident = review.incident
        var out = ["# Post-incident review: \(incident.id)", "", "_\(incident.title)_", ""]
        if let drill = review.drillID { out += ["> This incident was raised by drill \(drill): a DR test, not an outage.", ""] }
        out += ["## Incident summary", "",
                "- **Date**: \(Format.utc(incident.impactStartedAt))",
                "- **Duration**: \(Format.seconds(review.durationSeconds.rounded()))"
                    + (incident.resolvedAt == nil ? " so far (not resolved)" : " (impact start to resolution)"),
                "- **Impact**: \(impact)",
                "- **Severity**: \(incident.severity.label)",
                "- **Status**: \(incident.status.words)",
                "- **Detected**: \(Format.utc(incident.openedAt))"
                    + (incident.resolvedAt.map { " · **Resolved**: \(Format.utc($0))" } ?? ""),
                "- **Roles**: " + IncidentRole.allCases.map { "\($0.rawValue) \(incident.roles[$0] ?? "none")" }
                    .joined(separator: " · "),
                "- **Root cause**: _to be written_", ""]
        out += recoverySection() + timelineSection() + approvalsSection() + stepsSection()
        out += ["## What went well", "", "1. ", "", "## Areas for improvement", "", "1. ", "",
                "## Action items", "", "| ID | Description | Owner | Due Date | Status |", "|----|-------------|-------|----------|--------|",
                "| 1  |             |       |          |        |", ""]
        return out.joined(separator: "\n")
    }

    private var impact: String {
        let services = review.services.count
        let place = review.siteName.map { "\($0) site" } ?? "service \(review.incident.serviceID ?? "unknown")"
        return "\(place); \(services) service\(services == 1 ? "" : "s") affected"
    }

    private func recoverySection() -> [String] {
        var out = ["## Recovery objectives", "", "### RTO per service (detection to restored health)", ""]
        if review.services.isEmpty {
            out += ["No service recovery recorded.", ""]
        } else {
            out += ["| Service | Tier | Site | RTO | Recovered in | Met |", "|---|---|---|---|---|---|"]
            out += review.services.map { service in
                Self.row([service.serviceName, "\(service.tier)", service.siteID, Format.seconds(service.rtoSeconds),
                          service.recoverySeconds.map { Format.seconds($0.rounded()) } ?? "not restored",
                          service.metRTO ? "yes" : "**no**"])
            } + [""]
        }
        out += ["### RPO per data type (data at risk when promoted)", ""]
        if review.dataTypes.isEmpty {
            out += ["No promotion recorded.", ""]
        } else {
            out += ["| Data type | Promoted at | RPO | Data at risk | Source silent for | Met |", "|---|---|---|---|---|---|"]
            out += review.dataTypes.map { point in
                let risk = point.dataAtRiskSeconds.map { Format.seconds($0) + (point.dataAtRiskBytes.map { " (\(Format.bytes($0)))" } ?? "") }
                return Self.row([point.dataType, Format.utc(point.promotedAt), Format.seconds(point.rpoSeconds), risk ?? "unknown",
                          point.unknownWindowSeconds.map { Format.seconds($0.rounded()) + " (writes unknown, not counted)" } ?? "unknown",
                          point.metRPO ? "yes" : "**no**"])
            } + [""]
        }
        return out
    }

    private func timelineSection() -> [String] {
        ["## Timeline", "", "| Time (UTC) | Kind | Actor | Event |", "|---|---|---|---|"]
            + review.timeline.map { Self.row([Format.utc($0.at), $0.kind.rawValue, $0.actor, $0.text]) } + [""]
    }

    private func approvalsSection() -> [String] {
        guard !review.approvals.isEmpty else { return ["## Approvals", "", "No approval was given or refused.", ""] }
        return ["## Approvals", "", "| Time (UTC) | Plan | Step | Operator | Decision | Comment |", "|---|---|---|---|---|---|"]
            + review.approvals.map { approval in
                Self.row([Format.utc(approval.decidedAt), approval.planID, "\(approval.stepNumber)",
                          approval.operatorName + (approval.simulated ? " (simulated)" : ""),
                          approval.decision.rawValue + (approval.overrode ? " (pre-flight overridden)" : ""), approval.comment])
            } + [""]
    }

    private func stepsSection() -> [String] {
        guard !review.plans.isEmpty else { return ["## Steps and outputs", "", "No failover plan was proposed.", ""] }
        var out = ["## Steps and outputs", ""]
        for record in review.plans {
            out += ["### \(record.plan.id): \(record.plan.name)", ""]
            for step in record.steps {
                var line = "\(step.number). **\(step.title)**: \(step.state.rawValue)"
                if let start = step.startedAt, let end = step.endedAt {
                    line += ", \(Format.seconds(end.seconds(since: start))) (\(Format.utc(start)) to \(Format.utc(end)))"
                }
                out.append(line)
                if !step.output.isEmpty {
                    out += ["", "   ```"] + step.output.split(separator: "\n", omittingEmptySubsequences: false).map { "   " + $0 }
                        + ["   ```", ""]
                }
            }
            out.append("")
        }
        return out
    }

    /// One Markdown table row, its pipes escaped (the cells are prepared text: on one line, sanitized).
    static func row(_ cells: [String]) -> String {
        "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
    }

    /// Text on one line: sanitized, line breaks as spaces.
    static func inline(_ text: String) -> String {
        TerminalText.sanitize(text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " "))
    }

    /// The review with every text sanitized once, on one line (outputs keep
    /// their lines, bounded): both formats are written from it as it is.
    static func prepared(_ review: IncidentReview) -> IncidentReview {
        let plans = review.plans.map { record in
            var plan = record.plan
            plan.name = inline(plan.name)
            plan.proposedBy = inline(plan.proposedBy)
            return IncidentReview.PlanRecord(plan: plan, steps: record.steps.map { step in
                var step = step
                step.output = boundedOutput(step.output)
                step.title = inline(step.title)
                step.action = inline(step.action)
                // The runbook's spec (commands, environment) belongs to the runbook, not to a review.
                step.spec = nil
                step.processGroup = nil
                step.processStartTicks = nil
                return step
            })
        }
        let timeline = review.timeline.map { event in
            TimelineEvent(incidentID: event.incidentID, at: event.at, kind: event.kind, actor: inline(event.actor),
                          text: inline(event.text))
        }
        let approvals = review.approvals.map { approval in
            var approval = approval
            approval.comment = inline(approval.comment)
            approval.operatorName = inline(approval.operatorName)
            approval.origin = approval.origin.map(inline)
            return approval
        }
        let services = review.services.map { service in
            ServiceRecovery(serviceID: inline(service.serviceID), serviceName: inline(service.serviceName), tier: service.tier,
                            rtoSeconds: service.rtoSeconds, siteID: inline(service.siteID), detectedAt: service.detectedAt,
                            restoredAt: service.restoredAt)
        }
        let dataTypes = review.dataTypes.map { point in
            RecoveryPoint(linkID: inline(point.linkID), dataType: inline(point.dataType), siteID: inline(point.siteID),
                          promotedAt: point.promotedAt, rpoSeconds: point.rpoSeconds, dataAtRiskSeconds: point.dataAtRiskSeconds,
                          dataAtRiskBytes: point.dataAtRiskBytes, unknownWindowSeconds: point.unknownWindowSeconds)
        }
        var incident = review.incident
        incident.title = inline(incident.title)
        incident.commander = incident.commander.map(inline)
        incident.scribe = incident.scribe.map(inline)
        incident.liaison = incident.liaison.map(inline)
        incident.siteID = incident.siteID.map(inline)
        incident.serviceID = incident.serviceID.map(inline)
        return IncidentReview(incident: incident, drillID: review.drillID, siteName: review.siteName.map(inline),
                              generatedAt: review.generatedAt, services: services, dataTypes: dataTypes,
                              timeline: timeline, plans: plans, approvals: approvals)
    }

    /// At most ``outputLineLimit`` lines and ``outputCharacterLimit`` characters,
    /// each line sanitized; a fence in the output cannot close the block around it.
    static func boundedOutput(_ output: String) -> String {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map {
            TerminalText.sanitize(String($0)).replacingOccurrences(of: "```", with: "'''")
        }
        var kept: [String] = []
        var characters = 0
        for line in lines.prefix(outputLineLimit) {
            guard characters + line.count <= outputCharacterLimit else { break }
            kept.append(line)
            characters += line.count + 1
        }
        if kept.count < lines.count { kept.append("[cut: \(lines.count - kept.count) more line(s)]") }
        return kept.joined(separator: "\n")
    }
}
