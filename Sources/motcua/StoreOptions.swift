import ArgumentParser
import MotCuaDomain
import MotCuaSQLite
import MotCuaStore

/// `--db URL`: which store to open (DESIGN.md): `sqlite:PATH` (default `sqlite:motcua.sqlite`),
/// `sqlite::memory:`, or a `postgres://` URL.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help: "The store: sqlite:PATH (default sqlite:motcua.sqlite), sqlite::memory: or postgres://…")
    var url = "sqlite:motcua.sqlite"

    func validate() throws {
        _ = try location()
    }

    /// Where the store is, or a usage error.
    func location() throws -> SQLiteEventStore.Location {
        if url == "sqlite::memory:" { return .memory }
        if url.hasPrefix("sqlite:") {
            let path = String(url.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw ValidationError("--db sqlite: needs a path, e.g. sqlite:motcua.sqlite") }
            return .file(path)
        }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            throw ValidationError("--db \(url): PostgreSQL stores are not supported by this build yet; use sqlite:PATH")
        }
        throw ValidationError("--db must be sqlite:PATH, sqlite::memory: or a postgres:// URL, got \(url)")
    }

    /// Opens the store.
    func open(calendar: WorkingCalendar) throws -> any EventStore {
        do {
            return try SQLiteEventStore(try location(), calendar: calendar)
        } catch let error as EventStoreError {
            throw CommandFailure("cannot open \(url): \(error)")
        }
    }
}
