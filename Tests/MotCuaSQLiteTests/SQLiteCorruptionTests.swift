import Foundation
import GRDB
import MotCuaDomain
import MotCuaStore
import MotCuaStoreContract
import Testing

@testable import MotCuaSQLite

/// Stored bytes that do not decode are a `corrupt` error naming the table and the key, never a crash.
@Suite("SQLite corruption")
struct SQLiteCorruptionTests {
    static func storeWithDossier() async throws -> (String, SQLiteEventStore) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("corrupt-\(UUID()).sqlite").path
        let store = try SQLiteEventStore(.file(path), clock: { SampleEvents.now })
        _ = try await store.append(AppendBatch(SampleEvents.catalogue + [SampleEvents.received("D1")]))
        return (path, store)
    }

    @Test(
        "a damaged stream state refuses the append that needs it, naming the streams table and the stream",
        arguments: [
            "x''", "x'01'", "x'02'", "zeroblob(40)", "x'01ffffffffffffffffffff'",
            // Version 1, an occurredAt of Int64.min: outside every instant the domain stores.
            "x'0101ffffffffffffffffff0102'",
        ])
    func damagedStreamHead(_ blob: String) async throws {
        let (path, store) = try await Self.storeWithDossier()
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "UPDATE streams SET state = \(blob) WHERE name = 'dossier/D1'")
        }
        try queue.close()
        let reopened = try SQLiteEventStore(.file(path), clock: { SampleEvents.now })
        let error = await #expect(throws: EventStoreError.self) {
            _ = try await reopened.append(AppendBatch([SampleEvents.step("SupplementRequested", "D1")]))
        }
        #expect(error?.code == .corrupt)
        #expect(error?.message.contains("streams dossier/D1") == true, "\(String(describing: error))")
        _ = store
        // The log itself is untouched: other streams still take events.
        _ = try await reopened.append(AppendBatch([SampleEvents.received("D2")]))
    }
}
