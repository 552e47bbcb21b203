import Foundation
import WarRoomCluster
import WarRoomModel

/// The cluster's cost on a real etcd: `observers` agents, each publishing its
/// view of `sites` sites and reading everyone's every round, as the agents
/// of a deployment do every detection interval. Per agent per round: the
/// requests, the bytes of their bodies each way, and how long a round took.
/// With `incident`, the decider also records an open incident whose timeline
/// grows a line every round (an outage being worked), which every other agent mirrors.
struct ClusterBench {
    var endpoints: [String]
    var sites: Int
    var observers: Int
    var rounds: Int
    var incident: Bool

    struct Figures {
        var requests: Double
        var sentBytes: Double
        var receivedBytes: Double
        var roundMillisecondsP50: Double
        var roundMillisecondsP99: Double
        var viewsRead: Int
    }

    func run() async -> Figures {
        let siteIDs = (1...sites).map { "site-\($0)" }
        let observerIDs = Array(siteIDs.prefix(observers))
        let settings = ClusterSettings(name: "bench-" + UUID().uuidString.prefix(8).lowercased(), endpoints: endpoints,
                                       leaseSeconds: 10)
        let rule = VerdictRule(failedRounds: 3, staleAfterSeconds: 30)
        let meters = observerIDs.map { _ in ClusterTraffic() }
        // Each agent asks its own site's member first, as a deployment's configuration would list them.
        var members: [ClusterMember] = []
        for index in observerIDs.indices {
            let first = index % endpoints.count
            let ordered = Array(endpoints[first...]) + Array(endpoints[..<first])
            let store = EtcdGateway(endpoints: ordered, timeout: 5, traffic: meters[index])
            members.append(ClusterMember(store: store, settings: settings, siteID: observerIDs[index], sites: siteIDs,
                                         observers: observerIDs, rule: rule))
        }
        var durations: [Double] = []
        var viewsRead = 0
        // One round first: leases granted, the decider elected (not what a steady round costs).
        for (index, member) in members.enumerated() {
            _ = await member.round(publishing: views(by: observerIDs[index], of: siteIDs, round: 0), at: 0)
        }
        meters.forEach { _ = $0.take() }
        for round in 1...rounds {
            for (index, member) in members.enumerated() {
                let start = ContinuousClock.now
                let shared = incident ? [record(round: round, keptAt: observerIDs[index])] : []
                let status = await member.round(publishing: views(by: observerIDs[index], of: siteIDs, round: Int64(round)),
                                                sharing: { _, _ in shared }, at: EpochMillis(round * 5000)).status
                let elapsed = ContinuousClock.now - start
                durations.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
                viewsRead = status.views.count
            }
        }
        let totals = meters.map { $0.take() }
        for member in members { await member.leave() }
        let perAgentRound = Double(rounds * observers)
        durations.sort()
        return Figures(requests: Double(totals.map(\.requests).reduce(0, +)) / perAgentRound,
                       sentBytes: Double(totals.map(\.sent).reduce(0, +)) / perAgentRound,
                       receivedBytes: Double(totals.map(\.received).reduce(0, +)) / perAgentRound,
                       roundMillisecondsP50: durations[durations.count / 2],
                       roundMillisecondsP99: durations[min(durations.count - 1, durations.count * 99 / 100)],
                       viewsRead: viewsRead)
    }

    /// An outage's incident as its decider records it after `round` rounds: a
    /// plan of eight steps, 40 timeline lines and one more each round.
    private func record(round: Int, keptAt: String) -> SharedIncident {
        let incident = Incident(id: "INC-0042", title: "site-1 primary site down", severity: .sev1, status: .mitigating,
                                commander: "ana", serviceID: "orders", impactStartedAt: 0, openedAt: 5000, siteID: "site-1")
        let plan = FailoverPlan(id: "PLAN-0042", incidentID: "INC-0042", name: "Site failover site-1 → site-2", fromSiteID: "site-1",
                                toSiteID: "site-2", proposedAt: 5000, proposedBy: "agent", runbookHash: "sha256:" + String(repeating: "ab", count: 32))
        let steps = (1...8).map { number in
            PlanStep(planID: "PLAN-0042", number: number, key: "step-\(number)", title: "Step \(number) of the failover runbook",
                     action: "/usr/local/bin/failover-step --step \(number) --target site-2", requiresApproval: true,
                     approversRequired: number == 3 ? 2 : 1, changesProduction: number > 2,
                     state: number < 3 ? .succeeded : .awaitingApproval, updatedAt: 5000, output: number < 3 ? "done in 2.1 s" : "")
        }
        let timeline = (0..<(40 + round)).map {
            TimelineEvent(incidentID: "INC-0042", at: EpochMillis(5000 + $0 * 1000), kind: .detection, actor: "agent",
                          text: "Observers: site-1 down for \($0 + 3) rounds (orders: connect to 10.0.0.1:5432: connection refused)")
        }
        return SharedIncident(incident: incident, timeline: timeline, plans: [SharedPlan(plan: plan, steps: steps)], keptAt: keptAt).bounded()
    }

    /// `observer`'s view of every site: up, one in ten down with a failing check (a realistic size).
    private func views(by observer: String, of sites: [String], round: Int64) -> [ObserverView] {
        sites.enumerated().map { index, site in
            let down = index % 10 == 9
            return ObserverView(observerSiteID: observer, siteID: site, state: down ? .down : .up,
                                failing: down ? [FailingService(serviceID: "orders", reason: "connect to 10.0.0.\(index % 250):5432: connection refused")] : [],
                                failedRounds: down ? 2 : 0, observedAt: EpochMillis(round * 5000), round: round, version: "0.1.0")
        }
    }
}
