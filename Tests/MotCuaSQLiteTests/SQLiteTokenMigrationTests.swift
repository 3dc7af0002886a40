import Foundation
import GRDB
import MotCuaDomain
import MotCuaStore
import MotCuaStoreContract
import Testing

@testable import MotCuaSQLite

/// Migration 007 on a store made before it: old tokens keep no expiry and no label, last uses can be
/// recorded, and the token record still changes only to be revoked.
@Suite struct SQLiteTokenMigrationTests {
    @Test func aStoreFromBefore007MigratesAndKeepsItsTokensStrict() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-006-\(UUID()).sqlite").path
        let created = Timestamp(utcMicroseconds: SampleEvents.now)
        let (_, old) = AccessToken.issue(role: .center, agencies: [Code("A1")!], at: created)
        do {
            let queue = try DatabaseQueue(path: path)
            try SQLiteSchema.migrator.migrate(queue, upTo: "006_merkle_tree")
            try await queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO access_tokens (id, hash, role, agencies, created_at, revoked_at)
                        VALUES (?, ?, 'center', 'A1', ?, NULL)
                        """,
                    arguments: [old.id, Data(old.hash), created.text])
            }
        }
        let store = try SQLiteEventStore(.file(path), clock: { SampleEvents.now })
        let migrated = try #require(try await store.tokens().first)
        #expect(migrated == old)
        #expect(migrated.expiresAt == nil && migrated.label == nil && migrated.lastUsedAt == nil)
        let used = Timestamp(utcMicroseconds: SampleEvents.now.adding(nanoseconds: 1_000_000_000))
        try await store.recordTokenUses([old.id: used])
        #expect(try await store.token(hash: old.hash)?.lastUsedAt == used)

        let queue = try DatabaseQueue(path: path)
        let applied = try await queue.read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        }
        #expect(applied.last == "007_token_expiry_and_use")
        for sql in [
            "UPDATE access_tokens SET label = 'someone else'",
            "UPDATE access_tokens SET expires_at = '2099-01-01T00:00:00Z'",
            "UPDATE access_tokens SET revoked_at = '2026-02-01T00:00:00Z', label = 'x'", "DELETE FROM access_tokens",
            "UPDATE access_tokens SET agencies = 'A1,A2'",
        ] {
            #expect(throws: DatabaseError.self, "\(sql)") { try queue.write { db in try db.execute(sql: sql) } }
        }
        #expect(throws: DatabaseError.self, "a label over 100 characters") {
            try queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO access_tokens (id, hash, role, agencies, created_at, label)
                        VALUES ('000000000000', zeroblob(32), 'admin', '', '2026-01-01T00:00:00Z', ?)
                        """,
                    arguments: [String(repeating: "ệ", count: 101)])
            }
        }
        // Revoking is still the one change allowed, and keeps the last use.
        try await queue.write { db in
            try db.execute(sql: "UPDATE access_tokens SET revoked_at = '2026-02-01T00:00:00Z'")
        }
        let revoked = try await store.token(hash: old.hash)
        #expect(revoked?.revokedAt?.text == "2026-02-01T00:00:00Z" && revoked?.lastUsedAt == used)
    }
}
