import Foundation
import MotCuaDomain
import MotCuaPostgresTestSupport
import MotCuaStore
import MotCuaStoreContract
import Testing

@testable import MotCuaPostgres

/// A fresh database on the test server.
struct PostgresFixture: StoreFixture {
    let url: String

    static func fresh() async throws -> PostgresFixture {
        PostgresFixture(url: try await PostgresTestServer.shared.freshDatabaseURL())
    }

    func open(clock: @escaping @Sendable () -> Instant) async throws -> any EventStore {
        try await PostgresEventStore.connect(url, clock: clock)
    }
}

@Suite("PostgreSQL store contract")
struct PostgresStoreContractTests {
    @Test("the store contract, unchanged", arguments: StoreContract.allCases)
    func contract(_ contract: StoreContract) async throws {
        try await contract.run { try await PostgresFixture.fresh() }
    }

    @Test("a writer holding the head lock or rolling back never lets a reader see a gap")
    func slowAndRolledBackTransactions() async throws {
        let fixture = try await PostgresFixture.fresh()
        let store = try await PostgresEventStore.connect(fixture.url, clock: { SampleEvents.now })
        _ = try await store.append(AppendBatch(SampleEvents.catalogue))
        let intruder = try await PGConnection.connect(fixture.url, label: "intruder")
        // A transaction that takes the head lock, writes position 4 and is rolled back later.
        try await intruder.run { session in
            try session.execute("BEGIN")
            try session.execute("SELECT position FROM log_head FOR UPDATE")
            try session.execute(
                """
                INSERT INTO events (position, id, stream, version, type, occurred_at, recorded_at, event, hash)
                VALUES (4, gen_random_uuid(), 'agency/ZZ', 1, 'AgencyRegistered', 0, 'x', '\\x7b7d', decode(repeat('00', 32), 'hex'))
                """)
        }
        let append = Task { try await store.append(AppendBatch([SampleEvents.received("D1")])) }
        // Wait until the appender is seen waiting for the head's row lock (not a guess of how long it takes).
        var waiting = false
        for _ in 0..<600 where !waiting {
            waiting = try await intruder.run { session in
                try session.execute("SELECT count(*) FROM pg_locks WHERE NOT granted").int(0, 0) > 0
            }
            if !waiting { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(waiting, "the appender waits for the head lock")
        // The appender waits for the lock; readers see neither the uncommitted row nor a later one.
        #expect(try await store.read(after: 3, limit: 10).isEmpty)
        #expect(try await store.head().position == 3)
        try await intruder.run { session in _ = try session.execute("ROLLBACK") }
        let results = try await append.value
        #expect(results.map(\.position) == [4])
        let all = try await store.read(after: 0, limit: 100)
        #expect(all.map(\.position) == [1, 2, 3, 4])
        guard case .intact = try await ChainVerifier().verify(store) else {
            Issue.record("the chain is broken after a rolled-back intruder")
            return
        }
    }

    @Test("LISTEN/NOTIFY announces every commit's head position", .timeLimit(.minutes(1)))
    func notifications() async throws {
        let fixture = try await PostgresFixture.fresh()
        let store = try await PostgresEventStore.connect(fixture.url, clock: { SampleEvents.now })
        let positions = try #require(try await store.appendedPositions())
        _ = try await store.append(AppendBatch(SampleEvents.catalogue))
        _ = try await store.append(AppendBatch([SampleEvents.received("D1")]))
        var seen: [Int64] = []
        for try await position in positions {
            seen.append(position)
            if position == 4 { break }
        }
        #expect(seen == [3, 4])
    }
}

@Suite("PostgreSQL schema")
struct PostgresSchemaTests {
    @Test("the embedded migrations equal Schema/postgres/*.sql, apply once, and make events append-only")
    func schema() async throws {
        if SchemaEmbedding.regenerating {
            try SchemaEmbedding.regenerate(backend: "postgres", module: "MotCuaPostgres", typeName: "PostgresSchema")
            return
        }
        let files = try SchemaEmbedding.files("postgres")
        #expect(PostgresSchema.migrations.map(\.name) == files.map(\.name))
        for (file, embedded) in zip(files, PostgresSchema.migrations) {
            #expect(
                embedded.sql == file.sql,
                "\(file.name) differs: run MOTCUA_REGENERATE_SCHEMA=1 swift test --filter SchemaTests")
        }
        let fixture = try await PostgresFixture.fresh()
        let store = try await PostgresEventStore.connect(fixture.url, clock: { SampleEvents.now })
        _ = try await PostgresEventStore.connect(fixture.url)
        _ = try await store.append(AppendBatch(SampleEvents.catalogue))
        let connection = try await PGConnection.connect(fixture.url, label: "check")
        let applied = try await connection.run { session in
            let result = try session.execute("SELECT name FROM schema_migrations ORDER BY name")
            return (0..<result.rows).map { result.text($0, 0) }
        }
        #expect(applied == PostgresSchema.migrations.map(\.name))
        for sql in ["UPDATE events SET version = 9", "DELETE FROM events", "TRUNCATE events"] {
            await #expect(throws: EventStoreError.self) {
                try await connection.run { session in _ = try session.execute(sql) }
            }
        }
        #expect(try await store.read(after: 0, limit: 10).count == 3)
    }
}
