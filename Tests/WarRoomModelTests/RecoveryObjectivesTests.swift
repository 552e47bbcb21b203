import Testing
import WarRoomModel

@Suite("RPO and RTO rules")
struct RecoveryObjectivesTests {
    @Test("lag well inside the RPO is ok")
    func lagInsideRPO() {
        #expect(RecoveryObjectives.rpoStatus(dataAtRiskSeconds: 0.03, state: .streaming, rpoSeconds: 5) == .ok)
        #expect(RecoveryObjectives.rpoStatus(dataAtRiskSeconds: 3.99, state: .streaming, rpoSeconds: 5) == .ok)
    }

    @Test("lag at 80 % of the RPO or more warns, up to the RPO itself")
    func warningBand() {
        #expect(RecoveryObjectives.rpoStatus(dataAtRiskSeconds: 4.0, state: .streaming, rpoSeconds: 5) == .warning)
        #expect(RecoveryObjectives.rpoStatus(dataAtRiskSeconds: 5.0, state: .catchingUp, rpoSeconds: 5) == .warning)
    }

    @Test("lag over the RPO is a breach")
    func breach() {
        #expect(RecoveryObjectives.rpoStatus(dataAtRiskSeconds: 5.001, state: .streaming, rpoSeconds: 5) == .breach)
        #expect(RecoveryObjectives.rpoStatus(dataAtRiskSeconds: 41, state: .disconnected, rpoSeconds: 5) == .breach)
    }

    @Test("an RPO of zero allows no lag at all")
    func zeroRPO() {
        #expect(RecoveryObjectives.rpoStatus(dataAtRiskSeconds: 0, state: .streaming, rpoSeconds: 0) == .ok)
        #expect(RecoveryObjectives.rpoStatus(dataAtRiskSeconds: 0.001, state: .streaming, rpoSeconds: 0) == .breach)
    }

    @Test("unknown lag is never taken as zero", arguments: [
        (Double?.none, LinkState.streaming),
        (Double?.some(0), LinkState.unknown),
        (Double?.some(.nan), LinkState.streaming),
        (Double?.some(-1), LinkState.streaming),
        (Double?.none, LinkState.disconnected),
    ])
    func unknownLag(lag: Double?, state: LinkState) {
        #expect(RecoveryObjectives.rpoStatus(dataAtRiskSeconds: lag, state: state, rpoSeconds: 5) == .unknown)
    }

    @Test("a disconnected link is never ok, even inside its RPO")
    func disconnectedNeverOK() {
        #expect(RecoveryObjectives.rpoStatus(dataAtRiskSeconds: 0.5, state: .disconnected, rpoSeconds: 5) == .warning)
    }

    @Test("a link judges its own lag against its own RPO")
    func linkStatus() {
        var link = ReplicationLink(id: "x", dataType: "registry", sourceSiteID: "a", targetSiteID: "b",
                                   mode: .async, rpoSeconds: 5)
        #expect(link.rpoStatus == .unknown)
        link.state = .streaming
        link.dataAtRiskSeconds = 6
        #expect(link.rpoStatus == .breach)
    }

    @Test("RTO: ok below 80 %, warning from 80 %, breach past the RTO")
    func rto() {
        #expect(RecoveryObjectives.rtoStatus(elapsedSeconds: 0, rtoSeconds: 900) == .ok)
        #expect(RecoveryObjectives.rtoStatus(elapsedSeconds: 719, rtoSeconds: 900) == .ok)
        #expect(RecoveryObjectives.rtoStatus(elapsedSeconds: 720, rtoSeconds: 900) == .warning)
        #expect(RecoveryObjectives.rtoStatus(elapsedSeconds: 900, rtoSeconds: 900) == .warning)
        #expect(RecoveryObjectives.rtoStatus(elapsedSeconds: 901, rtoSeconds: 900) == .breach)
    }

    @Test("the RTO clock counts from the start of impact and goes negative once breached")
    func rtoClock() {
        let start: EpochMillis = 1_000_000
        let clock = RecoveryObjectives.rtoClock(start: start, now: start + 1_000_000, rtoSeconds: 900)
        #expect(clock.elapsedSeconds == 1000)
        #expect(clock.remainingSeconds == -100)
        #expect(clock.status == .breach)
        let early = RecoveryObjectives.rtoClock(start: start, now: start - 5000, rtoSeconds: 900)
        #expect(early.elapsedSeconds == 0)
        #expect(early.status == .ok)
    }
}
