import Foundation
import GRDB
import WarRoomModel

/// The SQL behind each ``AgentEvent``.
enum AgentEventSQL {
    /// Applies `event`; the audit entries it appended (only a mirrored decision appends any).
    @discardableResult
    static func apply(_ event: AgentEvent, in db: Database) throws -> [AuditEntry] {
        switch event {
        case .sharedDecisions(let decisions):
            return try SharedDecisionRecords.mirror(decisions, in: db)
        case .cluster(let status):
            try ClusterRecords.write(status, in: db)
        case .alone:
            try db.execute(sql: "DELETE FROM cluster_state; DELETE FROM observer_view; DELETE FROM console_presence WHERE site_id IS NOT NULL")
        case .consoles(let consoles, let siteID):
            try ConsolePresenceRecords.replaceOthers(consoles, at: siteID, in: db)
        case .sharedIncidents(let records, let siteID):
            try SharedIncidentRecords.mirror(records, at: siteID, in: db)
        case .sharedIncidentsGone(let incidentIDs, let at):
            try SharedIncidentRecords.gone(incidentIDs, at: at, in: db)
        case .tookOverDecisions(let siteID, let at):
            try SharedIncidentRecords.takeOver(at: siteID, now: at, in: db)
        case .topology(let sites, let services, let links):
            try writeTopology(sites: sites, services: services, links: links, in: db)
        case .siteLoad(let siteID, let load):
            try db.execute(sql: "UPDATE site SET load_pct = ? WHERE id = ?", arguments: [load, siteID])
        case .health(let check):
            try writeHealth(check, in: db)
        case .replication(let seen):
            try db.cachedStatement(sql: """
                UPDATE replication_link SET state = ?, lag_s = ?, lag_bytes = ?, observed_at = ?, primary_seen_at = ?,
                    at_risk_s = ?, at_risk_bytes = ?, detail = ?
                WHERE id = ?
                """).execute(arguments: [seen.state.rawValue, seen.lagSeconds, seen.lagBytes, seen.observedAt, seen.primarySeenAt,
                                 seen.dataAtRiskSeconds, seen.dataAtRiskBytes, seen.detail, seen.linkID])
            try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO replication_sample (link_id, observed_at, state, lag_s, lag_bytes, at_risk_s)
                VALUES (?, ?, ?, ?, ?, ?)
                """).execute(arguments: [seen.linkID, seen.observedAt, seen.state.rawValue, seen.lagSeconds, seen.lagBytes,
                                 seen.dataAtRiskSeconds])
        case .alert(let alert):
            try writeAlert(alert, in: db)
        case .alertsPresent(let fingerprints, let at):
            let ending = try Row.fetchAll(db, sql: """
                SELECT name, summary, site_id FROM alert WHERE state != 'resolved' AND fingerprint NOT IN (SELECT value FROM json_each(?))
                """, arguments: [try StoredJSON.encodeValue(fingerprints)])
            for row in ending {
                try AlertTimeline.record("\(try row.decode(forColumn: "name") as String) resolved: \(try row.decode(forColumn: "summary") as String)", siteID: try row.decode(forColumn: "site_id"),
                                         at: at, in: db)
            }
            try db.execute(sql: """
                UPDATE alert SET state = 'resolved', ends_at = CASE WHEN ends_at IS NOT NULL AND ends_at <= ? THEN ends_at ELSE ? END
                WHERE state != 'resolved' AND fingerprint NOT IN (SELECT value FROM json_each(?))
                """, arguments: [at, at, try StoredJSON.encodeValue(fingerprints)])
        case .sourceStatus(let status):
            try db.execute(sql: """
                INSERT INTO source_status (name, ok, detail, since) VALUES (?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET ok = excluded.ok, detail = excluded.detail, since = excluded.since
                """, arguments: [status.name, status.ok, status.detail, status.since])
        case .incident(let incident):
            try db.execute(sql: """
                INSERT INTO incident (id, title, severity, status, commander, service_id, impact_started_at,
                                      opened_at, mitigated_at, resolved_at, site_id, scribe, liaison, kept_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET title = excluded.title, severity = excluded.severity,
                    status = excluded.status, commander = excluded.commander, service_id = excluded.service_id,
                    impact_started_at = excluded.impact_started_at, mitigated_at = excluded.mitigated_at,
                    resolved_at = excluded.resolved_at, site_id = excluded.site_id, scribe = excluded.scribe,
                    liaison = excluded.liaison, kept_at = excluded.kept_at
                """, arguments: [incident.id, incident.title, incident.severity.rawValue, incident.status.rawValue,
                                 incident.commander, incident.serviceID, incident.impactStartedAt,
                                 incident.openedAt, incident.mitigatedAt, incident.resolvedAt, incident.siteID,
                                 incident.scribe, incident.liaison, incident.keptAt])
        case .timeline(let event):
            try db.execute(sql: """
                INSERT INTO timeline_event (incident_id, at, kind, actor, text) VALUES (?, ?, ?, ?, ?)
                """, arguments: [event.incidentID, event.at, event.kind.rawValue, event.actor, event.text])
        case .plan(let plan, let steps):
            try writePlan(plan, steps: steps, in: db)
        case .addStep(let step):
            try writeSteps([step], planID: step.planID, in: db)
        case .automation(let approvers, let antiFlapSeconds):
            try db.execute(sql: """
                INSERT INTO automation (id, approvers, anti_flap_s) VALUES (1, ?, ?)
                ON CONFLICT(id) DO UPDATE SET approvers = excluded.approvers, anti_flap_s = excluded.anti_flap_s
                """, arguments: [try StoredJSON.encodeValue(approvers), antiFlapSeconds])
        case .automaticFailover(let planID, let at):
            try db.execute(sql: "UPDATE automation SET last_automatic_at = ?, last_automatic_plan = ? WHERE id = 1",
                           arguments: [at, planID])
        case .promoted(let siteID, let formerPrimaryID, let evidence, let at, let linkID):
            try writePromotion(siteID: siteID, formerPrimaryID: formerPrimaryID, evidence: evidence, at: at, linkID: linkID,
                               in: db)
        case .splitBrain(let brain):
            try SplitBrainRecords.write(brain, in: db)
        case .failovers(let failovers):
            try db.execute(sql: "DELETE FROM configured_failover")
            for (position, failover) in failovers.enumerated() {
                try db.execute(sql: """
                    INSERT OR REPLACE INTO configured_failover (from_site_id, to_site_id, runbook_name, runbook_hash,
                        runbook_problem, approvers_required, approvers_on_record, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [failover.fromSiteID, failover.toSiteID, failover.runbookName, failover.runbookHash,
                                     failover.runbookProblem, failover.approversRequired, failover.approversOnRecord, position])
            }
        case .clockStepped(let step):
            try db.execute(sql: """
                INSERT INTO timeline_event (incident_id, at, kind, actor, text)
                SELECT id, ?, 'detection', 'agent', ? FROM incident WHERE status != 'resolved'
                """, arguments: [step.at, step.sentence])
        case .restored(let incidentID, let point, let evidence):
            try RecoveryRecords.keep(point, of: incidentID, in: db)
            try db.execute(sql: """
                INSERT INTO timeline_event (incident_id, at, kind, actor, text)
                SELECT id, ?, 'detection', 'agent', ? FROM incident WHERE id = ?
                """, arguments: [point.promotedAt, evidence, incidentID])
        case .replicatingAsConfigured(let sourceSiteID, let targetSiteID):
            try db.execute(sql: "UPDATE site SET observed_role = NULL, observed_role_at = NULL WHERE id IN (?, ?)",
                           arguments: [sourceSiteID, targetSiteID])
        case .stepState(let planID, let number, let state, let output, let at):
            try db.execute(sql: """
                UPDATE plan_step SET state = ?, output = coalesce(?, output), updated_at = ?,
                    awaiting_since = CASE WHEN ? THEN ? ELSE awaiting_since END,
                    started_at = CASE WHEN ? THEN coalesce(started_at, ?) ELSE started_at END,
                    ended_at = CASE WHEN ? THEN ? ELSE ended_at END
                WHERE plan_id = ? AND number = ?
                """, arguments: [state.rawValue, output, at, state == .awaitingApproval, at, state == .running, at,
                                 state.hasEnded, at, planID, number])
        }
        return []
    }

    /// The promoted site takes the primary's role, the former primary the
    /// promoted site's configured role (a failback ends both observed roles); open incidents at the former primary
    /// get the evidence on their timeline.
    private static func writePromotion(siteID: String, formerPrimaryID: String, evidence: String, at: EpochMillis,
                                       linkID: String?, in db: Database) throws {
        // The cache remembers what was reported: a promotion already recorded (an
        // agent restarted while the standby still answers as the primary) is not news.
        let roles = try Row.fetchAll(db, sql: "SELECT id, role, observed_role FROM site WHERE id IN (?, ?)",
                                     arguments: [siteID, formerPrimaryID])
        let configured = Dictionary(try roles.map { (row: Row) -> (String, String) in
            (try row.decode(forColumn: "id"), try row.decode(forColumn: "role"))
        }) { first, _ in first }
        let observed = Dictionary(try roles.map { (row: Row) -> (String, String?) in
            (try row.decode(forColumn: "id"), try row.decode(forColumn: "observed_role"))
        }) { first, _ in first }
        let already = configured[siteID] != "primary" && observed[siteID] == .some("primary")
            && observed[formerPrimaryID] == .some(configured[siteID])
        guard !already else { return }
        // A failback (the configured primary promoted again) puts both sites back in their configured roles.
        try db.execute(sql: """
            UPDATE site SET observed_role = CASE
                    WHEN (SELECT role FROM site WHERE id = ?) = 'primary' THEN NULL
                    WHEN id = ? THEN 'primary'
                    ELSE (SELECT role FROM site WHERE id = ?) END,
                observed_role_at = ?
            WHERE id IN (?, ?)
            """, arguments: [siteID, siteID, siteID, at, siteID, formerPrimaryID])
        let name = try String.fetchOne(db, sql: "SELECT name FROM site WHERE id = ?", arguments: [siteID]) ?? siteID
        try db.execute(sql: """
            INSERT INTO timeline_event (incident_id, at, kind, actor, text)
            SELECT id, ?, 'detection', 'agent', ? FROM incident WHERE site_id = ? AND status != 'resolved'
            """, arguments: [at, "\(name) answers as the primary now (\(evidence))", formerPrimaryID])
        try RecoveryRecords.recordRecoveryPoints(promotedSiteID: siteID, formerPrimaryID: formerPrimaryID, at: at,
                                                 linkID: linkID, in: db)
    }

    private static func writeTopology(sites: [Site], services: [Service], links: [ReplicationLink],
                                      in db: Database) throws {
        for (position, site) in sites.enumerated() {
            try db.execute(sql: """
                INSERT INTO site (id, name, location, role, capacity_pct, load_pct, position, decision, decision_tiers)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, location = excluded.location,
                    role = excluded.role, capacity_pct = excluded.capacity_pct, load_pct = excluded.load_pct,
                    position = excluded.position, decision = excluded.decision, decision_tiers = excluded.decision_tiers
                """, arguments: [site.id, site.name, site.location, site.role.rawValue, site.capacityPercent,
                                 site.loadPercent, position, site.decision?.mode.rawValue,
                                 site.decision.map { $0.criticalTiers.map(String.init).joined(separator: ",") }])
        }
        for (position, service) in services.enumerated() {
            try db.execute(sql: """
                INSERT INTO service (id, name, tier, rto_s, rpo_s, position, critical) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, tier = excluded.tier,
                    rto_s = excluded.rto_s, rpo_s = excluded.rpo_s, position = excluded.position,
                    critical = excluded.critical
                """, arguments: [service.id, service.name, service.tier, service.rtoSeconds, service.rpoSeconds,
                                 position, service.critical])
        }
        for (position, link) in links.enumerated() {
            // A link's measured state is never reset by a topology update: only
            // a measurement changes it.
            try db.execute(sql: """
                INSERT INTO replication_link (id, data_type, source_site_id, target_site_id, mode, rpo_s, position,
                                              silent_after_s)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET data_type = excluded.data_type,
                    source_site_id = excluded.source_site_id, target_site_id = excluded.target_site_id,
                    mode = excluded.mode, rpo_s = excluded.rpo_s, position = excluded.position,
                    silent_after_s = excluded.silent_after_s
                """, arguments: [link.id, link.dataType, link.sourceSiteID, link.targetSiteID, link.mode.rawValue,
                                 link.rpoSeconds, position, link.silentAfterSeconds])
        }
    }

    private static func writeHealth(_ check: HealthCheck, in db: Database) throws {
        let previous = try String.fetchOne(db.cachedStatement(sql: "SELECT state FROM health_check WHERE site_id = ? AND service_id = ?"),
                                           arguments: [check.siteID, check.serviceID])
        if previous != check.state.rawValue {
            try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO health_change (site_id, service_id, at, state, detail) VALUES (?, ?, ?, ?, ?)
                """).execute(arguments: [check.siteID, check.serviceID, check.observedAt, check.state.rawValue, check.detail])
        }
        // min() and max() of SQL are NULL when either side is: coalesce keeps the known one.
        try db.cachedStatement(sql: """
            INSERT INTO health_rollup (site_id, service_id, minute, samples, worst_state, worst_rank, last_state,
                                       min_latency_ms, max_latency_ms, last_latency_ms)
            VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(site_id, service_id, minute) DO UPDATE SET
                samples = samples + 1,
                worst_state = CASE WHEN excluded.worst_rank > worst_rank THEN excluded.worst_state ELSE worst_state END,
                worst_rank = max(worst_rank, excluded.worst_rank),
                last_state = excluded.last_state,
                min_latency_ms = min(coalesce(min_latency_ms, excluded.min_latency_ms), coalesce(excluded.min_latency_ms, min_latency_ms)),
                max_latency_ms = max(coalesce(max_latency_ms, excluded.max_latency_ms), coalesce(excluded.max_latency_ms, max_latency_ms)),
                last_latency_ms = excluded.last_latency_ms
            """).execute(arguments: [check.siteID, check.serviceID, check.observedAt / 60_000 * 60_000, check.state.rawValue,
                             check.state.severityRank, check.state.rawValue, check.latencyMs, check.latencyMs,
                             check.latencyMs])
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO health_check (site_id, service_id, state, latency_ms, error_rate, observed_at, detail)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [check.siteID, check.serviceID, check.state.rawValue, check.latencyMs, check.errorRate,
                             check.observedAt, check.detail])
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO health_sample (site_id, service_id, observed_at, state, latency_ms, error_rate)
            VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [check.siteID, check.serviceID, check.observedAt, check.state.rawValue, check.latencyMs,
                             check.errorRate])
    }

    private static func writeAlert(_ alert: Alert, in db: Database) throws {
        let previous = try String.fetchOne(db.cachedStatement(sql: "SELECT state FROM alert WHERE fingerprint = ?"),
                                           arguments: [alert.fingerprint])
        if let words = AlertTimeline.change(from: previous.flatMap(AlertState.init(rawValue:)), to: alert.state) {
            try AlertTimeline.record("\(alert.name) \(words): \(alert.summary)", siteID: alert.siteID,
                                     at: alert.state == .resolved ? alert.endsAt ?? alert.startsAt : alert.startsAt, in: db)
        }
        try db.execute(sql: """
            INSERT INTO alert (fingerprint, name, severity, severity_rank, state, site_id, service_id, summary,
                               labels, annotations, starts_at, ends_at, silenced_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(fingerprint) DO UPDATE SET name = excluded.name, severity = excluded.severity,
                severity_rank = excluded.severity_rank,
                -- An acknowledgement is warroom's own: a source saying "still firing" keeps it.
                state = CASE WHEN alert.state = 'acknowledged' AND excluded.state = 'firing' THEN 'acknowledged'
                             ELSE excluded.state END,
                site_id = excluded.site_id,
                service_id = excluded.service_id, summary = excluded.summary, labels = excluded.labels,
                annotations = excluded.annotations, starts_at = excluded.starts_at, ends_at = excluded.ends_at,
                silenced_by = excluded.silenced_by
            """, arguments: [alert.fingerprint, alert.name, alert.severity.rawValue,
                             AlertSeverity.allCases.firstIndex(of: alert.severity), alert.state.rawValue,
                             alert.siteID, alert.serviceID, alert.summary, try StoredJSON.encode(alert.labels),
                             try StoredJSON.encode(alert.annotations), alert.startsAt, alert.endsAt,
                             try StoredJSON.encodeValue(alert.silenceIDs)])
    }

    /// A plan and its steps, new or written again (a mirror of the decider's):
    /// upserted, never replaced, so what refers to them (approvals) stays.
    private static func writePlan(_ plan: FailoverPlan, steps: [PlanStep], in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO failover_plan (id, incident_id, name, from_site_id, to_site_id, proposed_at,
                                       proposed_by, runbook_hash, policy, drill, kept_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET incident_id = excluded.incident_id, name = excluded.name,
                from_site_id = excluded.from_site_id, to_site_id = excluded.to_site_id,
                proposed_at = excluded.proposed_at, proposed_by = excluded.proposed_by,
                runbook_hash = excluded.runbook_hash, policy = excluded.policy, drill = excluded.drill,
                kept_at = excluded.kept_at
            """, arguments: [plan.id, plan.incidentID, plan.name, plan.fromSiteID, plan.toSiteID, plan.proposedAt,
                             plan.proposedBy, plan.runbookHash, try StoredJSON.encodeValue(plan.policy),
                             try plan.drill.map(StoredJSON.encodeValue), plan.keptAt])
        try writeSteps(steps, planID: plan.id, in: db)
    }

    private static func writeSteps(_ steps: [PlanStep], planID: String, in db: Database) throws {
        for step in steps {
            try db.execute(sql: """
                INSERT INTO plan_step (plan_id, number, key, title, action, requires_approval, approvers_required,
                                       changes_production, state, updated_at, output, spec, awaiting_since, started_at, ended_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(plan_id, number) DO UPDATE SET key = excluded.key, title = excluded.title,
                    action = excluded.action, requires_approval = excluded.requires_approval,
                    approvers_required = excluded.approvers_required, changes_production = excluded.changes_production,
                    state = excluded.state, updated_at = excluded.updated_at, output = excluded.output, spec = excluded.spec,
                    awaiting_since = excluded.awaiting_since, started_at = excluded.started_at, ended_at = excluded.ended_at
                """, arguments: [planID, step.number, step.key, step.title, step.action, step.requiresApproval,
                                 step.approversRequired, step.changesProduction, step.state.rawValue,
                                 step.updatedAt, step.output, try step.spec.map(StoredJSON.encodeValue),
                                 step.awaitingSince ?? (step.state == .awaitingApproval ? step.updatedAt : nil),
                                 step.startedAt, step.endedAt])
        }
    }
}

/// Label and annotation maps as stored: JSON with sorted keys, so equal maps
/// are equal text.
enum StoredJSON {
    static func encode(_ map: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(map), as: UTF8.self)
    }

    static func encodeValue<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decodeValue<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(type, from: Data(text.utf8))
    }

    static func decode(_ text: String) -> [String: String] {
        // Never drop what was stored: unparsable text is shown as it is.
        FlatJSON.stringMap(text) ?? (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? ["(unparsed)": text]
    }

    /// A plan's drill marker; a marker that cannot be read is a drill run dry:
    /// nothing a drill did not mean to run is run.
    static func decodeDrill(_ text: String?) -> PlanDrill? {
        guard let text else { return nil }
        return decodeValue(PlanDrill.self, text) ?? PlanDrill(id: "unreadable", dryRun: true)
    }

    static func decodeStrings(_ text: String?) -> [String]? {
        guard let text else { return nil }
        return FlatJSON.stringArray(text) ?? decodeValue([String].self, text)
    }
}
