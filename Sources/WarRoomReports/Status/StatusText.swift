import WarRoomModel

/// `warroom status` as text for a person: plain lines that read the same over
/// SSH, in a log or piped to `less`. Every string from the cache is sanitized.
public struct StatusText: Sendable {
    public var clock: ClockText
    /// Sites by id, for names in link and alert lines.
    private var siteNames: [String: String] = [:]

    public init(clock: ClockText) {
        self.clock = clock
    }

    public func render(_ report: StatusReport, cachePath: String) -> String {
        var text = self
        text.siteNames = Dictionary(report.sites.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        var lines: [String] = []
        lines += text.header(report, cachePath: cachePath)
        lines += text.cluster(report)
        lines += text.consoles(report)
        lines += text.sites(report)
        lines += text.replication(report)
        lines += text.readiness(report)
        lines += text.alerts(report)
        lines += text.incidents(report)
        return lines.joined(separator: "\n") + "\n"
    }

    private func header(_ report: StatusReport, cachePath: String) -> [String] {
        let agent = report.agent
        let name = agent.name.map { " (\(safe($0)))" } ?? ""
        let freshness: String
        if let age = agent.heartbeatAgeSeconds, agent.stale && age == 0 {
            freshness = "STALE — the agent's last heartbeat is stamped in the future\(name): the clock stepped back; nothing below is current"
        } else if let age = agent.heartbeatAgeSeconds {
            freshness = agent.stale
                ? "STALE — agent last seen \(Format.seconds(age.rounded())) ago\(name); nothing below is current"
                : "agent heartbeat \(Format.seconds(age.rounded())) ago\(name)"
        } else {
            freshness = "STALE — no agent has ever written to this cache"
        }
        var lines = ["warroom status · \(safe(cachePath))"]
        // The loudest state first, before anything that could look calm.
        lines += (report.splitBrain ?? []).map { safe($0.text) }
        lines.append(freshness)
        let mayActAlone = SiteDecision.someMayActAlone(report.sites.map { $0.decision?.decision })
        if let automation = report.automation, mayActAlone || automation.state != "armed" {
            lines.append("automatic failover \(safe(automation.text))")
        }
        lines += SiteDecision.lines(for: report.sites.map { ($0.name, $0.decision?.decision) }).map { "decision: \(safe($0))" }
        return lines + [""]
    }

    /// The cluster: quorum or the loud NO QUORUM first, the decider, then
    /// each site's verdict with its reason.
    private func cluster(_ report: StatusReport) -> [String] {
        guard let cluster = report.cluster else { return [] }
        let here = siteName(cluster.site)
        var lines: [String] = []
        if !cluster.quorum {
            let since = cluster.cutOffSince.map { " since \(clock.dateTime($0))" } ?? ""
            lines.append("NO QUORUM: \(here)'s agent is cut off from the others\(since); views frozen")
            if let reason = cluster.cutOffReason { lines.append("  why: " + safe(reason)) }
        }
        let read = cluster.revision.map { revision in
            "quorum read at revision \(revision)" + (cluster.readAt.map { ", \(clock.dateTime($0))" } ?? "")
        } ?? "no quorum read yet"
        lines.append("CLUSTER \(safe(cluster.name)) · this agent at \(here) · decider: \(cluster.decider.map(siteName) ?? "none") · \(read)")
        for verdict in cluster.verdicts {
            lines.append("  " + TerminalText.fit(siteName(verdict.site), 12) + " " + TerminalText.fit(StateLabel.verdict(verdict.verdict), 12)
                         + safe(verdict.reason))
        }
        return lines + [""]
    }

    /// Who else watches: each console, where, on which screen, and the step whose dialog it has open.
    private func consoles(_ report: StatusReport) -> [String] {
        guard let consoles = report.consoles else { return [] }
        return ["CONSOLES"] + consoles.map { console in
            "  \(safe(console.user)) on \(safe(console.host))" + (console.site.map { " (\(siteName($0)))" } ?? "")
                + ": \(safe(console.screen))" + (console.confirming.map { ", confirming \(safe($0))" } ?? "")
        } + [""]
    }

    private func sites(_ report: StatusReport) -> [String] {
        ["SITES"] + report.sites.flatMap { site in
            let health = StateLabel.health(site.health)
            let line = "  " + TerminalText.fit(safe(site.name), 12) + " " + TerminalText.fit(site.role.rawValue, 10) + " "
                + TerminalText.fit(health, 6) + "load " + TerminalText.fit(Format.fixed(site.loadPercent, 1), 5, alignRight: true)
                + " % of " + TerminalText.fit(Format.fixed(site.capacityPercent, 0), 3, alignRight: true) + " % capacity"
            // Why, under the site: every service that is not ok, in its check's words.
            return [line] + site.why.map { "      why: " + safe($0) }
        } + [""]
    }

    private func readiness(_ report: StatusReport) -> [String] {
        guard !report.readiness.isEmpty else { return [] }
        return ["FAILOVER READINESS"] + readinessLines(report.readiness) + [""]
    }

    /// Each configured failover: ready or not, its facts in a line, why not
    /// (`status` and `plans --readiness`).
    public func readinessLines(_ readiness: [StatusReport.ReadinessLine]) -> [String] {
        var lines: [String] = []
        for line in readiness {
            let verdict: String = line.ready ? "ready" : "NOT READY"
            lines.append("  " + TerminalText.fit(verdict, 10) + safe(line.summary))
            lines += line.failures.map { (failure: String) -> String in "      fails: " + safe(failure) }
            lines += line.warnings.map { (warning: String) -> String in "      note: " + safe(warning) }
        }
        return lines
    }

    private func replication(_ report: StatusReport) -> [String] {
        let header = "  " + TerminalText.fit("DATA TYPE", 16) + TerminalText.fit("LINK", 22) + TerminalText.fit("STATE", 8)
            + TerminalText.fit("AT RISK", 10, alignRight: true) + TerminalText.fit("BYTES", 11, alignRight: true)
            + TerminalText.fit("RPO", 8, alignRight: true) + "  VS RPO"
        var lines = ["REPLICATION  (at risk: what a failover now would lose)", header]
        for line in report.replication {
            let link = TerminalText.fit("\(siteName(line.source)) → \(siteName(line.target))", 22)
            let atRisk = TerminalText.fit(line.dataAtRiskSeconds.map(Format.seconds) ?? "?", 10, alignRight: true)
            let bytes = TerminalText.fit(line.dataAtRiskBytes.map(Format.bytes) ?? "?", 11, alignRight: true)
            let rpo = TerminalText.fit(Format.seconds(line.rpoSeconds), 8, alignRight: true)
            lines.append("  " + TerminalText.fit(safe(line.dataType), 16) + link
                         + TerminalText.fit(StateLabel.link(line.state), 8) + atRisk + bytes + rpo
                         + "  " + StateLabel.rpo(line.rpoStatus))
            // A link that is not streaming says why, in its probe's words.
            if line.state != .streaming, let detail = line.detail, !detail.isEmpty {
                lines.append("      why: " + safe(detail))
            }
        }
        // The unknown window, once per silent source: said beside the data at risk, never added in.
        var said: Set<String> = []
        for line in report.replication where line.sourceSilent && !said.contains(line.source) {
            said.insert(line.source)
            lines.append("  " + RecoveryObjectives.silenceText(source: siteName(line.source), windowSeconds: line.unknownWindowSeconds))
        }
        return lines + [""]
    }

    private func alerts(_ report: StatusReport) -> [String] {
        let counts = report.alerts
        var lines = ["ALERTS  \(counts.firing) firing: \(counts.critical) critical, \(counts.warning) warning"]
        for source in report.sources where !source.ok {
            lines.append("  ! \(SourceText.name(source.name)) does not answer (\(safe(source.detail))): these counts may be out of date")
        }
        for alert in counts.top {
            let severity = StateLabel.severity(alert.severity)
            lines.append("  " + TerminalText.fit(severity, 5) + TerminalText.fit(safe(alert.name), 23)
                         + TerminalText.fit(safe(alert.summary), 48))
        }
        if counts.firing > counts.top.count {
            lines.append("  … and \(counts.firing - counts.top.count) more (warroom console shows the queue)")
        }
        return lines + [""]
    }

    private func incidents(_ report: StatusReport) -> [String] {
        guard !report.incidents.isEmpty else { return ["INCIDENTS  none open"] }
        var lines = ["INCIDENTS"]
        for incident in report.incidents {
            lines.append("  \(safe(incident.id))  \(incident.status.rawValue)  \(incident.severity.rawValue.uppercased())  \(safe(incident.title))")
            var facts = "    opened \(clock.dateTime(incident.openedAt)) · commander: \(incident.commander.map(safe) ?? "unassigned")"
            if let rto = incident.rtoSeconds, let elapsed = incident.rtoElapsedSeconds {
                let clock = RTOClock(elapsedSeconds: elapsed, budgetSeconds: rto,
                                     status: RecoveryObjectives.rtoStatus(elapsedSeconds: elapsed, rtoSeconds: rto))
                facts += " · RTO \(Format.seconds(rto)): \(clock.progressText)"
            }
            if let keptAt = incident.keptAt { facts += " · kept by the decider at \(safe(keptAt))" }
            lines.append(facts)
            for plan in incident.plans {
                let awaiting = plan.steps.filter { $0.state == .awaitingApproval }.count
                lines.append("    \(safe(plan.id))  \(safe(plan.name))  (\(awaiting) awaiting approval)")
                for step in plan.steps {
                    lines.append("      " + TerminalText.fit(String(step.id), 3, alignRight: true) + "  "
                                 + TerminalText.fit(step.state.rawValue, 18) + safe(step.title))
                }
            }
        }
        return lines
    }

    private func siteName(_ id: String) -> String {
        safe(siteNames[id] ?? id)
    }

    private func safe(_ text: String) -> String {
        TerminalText.sanitize(text)
    }
}
