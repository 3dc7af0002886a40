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
        .executable(name: "motcua", targets: ["motcua"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2")
    ],
    targets: [
        .target(name: "MotCuaDomain", swiftSettings: upcoming),
        .executableTarget(
            name: "motcua",
            dependencies: [
                "MotCuaDomain",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(name: "MotCuaDomainTests", dependencies: ["MotCuaDomain"], swiftSettings: upcoming),
        .testTarget(name: "motcuaTests", dependencies: ["motcua"], swiftSettings: upcoming),
    ],
    swiftLanguageModes: [.v6]
)
