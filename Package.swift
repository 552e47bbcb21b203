// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "warroom",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "warroom", targets: ["warroom"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // SHA-256 for the audit chain and runbook hashes (Foundation on Linux has none).
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // YAML runbooks.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
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
        // Probes, scheduler, simulator; the only writer of observations.
        .target(
            name: "WarRoomAgent",
            dependencies: [
                "WarRoomModel", "WarRoomStore", "CPeerCredentials", .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // ncursesw, reached only through the console's terminal backend.
        .systemLibrary(
            name: "CNCurses",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        // The kernel's word on who is at the other end of the agent's socket (SO_PEERCRED).
        .target(name: "CPeerCredentials"),
        // Rendering of snapshots for people: status report, screens, widgets.
        .target(name: "WarRoomConsole", dependencies: ["WarRoomModel", "CNCurses"]),
        .executableTarget(
            name: "warroom",
            dependencies: [
                "WarRoomModel", "WarRoomStore", "WarRoomAgent", "WarRoomConsole",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Helpers shared by the test targets: temporary caches, a manual clock.
        .target(
            name: "WarRoomTestSupport",
            dependencies: ["WarRoomModel", "WarRoomStore", "WarRoomAgent"],
            path: "Tests/WarRoomTestSupport"
        ),
        .testTarget(name: "WarRoomModelTests", dependencies: ["WarRoomModel"]),
        .testTarget(
            name: "WarRoomStoreTests",
            dependencies: [
                "WarRoomStore", "WarRoomModel", "WarRoomAgent", "WarRoomTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "WarRoomAgentTests",
            dependencies: ["WarRoomAgent", "WarRoomStore", "WarRoomModel", "WarRoomTestSupport"]
        ),
        .testTarget(
            name: "WarRoomConsoleTests",
            dependencies: ["WarRoomConsole", "WarRoomAgent", "WarRoomStore", "WarRoomModel", "WarRoomTestSupport"],
            exclude: ["Golden"]
        ),
    ]
)
