// swift-tools-version: 6.1
import PackageDescription

let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "MotCua",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "MotCuaDomain", targets: ["MotCuaDomain"]),
        .library(name: "MotCuaStore", targets: ["MotCuaStore"]),
        .library(name: "MotCuaSQLite", targets: ["MotCuaSQLite"]),
        .library(name: "MotCuaPostgres", targets: ["MotCuaPostgres"]),
        .library(name: "MotCuaProjections", targets: ["MotCuaProjections"]),
        .library(name: "MotCuaServer", targets: ["MotCuaServer"]),
        .executable(name: "motcua", targets: ["motcua"]),
        .executable(name: "motcua-fuzz", targets: ["MotCuaFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
    ],
    targets: [
        .target(name: "MotCuaDomain", swiftSettings: upcoming),
        .target(
            name: "MotCuaStore",
            dependencies: ["MotCuaDomain", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: upcoming
        ),
        .target(
            name: "MotCuaSQLite",
            dependencies: [
                "MotCuaDomain", "MotCuaStore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: upcoming
        ),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .target(
            name: "MotCuaPostgres", dependencies: ["MotCuaDomain", "MotCuaStore", "CLibPQ"], swiftSettings: upcoming),
        .target(name: "MotCuaProjections", dependencies: ["MotCuaDomain", "MotCuaStore"], swiftSettings: upcoming),
        // A seeded synthetic city that emits the domain's own events (`motcua simulate`, `serve --demo`).
        .target(name: "MotCuaSimulation", dependencies: ["MotCuaDomain"], swiftSettings: upcoming),
        .target(
            name: "MotCuaServer",
            dependencies: [
                "MotCuaDomain", "MotCuaStore", "MotCuaProjections",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            // The dashboard's page, script and style sheet (Dashboard.swift) and the OpenAPI document
            // (OpenAPIDocument.swift), served as they are.
            resources: [.copy("Dashboard"), .copy("openapi.yaml")],
            swiftSettings: upcoming
        ),
        // The store contract: one suite of checks that every backend's tests run unchanged.
        .target(name: "MotCuaStoreContract", dependencies: ["MotCuaDomain", "MotCuaStore"], swiftSettings: upcoming),
        .executableTarget(
            name: "motcua",
            dependencies: [
                "MotCuaDomain",
                "MotCuaStore",
                "MotCuaSQLite",
                "MotCuaPostgres",
                "MotCuaProjections",
                "MotCuaServer",
                "MotCuaSimulation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: upcoming
        ),
        // The decoders of outside bytes under libFuzzer (.ci/fuzz), or over a corpus (Tests/Fuzz).
        .executableTarget(
            name: "MotCuaFuzz", dependencies: ["MotCuaDomain", "MotCuaStore", "MotCuaProjections"],
            swiftSettings: upcoming
        ),
        .testTarget(name: "MotCuaDomainTests", dependencies: ["MotCuaDomain"], swiftSettings: upcoming),
        .testTarget(name: "MotCuaStoreTests", dependencies: ["MotCuaStore", "MotCuaDomain"], swiftSettings: upcoming),
        .testTarget(
            name: "MotCuaSQLiteTests",
            dependencies: [
                "MotCuaDomain", "MotCuaStore", "MotCuaSQLite", "MotCuaStoreContract",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: upcoming
        ),
        // Starts a throw-away PostgreSQL server for tests.
        .target(name: "MotCuaPostgresTestSupport", swiftSettings: upcoming),
        .testTarget(
            name: "MotCuaPostgresTests",
            dependencies: [
                "MotCuaDomain", "MotCuaStore", "MotCuaPostgres", "MotCuaStoreContract", "MotCuaPostgresTestSupport",
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "MotCuaProjectionsTests",
            dependencies: [
                "MotCuaDomain", "MotCuaStore", "MotCuaProjections", "MotCuaSQLite", "MotCuaStoreContract",
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "MotCuaServerTests",
            dependencies: [
                "MotCuaDomain", "MotCuaStore", "MotCuaProjections", "MotCuaServer", "MotCuaSQLite", "MotCuaPostgres",
                "MotCuaStoreContract", "MotCuaPostgresTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "MotCuaSimulationTests", dependencies: ["MotCuaDomain", "MotCuaSimulation"], swiftSettings: upcoming),
        .testTarget(
            name: "motcuaTests",
            dependencies: [
                "motcua", "MotCuaDomain", "MotCuaStore", "MotCuaProjections", "MotCuaFuzz", "MotCuaPostgresTestSupport",
                "MotCuaSimulation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: upcoming),
    ],
    swiftLanguageModes: [.v6]
)
