import ArgumentParser
import Foundation
import MotCuaDomain
import MotCuaPostgres
import MotCuaSQLite
import MotCuaStore

/// `--db URL`: which store to open (DESIGN.md): `sqlite:PATH` (default `sqlite:motcua.sqlite`),
/// `sqlite::memory:`, or a `postgres://` URL.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help: "The store: sqlite:PATH, sqlite::memory: or postgres://… (default: $MOTCUA_DB, else sqlite:motcua.sqlite)"
    )
    var url = ProcessInfo.processInfo.environment["MOTCUA_DB"] ?? "sqlite:motcua.sqlite"

    /// The kinds of store a URL can name.
    enum Backend {
        case sqlite(SQLiteEventStore.Location)
        case postgres(String)
    }

    func validate() throws {
        _ = try backend()
    }

    /// Which store the URL names, or a usage error.
    func backend() throws -> Backend {
        if url == "sqlite::memory:" { return .sqlite(.memory) }
        if url.hasPrefix("sqlite:") {
            let path = String(url.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw ValidationError("--db sqlite: needs a path, e.g. sqlite:motcua.sqlite") }
            return .sqlite(.file(path))
        }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") { return .postgres(url) }
        throw ValidationError("--db must be sqlite:PATH, sqlite::memory: or a postgres:// URL, got \(url)")
    }

    /// Opens the store (for PostgreSQL: connects and migrates).
    func open(calendar: WorkingCalendar) async throws -> any EventStore {
        do {
            switch try backend() {
            case .sqlite(let location): return try SQLiteEventStore(location, calendar: calendar)
            case .postgres(let url): return try await PostgresEventStore.connect(url, calendar: calendar)
            }
        } catch let error as EventStoreError {
            throw CommandFailure("cannot open \(redacted): \(error)")
        }
    }

    /// The URL without its password, for messages.
    var redacted: String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}
