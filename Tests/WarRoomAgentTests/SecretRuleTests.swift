import Foundation
import Testing
import WarRoomAgent
import WarRoomModel
import WarRoomProbes

/// One secret rule for every YAML field, runbooks included; children get a
/// minimal environment plus what their check or step names.
@Suite("Secrets stay secret")
struct SecretRuleTests {
    static func runbook(env: String) -> String {
        RunbookFileTests.valid.replacingOccurrences(of: "env: { PGHOST: london-db }", with: "env: \(env)")
    }

    @Test("a runbook step's inline password is refused, naming the field and never the value")
    func inlineRefused() {
        #expect(throws: RunbookError.self) { try RunbookFile.parse(Self.runbook(env: "{ PGPASSWORD: hunter2 }"), file: "f.yaml") }
        do {
            _ = try RunbookFile.parse(Self.runbook(env: "{ PGPASSWORD: hunter2 }"), file: "f.yaml")
        } catch {
            let text = "\(error)"
            #expect(text.contains("env.PGPASSWORD") && text.contains("looks like a secret"), "\(text)")
            #expect(!text.contains("hunter2"))
        }
    }

    @Test("a reference is kept as the reference in the plan, and resolved only for the process")
    func referenceKept() throws {
        let runbook = try RunbookFile.parse(Self.runbook(env: #"{ PGPASSWORD: "env:WARROOM_TEST_PG_SECRET", PGHOST: london-db }"#),
                                            file: "f.yaml")
        let step = try #require(runbook.steps.first { $0.id == "promote-london" })
        #expect(step.spec.action.environment["PGPASSWORD"] == "env:WARROOM_TEST_PG_SECRET")
        let resolved = SecretRule.resolve(step.spec.action.environment) { $0 == .environment("WARROOM_TEST_PG_SECRET") ? "s3cret" : nil }
        #expect(try resolved.get() == ["PGPASSWORD": "s3cret", "PGHOST": "london-db"])
        let missing = SecretRule.resolve(step.spec.action.environment) { _ in nil }
        #expect(missing == .failure(SecretMissing(name: "PGPASSWORD", reference: .environment("WARROOM_TEST_PG_SECRET"))))
    }

    @Test("a child process sees PATH and what it is given, never the agent's other variables")
    func minimalEnvironment() {
        setenv("WARROOM_OTHER_CHECK_TOKEN", "leaked-if-you-see-this", 1)
        defer { unsetenv("WARROOM_OTHER_CHECK_TOKEN") }
        let result = CommandRunner.run(argv: ["/bin/sh", "-c", "env"], environment: ["GIVEN": "yes"], timeoutSeconds: 10)
        #expect(result.output.contains("GIVEN=yes"))
        #expect(result.output.contains("PATH="))
        #expect(!result.output.contains("leaked-if-you-see-this"))
    }
}
