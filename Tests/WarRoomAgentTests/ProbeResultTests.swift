import Testing
import WarRoomModel
import WarRoomProbes

@Suite("Reading what probes get back")
struct ProbeResultTests {
    @Test("plugin exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 and anything else UNKNOWN")
    func exitCodes() {
        let states = [0, 1, 2, 3, 4, 127, -1].map { PluginOutput(exitStatus: Int32($0), output: "x").state }
        #expect(states == [.ok, .warning, .critical, .unknown, .unknown, .unknown, .unknown])
        #expect(PluginOutput(exitStatus: nil, output: "killed").state == .unknown)
    }

    @Test("the first line is the summary; performance data are parsed with units, thresholds and bounds")
    func performanceData() {
        let output = PluginOutput(exitStatus: 1, output: """
            DISK WARNING - free space: / 3326 MB (8%); | '/ used'=31452MB;32000;33000;0;35000 inodes=92%;90;95 time=0.012s;;;0
            a second line of long output
            | load1=0.52;4;8;0 garbage
            """)
        #expect(output.summary == "DISK WARNING - free space: / 3326 MB (8%);")
        #expect(output.performance == [
            PerformanceDatum(label: "/ used", value: 31452, unit: "MB", warning: "32000", critical: "33000", minimum: 0, maximum: 35000),
            PerformanceDatum(label: "inodes", value: 92, unit: "%", warning: "90", critical: "95"),
            PerformanceDatum(label: "time", value: 0.012, unit: "s", minimum: 0),
            PerformanceDatum(label: "load1", value: 0.52, warning: "4", critical: "8", minimum: 0),
        ])
        #expect(output.unreadablePerformance == ["garbage"], "kept, never dropped silently")
        #expect(PluginOutput(exitStatus: 0, output: "").summary == "(no output)")
    }

    static let check = HTTPCheck(url: "http://127.0.0.1/health")

    static func judge(_ status: Int, _ body: String, contentType: String? = "application/health+json",
                      check: HTTPCheck = check) -> HealthResponse {
        HealthResponse.judge(status: status, contentType: contentType, body: Array(body.utf8), check: check)
    }

    @Test("health+json: pass, warn and fail map to ok, warning and critical, naming the failing checks")
    func healthJSON() {
        #expect(Self.judge(200, #"{"status": "pass"}"#).state == .ok)
        let warn = Self.judge(200, #"{"status": "warn", "checks": {"db:connections": [{"status": "warn"}], "cpu": [{"status": "pass"}]}}"#)
        #expect(warn == HealthResponse(state: .warning, detail: "health+json status warn (db:connections)"))
        let fail = Self.judge(503, #"{"status": "fail", "output": "primary unreachable"}"#)
        #expect(fail == HealthResponse(state: .critical, detail: "HTTP 503; health+json status fail: primary unreachable"))
        #expect(Self.judge(200, "not json").state == .unknown, "a health+json endpoint that says nothing readable is not ok")
        #expect(Self.judge(200, #"{"status": "maybe"}"#).state == .unknown)
    }

    @Test("plain HTTP: any 2xx is ok unless an exact status or body text is expected")
    func plainHTTP() {
        #expect(Self.judge(204, "", contentType: nil).state == .ok)
        #expect(Self.judge(500, "oops", contentType: "text/plain") == HealthResponse(state: .critical, detail: "HTTP 500"))
        let expecting = HTTPCheck(url: "http://x/", expectStatus: 200, bodyContains: "pass")
        #expect(Self.judge(204, "", contentType: nil, check: expecting).detail == "HTTP 204, expected 200")
        #expect(Self.judge(200, "FAIL", contentType: nil, check: expecting).state == .critical)
        #expect(Self.judge(200, "all pass", contentType: nil, check: expecting).state == .ok)
    }
}
