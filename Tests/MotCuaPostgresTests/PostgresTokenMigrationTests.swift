import Foundation
import MotCuaDomain
import MotCuaPostgresTestSupport
import MotCuaStore
import MotCuaStoreContract
import Testing

@testable import MotCuaPostgres

/// Migration 007 on a database made before it: old tokens keep no expiry and no label, last uses can be
/// recorded (by the application role too, which still cannot change a token), and the token record still
/// changes only to be revoked.
@Suite struct PostgresTokenMigrationTests {
    @Test func aDatabaseFromBefore007MigratesAndKeepsItsTokensStrict() async throws {
        let url = try await PostgresTestServer.shared.freshDatabaseURL()
        let created = Timestamp(utcMicroseconds: SampleEvents.now)
        let (_, old) = AccessToken.issue(role: .center, agencies: [Code("A1")!], at: created)
        let connection = try await PGConnection.connect(url, label: "old")
        // The database as a motcua with migrations 001…006 left it, with one token.
        let before007 = PostgresSchema.migrations.prefix { $0.name != "007_token_expiry_and_use" }
        #expect(before007.count == 6)
        try await connection.run { session in
            try session.execute(
                "CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
            for migration in before007 {
                try session.executeScript(migration.sql)
                try session.execute("INSERT INTO schema_migrations (name) VALUES ($1)", [.text(migration.name)])
            }
            try session.execute(
                """
                INSERT INTO access_tokens (id, hash, role, agencies, created_at, revoked_at)
                VALUES ($1, $2, 'center', 'A1', $3, NULL)
                """,
                [.text(old.id), .binary(old.hash), .text(created.text)])
        }
        let store = try await PostgresEventStore.connect(url, clock: { SampleEvents.now })
        let migrated = try #require(try await store.tokens().first)
        #expect(migrated == old)
        #expect(migrated.expiresAt == nil && migrated.label == nil && migrated.lastUsedAt == nil)
        let used = Timestamp(utcMicroseconds: SampleEvents.now.adding(nanoseconds: 1_000_000_000))
        try await store.recordTokenUses([old.id: used])
        #expect(try await store.token(hash: old.hash)?.lastUsedAt == used)

        for sql in [
            "UPDATE access_tokens SET label = 'someone else'",
            "UPDATE access_tokens SET expires_at = '2099-01-01T00:00:00Z'",
            "UPDATE access_tokens SET revoked_at = '2026-02-01T00:00:00Z', label = 'x'", "DELETE FROM access_tokens",
            "TRUNCATE access_tokens CASCADE",
        ] {
            await #expect(throws: EventStoreError.self, "\(sql)") {
                try await connection.run { session in _ = try session.execute(sql) }
            }
        }
        // The application role records last uses but cannot touch a token.
        let later = Timestamp(utcMicroseconds: SampleEvents.now.adding(nanoseconds: 2_000_000_000))
        try await connection.run { session in
            try session.execute("SET ROLE motcua_app")
            try session.execute(
                """
                INSERT INTO access_token_uses (token_id, last_used_at) SELECT id, $2 FROM access_tokens WHERE id = $1
                ON CONFLICT (token_id) DO UPDATE SET last_used_at = excluded.last_used_at
                """,
                [.text(old.id), .text(later.text)])
        }
        #expect(try await store.token(hash: old.hash)?.lastUsedAt == later)
        for sql in [
            "UPDATE access_tokens SET revoked_at = '2026-02-01T00:00:00Z'",
            "INSERT INTO access_tokens (id, hash, role, agencies, created_at) VALUES ('x', '\\x00', 'admin', '', 'x')",
        ] {
            await #expect(throws: EventStoreError.self, "\(sql) as motcua_app") {
                try await connection.run { session in _ = try session.execute(sql) }
            }
        }
        // Revoking is still the one change allowed (for the owner), and keeps the last use.
        try await connection.run { session in
            try session.execute("RESET ROLE")
            try session.execute("UPDATE access_tokens SET revoked_at = '2026-02-01T00:00:00Z'")
        }
        let revoked = try await store.token(hash: old.hash)
        #expect(revoked?.revokedAt?.text == "2026-02-01T00:00:00Z" && revoked?.lastUsedAt == later)
    }
}
