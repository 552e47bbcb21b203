import Testing
import WarRoomModel

@Suite("Numbers as operators read them")
struct FormatTests {
    @Test("durations", arguments: [
        (0.0, "0 s"), (0.042, "42 ms"), (4.25, "4.3 s"), (5.0, "5 s"), (38.4, "38 s"), (363, "6m03s"),
        (900, "15m"), (7500, "2h05m"), (3600, "1h"), (-90, "-1m30s"), (Double.nan, "?"),
    ])
    func durations(value: Double, text: String) {
        #expect(Format.seconds(value) == text)
    }

    @Test("bytes and shares")
    func bytesAndShares() {
        #expect(Format.bytes(512) == "512 B")
        #expect(Format.bytes(49_152) == "48.0 KiB")
        #expect(Format.bytes(3_250_585) == "3.1 MiB")
        #expect(Format.percent(0.3824) == "38.2 %")
        #expect(Format.fixed(-0.04, 1) == "0.0")
        #expect(Format.fixed(2.05, 0) == "2")
    }

    @Test("an alert fingerprint depends on the labels, not their order")
    func fingerprint() {
        let a = Alert.fingerprint(of: ["alertname": "SiteDown", "site": "london"])
        let b = Alert.fingerprint(of: ["site": "london", "alertname": "SiteDown"])
        let c = Alert.fingerprint(of: ["alertname": "SiteDown", "site": "singapore"])
        #expect(a == b)
        #expect(a != c)
        #expect(a.count == 16)
    }

    @Test("UTC times without Foundation", arguments: [
        (EpochMillis(0), "1970-01-01 00:00:00 UTC"), (EpochMillis(1_795_424_400_000), "2026-11-23 09:00:00 UTC"),
        (EpochMillis(951_782_400_000), "2000-02-29 00:00:00 UTC"), (EpochMillis(-1000), "1969-12-31 23:59:59 UTC"),
        (EpochMillis(4_107_542_399_999), "2100-02-28 23:59:59 UTC"),
    ])
    func utc(instant: EpochMillis, text: String) {
        #expect(Format.utc(instant) == text)
    }

    @Test("ticking times: seconds below a minute, whole minutes rounded down above", arguments: [
        (0.4, "0 s"), (9.9, "9 s"), (59.9, "59 s"), (60.0, "1m"), (119.0, "1m"), (450.0, "7m"), (3599.0, "59m"),
        (3600.0, "1h"), (7_530.0, "2h05m"), (-30.0, "-30 s"), (-125.0, "-2m"), (Double.infinity, "?"),
    ])
    func age(seconds: Double, text: String) {
        #expect(Format.age(seconds) == text)
    }
}
