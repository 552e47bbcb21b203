import ArgumentParser
import Foundation
import WarRoomConsole
import FleetFixture

/// Benchmarks and fixtures that are not part of `warroom` itself.
struct WarroomBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warroom-bench",
        abstract: "Fleet-scale caches and console render benchmarks.",
        subcommands: [Fleet.self, Render.self, Touch.self, Cluster.self])

    struct Cluster: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Agents sharing their views through a real etcd: requests, bytes and time per agent per round.")
        @Option(help: "etcd's client URLs, comma-separated.") var endpoints: String
        @Option(help: "Sites each observer publishes a view of.") var sites = 100
        @Option(help: "Observers (agents).") var observers = 3
        @Option(help: "Rounds (each: every observer publishes and reads).") var rounds = 20
        @Flag(help: "An open incident the decider records, its timeline a line longer every round (an outage).") var incident = false

        func run() throws {
            let bench = ClusterBench(endpoints: endpoints.split(separator: ",").map(String.init), sites: sites,
                                     observers: observers, rounds: rounds, incident: incident)
            let done = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var figures: ClusterBench.Figures?
            Task {
                figures = await bench.run()
                done.signal()
            }
            done.wait()
            guard let figures else { throw ExitCode.failure }
            let kb = { (bytes: Double) in String(format: "%.1f KB", bytes / 1024) }
            print(String(format: "%4d sites x %d observers%@: %.1f requests, %@ sent, %@ received per agent per round; round p50 %.1f ms, p99 %.1f ms; %d views read",
                         sites, observers, incident ? " + an incident changing every round" : "", figures.requests, kb(figures.sentBytes), kb(figures.receivedBytes),
                         figures.roundMillisecondsP50, figures.roundMillisecondsP99, figures.viewsRead))
        }
    }

    struct Touch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an agent's round (health results, link measurements, a heartbeat) into a cache at a steady rate, as an agent does while a console reads it.")
        @Option(help: "The cache to write into.") var cache: String
        @Option(help: "Rounds a second.") var perSecond = 5.0
        @Option(help: "How long, in seconds.") var seconds = 60.0

        func run() throws {
            let rounds = try RenderBench(path: cache).touch(perSecond: perSecond, seconds: seconds)
            print("wrote \(rounds) rounds into \(cache)")
        }
    }

    struct Fleet: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a fleet-sized cache (deterministic for a seed).")
        @Option(help: "The cache file to write (must not exist).") var cache: String
        @Option(help: "Sites.") var sites = 100
        @Option(help: "Alerts (firing, silenced and resolved).") var alerts = 10_000
        @Option(help: "Timeline events of the open incident.") var events = 1_000_000
        @Option(help: "Seed.") var seed: UInt64 = 1

        func run() throws {
            guard !FileManager.default.fileExists(atPath: cache) else {
                throw ValidationError("\(cache) exists: give a new path")
            }
            let start = Date()
            try FleetCache(sites: sites, alerts: alerts, events: events, seed: seed).write(to: cache)
            print("wrote \(cache): \(sites) sites, \(alerts) alerts, \(events) timeline events in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
        }
    }

    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time the snapshot read and the render of every screen, with an agent writing between refreshes.")
        @Option(help: "The cache to read (and write rounds into).") var cache: String
        @Option(help: "Refreshes per screen and size.") var refreshes = 200
        @Option(help: "Target for a whole refresh (read + render + draw) at p50, in ms (exit 1 when missed, unless --report-only).")
        var p50 = 3.0
        @Option(help: "Target for a whole refresh at p99, in ms.") var p99 = 8.0
        @Flag(help: "Print the figures without judging them.") var reportOnly = false
        @Option(help: "Only these screens (comma-separated titles, e.g. Overview,Replication), as when profiling one.")
        var screens: String?
        @Option(help: "A filter typed on the screens that have one (Replication, Alerts, Incident).")
        var filter: String?

        func run() throws {
            var bench = RenderBench(path: cache, refreshes: refreshes)
            bench.filter = filter
            if let screens {
                let titles = Set(screens.lowercased().split(separator: ",").map(String.init))
                bench.screens = ScreenID.allCases.filter { titles.contains($0.title.lowercased()) }
                guard !bench.screens.isEmpty else { throw ValidationError("--screens names no screen: \(screens)") }
            }
            let rows = try bench.run()
            let p = RenderBench.percentile
            print("screen       size     read p50  read p99  render p50  render p99  draw p50  draw p99  total p50  total p99")
            var missed: [String] = []
            for row in rows {
                let total = row.total
                let line = [row.screen.title.padding(toLength: 12, withPad: " ", startingAt: 0),
                            row.size.padding(toLength: 8, withPad: " ", startingAt: 0),
                            ms(p(row.read, 50), 8), ms(p(row.read, 99), 9), ms(p(row.render, 50), 11), ms(p(row.render, 99), 11),
                            ms(p(row.draw, 50), 9), ms(p(row.draw, 99), 9), ms(p(total, 50), 10), ms(p(total, 99), 10)]
                print(line.joined(separator: " "))
                if p(total, 50) >= p50 || p(total, 99) >= p99 { missed.append("\(row.screen.title) \(row.size)") }
            }
            print("targets: read + render + draw under \(p50) ms p50 and \(p99) ms p99; \(refreshes) refreshes each")
            if !missed.isEmpty {
                print("missed: \(missed.joined(separator: ", "))")
                if !reportOnly { throw ExitCode(1) }
            }
        }

        private func ms(_ value: Double, _ width: Int) -> String {
            let text = String(format: "%.2f ms", value)
            return String(repeating: " ", count: max(0, width - text.count)) + text
        }
    }
}

WarroomBench.main()
