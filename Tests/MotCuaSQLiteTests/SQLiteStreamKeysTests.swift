import Foundation
import GRDB
import MotCuaDomain
import MotCuaStore
import MotCuaStoreContract
import Testing

@testable import MotCuaSQLite

/// Migration 005: streams get integer keys in order of first appearance; a store written under 004 keeps
/// every event, its hash chain and its stream states.
@Suite("SQLite stream keys")
struct SQLiteStreamKeysTests {
    static func path(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID()).sqlite").path
    }

    /// The events of a small log, appended by today's store.
    static func sampleLog() async throws -> [RecordedEvent] {
        let store = try SQLiteEventStore(.memory, clock: { SampleEvents.now })
        _ = try await store.append(AppendBatch(SampleEvents.catalogue + [SampleEvents.received("D1")]))
        _ = try await store.append(
            AppendBatch([SampleEvents.received("D2"), SampleEvents.step("SupplementRequested", "D1")]))
        _ = try await store.append(AppendBatch([SampleEvents.complaint("C1", agency: "A1")]))
        return try await store.read(after: 0, limit: 100)
    }

    @Test("a store written under migration 004 is migrated with every event, its chain and its stream states")
    func migratesA004Store() async throws {
        let records = try await Self.sampleLog()
        let path = Self.path("v004")
        let old = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(old, upTo: "004_drop_time_indexes")
        // Today's heads, as stream_heads held them under 004.
        let replica = try SQLiteEventStore(.memory, clock: { SampleEvents.now })
        _ = try await replica.append(AppendBatch(records.map { try EventEnvelope.decode(json: $0.eventBytes) }))
        let heads: [(String, Int64, Data)] = try await replica.database.read { db in
            try Row.fetchAll(db, sql: "SELECT name, version, state FROM streams").map { ($0[0], $0[1], $0[2]) }
        }
        try await old.write { db in
            // Rows in position order, streams in a shuffled order of their state rows.
            for record in records {
                try db.execute(
                    sql: """
                        INSERT INTO events (position, id, stream, version, type, occurred_at, recorded_at, event, hash)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        record.position, SQLiteLogStorage.blob(record.id), record.stream.description, record.version,
                        record.type.rawValue, record.occurredAt.nanoseconds, record.recordedAt.text,
                        Data(record.eventBytes), Data(record.hash),
                    ])
            }
            for row in heads.reversed() {
                try db.execute(
                    sql: "INSERT INTO stream_heads (stream, version, state) VALUES (?, ?, ?)",
                    arguments: [row.0, row.1, row.2])
            }
        }
        try old.close()

        let store = try SQLiteEventStore(.file(path), clock: { SampleEvents.now })
        #expect(try await store.read(after: 0, limit: 100) == records)
        guard case .intact(_, let count, _) = try await ChainVerifier().verify(store) else {
            Issue.record("the migrated chain does not verify")
            return
        }
        #expect(count == Int64(records.count))
        // Keys follow each stream's first event.
        let names = try await store.database.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM streams ORDER BY key")
        }
        var firstSeen: [String] = []
        for record in records where !firstSeen.contains(record.stream.description) {
            firstSeen.append(record.stream.description)
        }
        #expect(names == firstSeen)
        #expect(try await store.read(stream: StreamID("dossier/D1")!).map(\.version) == [1, 2])
        // The states came along: D1 waits for a supplement, so SupplementProvided is accepted and another
        // SupplementRequested is not.
        _ = try await store.append(AppendBatch([SampleEvents.step("SupplementProvided", "D1")]))
        await #expect(throws: EventStoreError.self) {
            _ = try await store.append(AppendBatch([SampleEvents.step("SupplementProvided", "D1")]))
        }
    }

    @Test("keys of a rolled-back group are not kept: the retried stream gets a committed key")
    func rolledBackKeysAreForgotten() async throws {
        let path = Self.path("keys")
        let store = try SQLiteEventStore(.file(path), clock: { SampleEvents.now })
        _ = try await store.append(AppendBatch(SampleEvents.catalogue))
        // After a clean group the writer skips id lookups: D1 is given a key as its row is inserted, then
        // the second event's id (a stored one, other content) breaks the unique index; the transaction is
        // rolled back and the batch, run again with lookups, refused. D1's key went with the rollback.
        let reused = SampleEvents.event(
            "DossierReceived", "2025-01-24T10:00:00+07:00",
            #""dossier":"D9","procedure":"P1","agency":"A1","channel":"online","applicant":"citizen""#,
            id: SampleEvents.catalogue[0].id)
        let refusal = await #expect(throws: EventStoreError.self) {
            _ = try await store.append(AppendBatch([SampleEvents.received("D1"), reused]))
        }
        #expect(refusal?.eventError?.code == .idConflict)
        _ = try await store.append(AppendBatch([SampleEvents.received("D2"), SampleEvents.received("D1")]))
        let rows = try await store.database.read { db in
            try Row.fetchAll(db, sql: "SELECT key, name FROM streams ORDER BY key").map {
                "\($0[0] as Int64) \($0[1] as String)"
            }
        }
        #expect(rows.suffix(2) == ["\(rows.count - 1) dossier/D2", "\(rows.count) dossier/D1"])
        #expect(try await store.read(stream: StreamID("dossier/D1")!).map(\.version) == [1])
        let again = try SQLiteEventStore(.file(path), clock: { SampleEvents.now })
        _ = try await again.append(AppendBatch([SampleEvents.step("SupplementRequested", "D1")]))
        #expect(try await again.read(stream: StreamID("dossier/D1")!).map(\.version) == [1, 2])
    }
}

/// A batch refused inside a group is taken back whole: its streams, states and ids leave no trace in the
/// writer's group or cache, and the batches around it keep theirs.
@Suite("SQLite group commit")
struct SQLiteGroupCommitTests {
    @Test("refused batches among concurrent ones leave no state behind; their dossiers can be received later")
    func refusedBatchIsTakenBack() async throws {
        let store = try SQLiteEventStore(.file(SQLiteStreamKeysTests.path("group")), clock: { SampleEvents.now })
        _ = try await store.append(AppendBatch(SampleEvents.catalogue))
        let refusedIDs = await withTaskGroup(of: EventID?.self) { group in
            for n in 0..<60 {
                group.addTask {
                    // Every third batch receives its dossier, then provides a supplement nobody asked for.
                    let received = SampleEvents.received("R\(n)")
                    let second = SampleEvents.step(n % 3 == 0 ? "SupplementProvided" : "SupplementRequested", "R\(n)")
                    do {
                        _ = try await store.append(AppendBatch([received, second]))
                        return nil
                    } catch {
                        return received.id
                    }
                }
            }
            var ids: [EventID] = []
            for await id in group { if let id { ids.append(id) } }
            return ids
        }
        #expect(refusedIDs.count == 20)
        // Were a refused batch's state left in the writer's cache, receiving its dossier would be refused.
        for n in stride(from: 0, to: 60, by: 3) {
            let results = try await store.append(AppendBatch([SampleEvents.received("R\(n)")]))
            #expect(results.map(\.version) == [1])
        }
        // The accepted ones are where their batches left them: waiting for the supplement.
        for n in 0..<60 where n % 3 != 0 {
            _ = try await store.append(AppendBatch([SampleEvents.step("SupplementProvided", "R\(n)")]))
        }
        // A refused batch's first event id was never stored: it is free, not a duplicate.
        let stored = try await store.read(after: 0, limit: 1_000).map(\.id)
        #expect(Set(refusedIDs).isDisjoint(with: stored))
        guard case .intact = try await ChainVerifier().verify(store) else {
            Issue.record("the chain does not verify")
            return
        }
    }
}
