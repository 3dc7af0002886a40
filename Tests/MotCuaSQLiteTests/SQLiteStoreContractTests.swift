import Foundation
import MotCuaDomain
import MotCuaSQLite
import MotCuaStore
import MotCuaStoreContract
import Testing

/// A fresh SQLite file in the temporary directory.
struct SQLiteFixture: StoreFixture {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-\(UUID().uuidString).sqlite").path

    func open(clock: @escaping @Sendable () -> Instant) async throws -> any EventStore {
        try SQLiteEventStore(.file(path), clock: clock)
    }
}

/// The in-memory database: each `open` is a new, empty database, so it runs the cases that do not reopen.
struct SQLiteMemoryFixture: StoreFixture {
    func open(clock: @escaping @Sendable () -> Instant) async throws -> any EventStore {
        try SQLiteEventStore(.memory, clock: clock)
    }
}

@Suite("SQLite store contract")
struct SQLiteStoreContractTests {
    @Test("file database", arguments: StoreContract.allCases)
    func file(_ contract: StoreContract) async throws {
        try await contract.run { SQLiteFixture() }
    }

    @Test(
        "in-memory database",
        arguments: StoreContract.allCases.filter {
            $0 != .recoversAfterReopen && $0 != .chainIsValidAndRecordedAtNeverDecreases
        })
    func memory(_ contract: StoreContract) async throws {
        try await contract.run { SQLiteMemoryFixture() }
    }
}
