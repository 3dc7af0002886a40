import Foundation
import GRDB
import Testing

@testable import MotCuaSQLite

@Suite("SQLite schema")
struct SQLiteSchemaTests {
    static let schemaDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Schema/sqlite")

    @Test("the binary's embedded migrations equal Schema/sqlite/*.sql")
    func embeddedEqualsFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.schemaDirectory.path)
            .filter { $0.hasSuffix(".sql") }.sorted()
        let onDisk = try files.map { file in
            (
                String(file.dropLast(4)),
                try String(contentsOf: Self.schemaDirectory.appendingPathComponent(file), encoding: .utf8)
            )
        }
        if ProcessInfo.processInfo.environment["MOTCUA_REGENERATE_SCHEMA"] == "1" {
            try Self.regenerate(onDisk)
            return
        }
        #expect(SQLiteSchema.migrations.map(\.name) == onDisk.map(\.0))
        for ((name, sql), embedded) in zip(onDisk, SQLiteSchema.migrations) {
            #expect(
                embedded.sql == sql.trimmingCharacters(in: .newlines),
                "\(name) differs: run MOTCUA_REGENERATE_SCHEMA=1 swift test --filter SQLiteSchemaTests")
        }
    }

    @Test("migrations are applied once and recorded; events reject UPDATE and DELETE")
    func appendOnly() throws {
        let queue = try DatabaseQueue()
        try SQLiteEventStore.migrator.migrate(queue)
        try SQLiteEventStore.migrator.migrate(queue)
        let applied = try queue.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied == SQLiteSchema.migrations.map(\.name))
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO events (position, id, stream, version, type, occurred_at, recorded_at, event, hash)
                    VALUES (1, zeroblob(16), 'agency/A', 1, 'AgencyRegistered', 0, 'x', x'7b7d', zeroblob(32))
                    """)
        }
        for sql in ["UPDATE events SET version = 2", "DELETE FROM events"] {
            #expect(throws: DatabaseError.self) { try queue.write { db in try db.execute(sql: sql) } }
        }
        let count = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM events") }
        #expect(count == 1)
    }

    /// Rewrites Sources/MotCuaSQLite/SQLiteSchema.swift from the files.
    static func regenerate(_ migrations: [(String, String)]) throws {
        var out = """
            // Generated from Schema/sqlite/*.sql: the binary carries its schema. Do not edit by hand;
            // `MOTCUA_REGENERATE_SCHEMA=1 swift test --filter SQLiteSchemaTests` rewrites this file, and
            // SQLiteSchemaTests proves it equal to the files.

            /// The numbered migrations of the SQLite store, in order.
            enum SQLiteSchema {
                static let migrations: [(name: String, sql: String)] = [

            """
        for (name, sql) in migrations {
            out += "        (\n            \"\(name)\",\n            #\"\"\"\n"
            for line in sql.trimmingCharacters(in: .newlines).split(separator: "\n", omittingEmptySubsequences: false) {
                out += line.isEmpty ? "\n" : "            \(line)\n"
            }
            out += "            \"\"\"#\n        ),\n"
        }
        out += "    ]\n}\n"
        let target = schemaDirectory.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/MotCuaSQLite/SQLiteSchema.swift")
        try out.write(to: target, atomically: true, encoding: .utf8)
    }
}
