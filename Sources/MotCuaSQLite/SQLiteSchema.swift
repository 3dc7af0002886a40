import GRDB
import MotCuaStore

/// The store's schema: the numbered migrations of `Schema/sqlite/` (embedded in
/// `SQLiteSchema+Migrations.swift`, generated from the files) and how they are applied.
enum SQLiteSchema {
    /// Refuses a newer schema, then applies the migrations not yet recorded, each once, in order.
    static func migrate(_ database: any DatabaseWriter) throws {
        try refuseNewerSchema(database)
        try migrator.migrate(database)
    }

    /// The migrations of `Schema/sqlite/`, applied once each and recorded by GRDB.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in SQLiteSchema.migrations {
            migrator.registerMigration(migration.name) { db in try db.execute(sql: migration.sql) }
        }
        return migrator
    }

    /// Migrations only go forward: a file that records a migration this binary does not know (a newer
    /// motcua upgraded it) is refused before any migration runs (GRDB's migrator would skip it silently).
    static func refuseNewerSchema(_ database: any DatabaseWriter) throws {
        let unknown = try database.read { db in
            try migrator.appliedIdentifiers(db).subtracting(SQLiteSchema.migrations.map(\.name))
        }
        guard unknown.isEmpty else {
            throw EventStoreError(
                .storage,
                "the store's schema is newer than this motcua: it has the migration(s) "
                    + "\(unknown.sorted().joined(separator: ", ")), which this binary does not know; use the motcua "
                    + "that upgraded it, or a newer one (migrations only go forward)")
        }
    }
}
