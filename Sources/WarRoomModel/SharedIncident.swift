/// An incident as a cluster's decider records it in the store its agents
/// share: the incident, its latest timeline lines and its plans with each
/// step's state. Every other agent mirrors it into its own cache, so every
/// site's console shows the same incident, number and plan.
///
/// Bounded (``bounded()``): a record in the store is read by every agent
/// every round, and its text comes partly from outside (command output).
public struct SharedIncident: Codable, Sendable, Equatable {
    public var incident: Incident
    /// The latest lines, oldest first (at most ``timelineLimit``).
    public var timeline: [TimelineEvent]
    public var plans: [SharedPlan]
    /// The site whose agent decided when this was recorded: it keeps the incident.
    public var keptAt: String
    /// The latest of the incident's changes (``SharedIncidentChange``) the
    /// record includes, by revision: a mirror applies again those after it,
    /// which the decider had not read when it wrote the record.
    public var changesThrough: Int64?

    /// How long the decider keeps a resolved incident's record (its agent's
    /// clock): every agent reads every record every round, so records do not
    /// pile up; an agent away longer closes its mirror when the record is gone.
    public static let keptAfterResolutionSeconds = 86_400.0

    /// Lines of timeline a record carries.
    public static let timelineLimit = 200
    /// Characters of one line's text, of a title, of one step's output.
    public static let textLimit = 500
    public static let outputLimit = 2000

    public init(incident: Incident, timeline: [TimelineEvent], plans: [SharedPlan], keptAt: String, changesThrough: Int64? = nil) {
        self.incident = incident
        self.timeline = timeline
        self.plans = plans
        self.keptAt = keptAt
        self.changesThrough = changesThrough
    }

    /// This record within its limits: the latest lines, texts cut with a
    /// mark, a step's output keeping its end (where a failure is said). Local
    /// facts stay out: which site keeps it is said by ``keptAt``, and a
    /// step's process group is a number only its own machine can check.
    public func bounded() -> SharedIncident {
        var record = self
        record.incident.keptAt = nil
        record.incident.title = Self.cut(incident.title, to: Self.textLimit)
        record.timeline = timeline.suffix(Self.timelineLimit).map { line in
            var line = line
            line.text = Self.cut(line.text, to: Self.textLimit)
            return line
        }
        record.plans = plans.map { shared in
            var shared = shared
            shared.plan.keptAt = nil
            shared.approvals = shared.approvals.map { approval in
                var approval = approval
                approval.comment = Self.cut(approval.comment, to: Self.textLimit)
                // Facts cut would not be JSON: past the bound they stay with the decider's record.
                if approval.preflightFacts.count > Self.outputLimit {
                    approval.preflightFacts = #"{"note":"the pre-flight facts are kept at the decider (longer than the shared record holds)"}"#
                }
                return approval
            }
            shared.steps = shared.steps.map { step in
                var step = step
                step.processGroup = nil
                step.processStartTicks = nil
                if step.output.count > Self.outputLimit { step.output = "…" + String(step.output.suffix(Self.outputLimit - 1)) }
                return step
            }
            return shared
        }
        return record
    }

    private static func cut(_ text: String, to limit: Int) -> String {
        text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }
}

/// A plan as a ``SharedIncident`` carries it: the plan, every step with its
/// state, and the approvals and rejections given at the decider, so every
/// site shows who decided each step.
public struct SharedPlan: Codable, Sendable, Equatable {
    public var plan: FailoverPlan
    public var steps: [PlanStep]
    public var approvals: [Approval]

    public init(plan: FailoverPlan, steps: [PlanStep], approvals: [Approval] = []) {
        self.plan = plan
        self.steps = steps
        self.approvals = approvals
    }

    private enum CodingKeys: String, CodingKey { case plan, steps, approvals }

    /// A record written before approvals were shared carries none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        plan = try container.decode(FailoverPlan.self, forKey: .plan)
        steps = try container.decode([PlanStep].self, forKey: .steps)
        approvals = try container.decodeIfPresent([Approval].self, forKey: .approvals) ?? []
    }
}
