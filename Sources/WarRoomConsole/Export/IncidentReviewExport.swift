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
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(review), as: UTF8.self) + "\n"
    }

    public func markdown() -> String {
        let incident = review.incident
        var out = ["# Post-incident review: \(incident.id)", "", "_\(Self.inline(incident.title))_", ""]
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
                "- **Roles**: " + IncidentRole.allCases.map { "\($0.rawValue) \(Self.inline(incident.roles[$0] ?? "none"))" }
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
        let place = review.siteName.map { "\(Self.inline($0)) site" } ?? "service \(review.incident.serviceID ?? "unknown")"
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
            out += ["### \(record.plan.id): \(Self.inline(record.plan.name))", ""]
            for step in record.steps {
                var line = "\(step.number). **\(Self.inline(step.title))**: \(step.state.rawValue)"
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

    /// One Markdown table row, each cell on one line with its pipes escaped.
    static func row(_ cells: [String]) -> String {
        "| " + cells.map { inline($0).replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
    }

    /// Text on one line: sanitized, line breaks as spaces.
    static func inline(_ text: String) -> String {
        TerminalText.sanitize(text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " "))
    }

    /// The review with every text from outside sanitized and each output bounded.
    static func prepared(_ review: IncidentReview) -> IncidentReview {
        let plans = review.plans.map { record in
            IncidentReview.PlanRecord(plan: record.plan, steps: record.steps.map { step in
                var step = step
                step.output = boundedOutput(step.output)
                step.title = inline(step.title)
                // The runbook's spec (commands, environment) belongs to the runbook, not to a review.
                step.spec = nil
                step.processGroup = nil
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
            return approval
        }
        var incident = review.incident
        incident.title = inline(incident.title)
        return IncidentReview(incident: incident, drillID: review.drillID, siteName: review.siteName.map(inline),
                              generatedAt: review.generatedAt, services: review.services, dataTypes: review.dataTypes,
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
