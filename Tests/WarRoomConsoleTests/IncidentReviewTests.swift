import Foundation
import Testing
import WarRoomConsole
import WarRoomModel
import WarRoomReports
import WarRoomStore
import WarRoomTestSupport

@Suite("Post-incident review export and drill results")
struct IncidentReviewTests {
    @Test("a site-failure drill in the demo: its result's figures are the simulated times, and its review is the golden one")
    func demoDrill() throws {
        let fixture = try DrillFixture()
        let result = try #require(fixture.result, "the drill finished once its plan ended")
        let reader = try CacheReader(path: fixture.path)
        let review = try #require(try reader.incidentReview("INC-0001", at: DemoCacheFixture.start + 3_600_000))
        let plan = try #require(review.plans.first)
        // The figures are the cache's own instants: detection, the last step's end, each promotion.
        let lastEnd = try #require(plan.steps.compactMap(\.endedAt).max())
        #expect(result.detectedAt == review.incident.openedAt)
        #expect(result.failoverSeconds == lastEnd.seconds(since: review.incident.openedAt))
        #expect(result.services.count == 5 && result.services.allSatisfy { $0.restoredAt == lastEnd && $0.metRTO })
        let promotion = try #require(plan.steps.first { $0.key.hasPrefix("promote-") }?.endedAt)
        #expect(result.dataTypes.count == 6 && result.dataTypes.allSatisfy { $0.promotedAt == promotion })
        #expect(result.approvals.map(\.operatorName) == ["alice", "alice", "bob", "bob", "alice"])
        #expect(result.approvals.allSatisfy { $0.decidedAt == fixture.approvedAt })
        #expect(result.succeeded && review.incident.status == .resolved && review.drillID == "DRILL-0001")
        try GoldenFile.expect("review-demo-drill.md", IncidentReviewExport(review).markdown())
        try Self.expectKeysInSchema(IncidentReviewExport(review).json())
        // Exports are written by ReportJSON: byte for byte what JSONEncoder writes.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let export = IncidentReviewExport(review)
        #expect(try export.json() == String(decoding: try encoder.encode(export.review), as: UTF8.self) + "\n")
        let report = DrillReport(results: [result], since: nil)
        #expect(try report.json() == String(decoding: try encoder.encode(report), as: UTF8.self) + "\n")
        // The Drills screen on the same cache: the history, the trend and the selected drill's steps and waits.
        let snapshot = try reader.snapshot(limits: SnapshotLimits(topAlerts: 10, timeline: ListWindow(limit: 100, newestFirst: true),
                                                                  drills: 200))
        let context = ConsoleContext(snapshot: snapshot, wallNow: DemoCacheFixture.start + 3_600_000, clock: .utc,
                                     glyphs: .unicode, operatorName: "alice")
        var state = UIState()
        state.screen = .drills
        for (width, height) in [(80, 24), (160, 48)] {
            try GoldenFile.expect("drills-demo-drill-\(width)x\(height).txt",
                                  ConsoleView.render(context, state: state, width: width, height: height).text + "\n")
        }
        // The Incident screen keeps the resolved drill incident on show, its clock stopped.
        state.screen = .incident
        state.timelineNewestFirst = true
        try GoldenFile.expect("incident-resolved-drill-80x24.txt", ConsoleView.render(context, state: state, width: 80, height: 24).text + "\n")
    }

    @Test("text from outside is sanitized in both formats; a step's output is bounded and cannot close its code block")
    func hostileText() throws {
        let incident = Incident(id: "INC-0009", title: "evil \u{1B}]0;pwned\u{07} | title", severity: .sev2, status: .investigating,
                                commander: "alice", serviceID: "core", impactStartedAt: 0, openedAt: 1000)
        let output = (["```", "\u{1B}[2Jcleared"] + (1...40).map { "line \($0)" }).joined(separator: "\n")
        let step = PlanStep(planID: "P", number: 1, key: "k", title: "t", action: "a", requiresApproval: false,
                            approversRequired: 0, changesProduction: false, state: .failed, updatedAt: 0, output: output)
        let plan = FailoverPlan(id: "P", incidentID: "INC-0009", name: "p", fromSiteID: "a", toSiteID: "b", proposedAt: 0,
                                proposedBy: "agent", runbookHash: "h")
        let review = IncidentReview(
            incident: incident, drillID: nil, siteName: nil, generatedAt: 61_000, services: [], dataTypes: [],
            timeline: [TimelineEvent(incidentID: "INC-0009", at: 5, kind: .note, actor: "bob", text: "a\nb | \u{1B}[31mred")],
            plans: [IncidentReview.PlanRecord(plan: plan, steps: [step])], approvals: [])
        let export = IncidentReviewExport(review)
        for text in [export.markdown(), try export.json()] {
            #expect(!text.contains("\u{1B}") && !text.contains("\u{07}"), "no escape reaches a terminal that shows the file")
        }
        let markdown = export.markdown()
        #expect(markdown.contains("| note | bob | a b \\| ") && markdown.contains("red |\n"), "a timeline line stays one table row")
        #expect(!markdown.contains("   ```\n   ```"), "the output's own fence is defused")
        #expect(markdown.contains("[cut: 22 more line(s)]") && !markdown.contains("line 19"))
        #expect(markdown.contains("- **Duration**: 1m01s so far (not resolved)"))
        #expect(markdown.contains("_evil \\e]0;pwned\\x07 \\| title_") == false && markdown.contains("_evil \\e]0;pwned\\x07 | title_"),
                "sanitized once: what a terminal shows of the escape, not an escape of that")
        #expect(markdown.contains("## What went well") && markdown.contains("| ID | Description | Owner | Due Date | Status |"))
    }

    /// Every key the JSON export writes is one the shipped schema names (the
    /// e2e script validates it fully with python3-jsonschema; this catches drift in `swift test`).
    static func expectKeysInSchema(_ json: String) throws {
        let schemaURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Schemas/incident-review.schema.json")
        let schema = try JSONSerialization.jsonObject(with: Data(contentsOf: schemaURL))
        let instance = try JSONSerialization.jsonObject(with: Data(json.utf8))
        func walk(_ value: Any, _ schema: Any, path: String) {
            guard let schema = schema as? [String: Any] else { return }
            if let object = value as? [String: Any], let properties = schema["properties"] as? [String: Any] {
                for (key, child) in object {
                    guard let childSchema = properties[key] else {
                        Issue.record("\(path).\(key) is exported but not in the schema")
                        continue
                    }
                    walk(child, childSchema, path: "\(path).\(key)")
                }
                for case let required as String in schema["required"] as? [Any] ?? [] where object[required] == nil {
                    Issue.record("\(path).\(required) is required by the schema but not exported")
                }
            } else if let array = value as? [Any], let items = schema["items"] {
                for (index, element) in array.enumerated() { walk(element, items, path: "\(path)[\(index)]") }
            }
        }
        walk(instance, schema, path: "$")
    }
}
