import Testing
import WarRoomModel

@Suite("A step's output on the timeline")
struct StepOutputTests {
    @Test("every line of a short output, blank lines dropped")
    func shortOutput() {
        #expect(StepOutput.summary("pg_ctl: promoting\n\nserver promoted\n[exit status 0]") ==
                "pg_ctl: promoting | server promoted | [exit status 0]")
        #expect(StepOutput.summary("") == "")
        #expect(StepOutput.summary("one line") == "one line")
    }

    @Test("a long output keeps its head and its tail, where the failure says why, and counts the middle")
    func longOutput() {
        let output = (1...10).map { "line \($0)" }.joined(separator: "\n") + "\nERROR: replica not caught up\n[exit status 3]"
        #expect(StepOutput.summary(output) ==
                "line 1 | line 2 | line 3 | … 7 more lines … | ERROR: replica not caught up | [exit status 3]")
    }

    @Test("one very long line is cut")
    func longLine() {
        let summary = StepOutput.summary(String(repeating: "x", count: 5000))
        #expect(summary.count == StepOutput.lineLimit + 1 && summary.hasSuffix("…"))
    }
}
