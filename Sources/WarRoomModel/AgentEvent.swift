/// Something the agent saw or decided, as it is written to the cache: a
/// health check, a lag measurement, an alert, an incident, a plan. The
/// simulator and the real probes produce the same events, so the demo
/// exercises the agent's write path.
public enum AgentEvent: Sendable, Equatable {
    /// The sites, services and links being watched (upserted; order kept).
    case topology(sites: [Site], services: [Service], links: [ReplicationLink])
    /// A site's current share of production load.
    case siteLoad(siteID: String, loadPercent: Double)
    /// A health-check result: becomes the current check and a sample.
    case health(HealthCheck)
    /// A replication measurement: becomes the link's current state and a sample.
    case replication(ReplicationObservation)
    /// An alert, new or changed (upserted by fingerprint).
    case alert(Alert)
    /// The fingerprints an alert source (Alertmanager) holds now: every other
    /// alert not yet resolved has ended, and is resolved at `at` (or at its
    /// own end time when that is earlier).
    case alertsPresent(fingerprints: [String], at: EpochMillis)
    /// A source read whole answers again, or stopped answering.
    case sourceStatus(SourceStatus)
    /// An incident, new or changed (upserted by id).
    case incident(Incident)
    case timeline(TimelineEvent)
    /// A failover plan with all its steps.
    case plan(FailoverPlan, steps: [PlanStep])
    /// A step added to an existing plan (a rollback offered after a failure).
    case addStep(PlanStep)
    /// How automatic failover is set up: who may pause it and the anti-flap
    /// window (a pause and the last automatic failover are kept).
    case automation(approvers: ApproverPolicy, antiFlapSeconds: Double)
    /// The agent started a plan automatically: the anti-flap window counts from `at`.
    case automaticFailover(planID: String, at: EpochMillis)
    /// A standby's data store answers as a primary: its site becomes the
    /// primary and the former primary takes the site's old role.
    /// `linkID` names the one store seen promoted: its data type's recovery
    /// point is taken then; `nil` (the simulator) takes every link's at once.
    case promoted(siteID: String, formerPrimaryID: String, evidence: String, at: EpochMillis, linkID: String? = nil)
    /// Both ends of a link answer as primaries (upserted by link; `endedAt` set when it ends).
    case splitBrain(SplitBrain)
    /// The failovers the configuration prepares (replacing those written before).
    case failovers([ConfiguredFailover])
    /// The system's wall clock stepped: said on every open incident's timeline.
    case clockStepped(ClockStep)
    /// What this agent last read of its cluster (replacing the views held), or,
    /// with ``ClusterStatus/cutOffSince`` set, that it reads nothing now (views frozen).
    case cluster(ClusterStatus)
    /// The consoles other sites' agents hear from, as this agent (at
    /// `siteID`) read them from the cluster: replacing those held before.
    case consoles([ConsolePresence], siteID: String)
    /// This agent works alone (its configuration has no cluster, or no site):
    /// what it last read of a cluster is forgotten, so nothing is refused or
    /// shown for a cluster it no longer belongs to.
    case alone
    /// Incidents the cluster's decider recorded, as this agent (at `siteID`)
    /// read them: mirrored into its cache, each kept at the site that decided
    /// it (this site's own when it did).
    case sharedIncidents([SharedIncident], siteID: String)
    /// The decider's records of these incidents are gone from the cluster
    /// (pruned after their resolution): a mirror still open here is closed
    /// as resolved at `at`, saying so.
    case sharedIncidentsGone([String], at: EpochMillis)
    /// Every decision on a step and change to an incident the cluster
    /// holds: those this cache has not mirrored yet are added in the order
    /// the cluster committed them, each with its audit entry; decisions
    /// settle their steps' states, changes their incidents.
    case sharedDecisions(SharedLedger)
    /// This site's agent decides now: the incidents and plans it mirrored
    /// become its own; a step that was running where they were kept becomes
    /// `unknown`, never run again.
    case tookOverDecisions(siteID: String, at: EpochMillis)
    /// A data type restored from backup at a site (a data-corruption recovery):
    /// the incident keeps what the restore lost as that data type's recovery
    /// point, and `evidence` on its timeline.
    case restored(incidentID: String, point: RecoveryPoint, evidence: String)
    /// A link replicates from its source to a standby in recovery again: both
    /// sites play their configured roles.
    case replicatingAsConfigured(sourceSiteID: String, targetSiteID: String)
    /// A step changes state (with output captured so far).
    case stepState(planID: String, number: Int, state: StepState, output: String?, at: EpochMillis)
}
