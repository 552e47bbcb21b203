import GRDB
import WarRoomModel

/// The bounded queries behind a snapshot, and how rows become domain values.
/// Values this build does not know (a state a newer agent wrote) read as
/// `unknown`, never as healthy.
enum SnapshotQueries {
    static func snapshot(_ db: Database, limits: SnapshotLimits) throws -> CacheSnapshot {
        var snapshot = CacheSnapshot()
        snapshot.sites = try Row.fetchAll(db, sql: "SELECT * FROM site ORDER BY position, id").map(site)
        snapshot.services = try Row.fetchAll(db, sql: "SELECT * FROM service ORDER BY position, id").map(service)
        snapshot.healthChecks = try Row.fetchAll(db, sql: "SELECT * FROM health_check ORDER BY site_id, service_id")
            .map(healthCheck)
        snapshot.links = try Row.fetchAll(db, sql: "SELECT * FROM replication_link ORDER BY position, id")
            .map(link)
        for row in try Row.fetchAll(db, sql: "SELECT severity, count(*) AS n FROM alert WHERE state = 'firing' GROUP BY severity") {
            if let severity = AlertSeverity(rawValue: row["severity"]) { snapshot.firingCounts[severity] = row["n"] }
        }
        snapshot.topAlerts = try Row.fetchAll(db, sql: """
            SELECT * FROM alert WHERE state = 'firing' ORDER BY severity_rank DESC, starts_at DESC, fingerprint LIMIT ?
            """, arguments: [limits.topAlerts]).map(alert)
        snapshot.openIncidents = try Row.fetchAll(db, sql: """
            SELECT * FROM incident WHERE status IN ('open', 'mitigated') ORDER BY opened_at DESC, id LIMIT ?
            """, arguments: [limits.incidents]).map(incident)
        for incident in snapshot.openIncidents {
            let plans = try Row.fetchAll(db, sql: """
                SELECT * FROM failover_plan WHERE incident_id = ? ORDER BY proposed_at, id LIMIT ?
                """, arguments: [incident.id, limits.plansPerIncident]).map(plan)
            snapshot.plans += plans
            for plan in plans {
                snapshot.steps += try Row.fetchAll(db, sql: "SELECT * FROM plan_step WHERE plan_id = ? ORDER BY number",
                                                   arguments: [plan.id]).map(step)
            }
        }
        snapshot.heartbeat = try Row.fetchOne(db, sql: "SELECT * FROM agent_heartbeat WHERE id = 1").map(heartbeat)
        return snapshot
    }

    static func lagHistory(_ db: Database, linkID: String, limit: Int) throws -> [ReplicationSample] {
        try Row.fetchAll(db, sql: """
            SELECT * FROM replication_sample WHERE link_id = ? ORDER BY observed_at DESC LIMIT ?
            """, arguments: [linkID, limit])
            .map { row in
                ReplicationSample(observedAt: row["observed_at"], state: LinkState(rawValue: row["state"]) ?? .unknown,
                                  lagSeconds: row["lag_s"], lagBytes: row["lag_bytes"])
            }
            .reversed()
    }

    static func site(_ row: Row) -> Site {
        Site(id: row["id"], name: row["name"], location: row["location"],
             role: SiteRole(rawValue: row["role"]) ?? .tertiary,
             capacityPercent: row["capacity_pct"], loadPercent: row["load_pct"])
    }

    static func service(_ row: Row) -> Service {
        Service(id: row["id"], name: row["name"], tier: row["tier"], rtoSeconds: row["rto_s"], rpoSeconds: row["rpo_s"])
    }

    static func healthCheck(_ row: Row) -> HealthCheck {
        HealthCheck(siteID: row["site_id"], serviceID: row["service_id"],
                    state: HealthState(rawValue: row["state"]) ?? .unknown,
                    latencyMs: row["latency_ms"], errorRate: row["error_rate"],
                    observedAt: row["observed_at"], detail: row["detail"])
    }

    static func link(_ row: Row) -> ReplicationLink {
        ReplicationLink(id: row["id"], dataType: row["data_type"], sourceSiteID: row["source_site_id"],
                        targetSiteID: row["target_site_id"], mode: ReplicationMode(rawValue: row["mode"]) ?? .async,
                        rpoSeconds: row["rpo_s"], state: LinkState(rawValue: row["state"]) ?? .unknown,
                        lagSeconds: row["lag_s"], lagBytes: row["lag_bytes"], observedAt: row["observed_at"])
    }

    static func alert(_ row: Row) -> Alert {
        Alert(fingerprint: row["fingerprint"], name: row["name"],
              severity: AlertSeverity(rawValue: row["severity"]) ?? .critical,
              state: AlertState(rawValue: row["state"]) ?? .firing,
              siteID: row["site_id"], serviceID: row["service_id"], summary: row["summary"],
              labels: StoredJSON.decode(row["labels"]), annotations: StoredJSON.decode(row["annotations"]),
              startsAt: row["starts_at"], endsAt: row["ends_at"])
    }

    static func incident(_ row: Row) -> Incident {
        Incident(id: row["id"], title: row["title"], severity: IncidentSeverity(rawValue: row["severity"]) ?? .sev1,
                 status: IncidentStatus(rawValue: row["status"]) ?? .open, commander: row["commander"],
                 serviceID: row["service_id"], impactStartedAt: row["impact_started_at"], openedAt: row["opened_at"],
                 mitigatedAt: row["mitigated_at"], resolvedAt: row["resolved_at"])
    }

    static func plan(_ row: Row) -> FailoverPlan {
        FailoverPlan(id: row["id"], incidentID: row["incident_id"], name: row["name"], fromSiteID: row["from_site_id"],
                     toSiteID: row["to_site_id"], proposedAt: row["proposed_at"], proposedBy: row["proposed_by"],
                     runbookHash: row["runbook_hash"])
    }

    static func step(_ row: Row) -> PlanStep {
        PlanStep(planID: row["plan_id"], number: row["number"], key: row["key"], title: row["title"],
                 action: row["action"], requiresApproval: row["requires_approval"],
                 approversRequired: row["approvers_required"], changesProduction: row["changes_production"],
                 state: StepState(rawValue: row["state"]) ?? .unknown, updatedAt: row["updated_at"],
                 output: row["output"])
    }

    static func heartbeat(_ row: Row) -> AgentHeartbeat {
        AgentHeartbeat(agentName: row["agent_name"], processID: row["pid"], wallAt: row["wall_at"],
                       clockAt: row["clock_at"], clockSpeed: row["clock_speed"], intervalSeconds: row["interval_s"],
                       startedAt: row["started_at"])
    }
}
