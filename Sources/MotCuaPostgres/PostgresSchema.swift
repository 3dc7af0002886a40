import MotCuaStore

/// The store's schema: the numbered migrations of `Schema/postgres/` (embedded in
/// `PostgresSchema+Migrations.swift`, generated from the files) and how they are applied.
enum PostgresSchema {
    /// Applies the migrations not yet recorded, each once, in order, under an advisory lock so that two
    /// processes starting together do not race. A database that records a migration this binary does not
    /// know (a newer motcua upgraded it) is refused, untouched.
    static func migrate(_ session: PGSession) throws {
        try PostgresLogStorage.transaction(session) {
            try session.execute("SELECT pg_advisory_xact_lock(74050001)")
            try session.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
            )
            let applied = try session.execute("SELECT name FROM schema_migrations")
            let done = Set((0..<applied.rows).map { applied.text($0, 0) })
            // Migrations only go forward: a schema that a newer motcua migrated is not ours to use.
            let unknown = done.subtracting(migrations.map(\.name)).sorted()
            guard unknown.isEmpty else {
                throw EventStoreError(
                    .storage,
                    "the database's schema is newer than this motcua: it has the migration(s) "
                        + "\(unknown.joined(separator: ", ")), which this binary does not know; use the motcua that "
                        + "upgraded it, or a newer one (migrations only go forward)")
            }
            for migration in migrations where !done.contains(migration.name) {
                try session.executeScript(migration.sql)
                try session.execute("INSERT INTO schema_migrations (name) VALUES ($1)", [.text(migration.name)])
            }
        }
    }
}
