import Foundation
import GRDB
import MotCuaStoreContract
import Testing

@testable import MotCuaSQLite

@Suite("SQLite schema")
struct SQLiteSchemaTests {
    @Test("the binary's embedded migrations equal Schema/sqlite/*.sql")
    func embeddedEqualsFiles() throws {
        if SchemaEmbedding.regenerating {
            try SchemaEmbedding.regenerate(backend: "sqlite", module: "MotCuaSQLite", typeName: "SQLiteSchema")
            return
        }
        let files = try SchemaEmbedding.files("sqlite")
        #expect(SQLiteSchema.migrations.map(\.name) == files.map(\.name))
        for (file, embedded) in zip(files, SQLiteSchema.migrations) {
            #expect(
                embedded.sql == file.sql,
                "\(file.name) differs: run MOTCUA_REGENERATE_SCHEMA=1 swift test --filter SchemaTests")
        }
    }

    /// DESIGN.md: durable before acknowledgement. The writer connection of a file store fsyncs the WAL on
    /// every commit (`synchronous = FULL`, 2), though GRDB's pool sets NORMAL when it enters WAL mode.
    @Test("a file store's writer commits with synchronous = FULL")
    func writerIsFullySynchronous() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sync-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try SQLiteEventStore(.file(path))
        let level = try store.database.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(level == 2)
    }

    @Test("migrations are applied once and recorded; events reject UPDATE and DELETE")
    func appendOnly() throws {
        let queue = try DatabaseQueue()
        try SQLiteSchema.migrator.migrate(queue)
        try SQLiteSchema.migrator.migrate(queue)
        let applied = try queue.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied == SQLiteSchema.migrations.map(\.name))
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO events (position, id, stream, version, type, occurred_at, recorded_at, event, hash)
                    VALUES (1, zeroblob(16), 1, 1, 'AgencyRegistered', 0, 'x', x'7b7d', zeroblob(32))
                    """)
        }
        for sql in ["UPDATE events SET version = 2", "DELETE FROM events"] {
            #expect(throws: DatabaseError.self) { try queue.write { db in try db.execute(sql: sql) } }
        }
        let count = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM events") }
        #expect(count == 1)
    }
}
