// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "warroom",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "warroom", targets: ["warroom"]),
        .executable(name: "warroom-launcher", targets: ["WarRoomLauncher"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // SHA-256 for the audit chain and runbook hashes (Foundation on Linux has none).
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // YAML runbooks.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The probes: TCP connects (SwiftNIO) and HTTP(S) health checks (AsyncHTTPClient).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // PostgreSQL replication views, read over the wire (never by shelling out to psql).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Pure domain values and rules: no I/O.
        .target(name: "WarRoomModel"),
        // The SQLite cache shared by agent and console.
        .target(
            name: "WarRoomStore",
            dependencies: [
                "WarRoomModel", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // What the agent watches: one source protocol, its probe kinds and the
        // simulator behind it, and the process runner. Knows only the model.
        .target(
            name: "WarRoomProbes",
            dependencies: [
                "WarRoomModel", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The agent's clock: the wall clock at its start, then the steady clock
        // (a step of the wall clock moves no interval, age or RTO elapsed).
        .target(name: "WarRoomClock", dependencies: ["WarRoomModel"]),
        // Who the operator is (the kernel's word) and how their action reaches
        // the cache: through the agent's socket, or written straight to it.
        .target(name: "WarRoomOperators", dependencies: ["WarRoomModel", "WarRoomStore", "WarRoomClock"]),
        // The agent: one loop over the sources, the step executor, the operator
        // socket server; the only writer of observations.
        .target(
            name: "WarRoomAgent",
            dependencies: [
                "WarRoomModel", "WarRoomStore", "WarRoomProbes", "WarRoomClock", "WarRoomOperators", "WarRoomCluster", "CPeerCredentials",
                .product(name: "Logging", package: "swift-log"), .product(name: "Yams", package: "Yams"),
            ],
            // The demo's topology is the example configuration's (a link to Examples/), compiled in.
            resources: [.embedInCode("Resources/three-sites.yaml")]
        ),
        // ncursesw, reached only through the console's terminal backend.
        .systemLibrary(
            name: "CNCurses",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        // The kernel's word on who is at the other end of the agent's socket (SO_PEERCRED).
        // The cluster of agents, one a site: the consensus store they share
        // (etcd's /v3 JSON gateway over the probes' HTTP exchange). Knows the
        // model and the probes' HTTP; no cache, no console.
        .target(
            name: "WarRoomCluster",
            dependencies: [
                "WarRoomModel", "WarRoomProbes", .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .target(name: "CPeerCredentials"),
        // Reports of snapshots for people and scripts: `warroom status` (text and
        // JSON), the incident-review and drill exports. Knows only the model:
        // no terminal, no ncurses, no cache.
        .target(name: "WarRoomReports", dependencies: ["WarRoomModel"]),
        // The console: screens, widgets, the key map and its reducer, the loop and
        // the ncurses backend (the only code that calls ncurses).
        .target(name: "WarRoomConsole", dependencies: ["WarRoomModel", "WarRoomReports", "CNCurses"]),
        // `warroom status` without the command tree: where the cache is, the
        // report and its exit status, the arguments of a fast call. Shared by
        // the command line and the launcher.
        .target(
            name: "WarRoomStatus",
            dependencies: ["WarRoomModel", "WarRoomStore", "WarRoomReports", "WarRoomClock", "WarRoomOperators"]
        ),
        // The packaged `/usr/bin/warroom`: answers `status` itself, hands every
        // other command to the whole program (`/usr/lib/warroom/warroom`).
        .executableTarget(name: "WarRoomLauncher", dependencies: ["WarRoomStatus"], plugins: ["BuildInfo"]),
        .executableTarget(
            name: "warroom",
            dependencies: [
                "WarRoomModel", "WarRoomStore", "WarRoomProbes", "WarRoomClock", "WarRoomOperators", "WarRoomAgent", "WarRoomReports",
                "WarRoomConsole", "WarRoomStatus", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            plugins: ["BuildInfo"]
        ),
        // Writes the version and git commit into the `warroom` target before each build.
        .plugin(name: "BuildInfo", capability: .buildTool()),
        // Benchmarks and fixtures at fleet scale (`warroom-bench fleet|render`), run by Scripts/bench-render;
        // not part of the product.
        .executableTarget(
            name: "WarRoomBench",
            dependencies: [
                "WarRoomModel", "WarRoomStore", "WarRoomReports", "WarRoomConsole", "WarRoomCluster", "FleetFixture",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/WarRoomBench"
        ),
        // A fleet-sized cache, deterministic for a seed: the render benchmark's and the fleet goldens' fixture.
        .target(name: "FleetFixture", dependencies: ["WarRoomModel", "WarRoomStore", "WarRoomProbes"],
                path: "Benchmarks/FleetFixture"),
        // Helpers shared by the test targets: temporary caches, a manual clock.
        .target(
            name: "WarRoomTestSupport",
            dependencies: ["WarRoomModel", "WarRoomStore", "WarRoomProbes", "WarRoomClock", "WarRoomOperators", "WarRoomAgent"],
            path: "Tests/WarRoomTestSupport"
        ),
        .testTarget(name: "WarRoomModelTests", dependencies: ["WarRoomModel"]),
        .testTarget(
            name: "WarRoomStoreTests",
            dependencies: [
                "WarRoomStore", "WarRoomModel", "WarRoomProbes", "WarRoomAgent", "WarRoomTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "WarRoomAgentTests",
            dependencies: [
                "WarRoomAgent", "WarRoomProbes", "WarRoomClock", "WarRoomOperators", "WarRoomStore", "WarRoomModel", "WarRoomTestSupport",
                "WarRoomCluster", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "WarRoomConsoleTests",
            dependencies: [
                "WarRoomConsole", "WarRoomReports", "WarRoomAgent", "WarRoomProbes", "WarRoomClock", "WarRoomOperators", "WarRoomStore", "WarRoomModel",
                "WarRoomStatus", "FleetFixture", "WarRoomTestSupport",
            ],
            exclude: ["Golden"]
        ),
    ]
)
