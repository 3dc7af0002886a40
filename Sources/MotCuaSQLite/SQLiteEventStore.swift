import Foundation
internal import GRDB
public import MotCuaDomain
public import MotCuaStore

/// The event store on SQLite (GRDB over the system libsqlite3): one file, WAL, `synchronous=FULL`,
/// one writer with group commit, readers that never block it.
public final class SQLiteEventStore: EventStore {
    /// Where the database lives.
    public enum Location: Sendable, Hashable {
        /// A file, created when missing.
        case file(String)
        /// A private in-memory database (tests, `sqlite::memory:`).
        case memory
    }

    let database: any DatabaseWriter
    private let writer: GroupCommitWriter
    /// The calendar that due dates are computed with.
    public let calendar: WorkingCalendar
    /// The server clock: the 5-minute rule, `recordedAt`, checkpoints' `saved_at`.
    let clock: @Sendable () -> Instant

    /// Opens (creating and migrating when needed) the store at `location`.
    ///
    /// - Parameters:
    ///   - clock: the server clock, for the 5-minute future rule and `recordedAt`.
    public init(
        _ location: Location, calendar: WorkingCalendar = .builtIn,
        clock: @escaping @Sendable () -> Instant = SystemClock.now
    ) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            // Durable before acknowledgement (DESIGN.md): fsync the WAL on every commit.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // 64 MiB of page cache: the id index takes random inserts, which a small cache turns into I/O.
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        do {
            switch location {
            case .file(let path):
                let pool = try DatabasePool(path: path, configuration: configuration)
                // A pool puts its writer in WAL mode with `synchronous = NORMAL` after `prepareDatabase`
                // ran: set FULL again on the writer, or a power cut could lose acknowledged commits.
                try pool.barrierWriteWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
                database = pool
            case .memory:
                database = try DatabaseQueue(configuration: configuration)
            }
            try SQLiteSchema.migrate(database)
        } catch {
            throw SQLiteEventStore.storeError(error)
        }
        self.calendar = calendar
        let storage = SQLiteLogStorage(database: database)
        try TreeBackfill.run(storage)
        writer = GroupCommitWriter(storage: storage, calendar: calendar, clock: clock)
        self.clock = clock
    }

    public func append(_ batch: AppendBatch) async throws -> [AppendResult] {
        try await writer.append(batch)
    }

    public func observeCommits(_ observer: @escaping @Sendable (CommitStatistics) -> Void) async {
        await writer.observe(observer)
    }

    public func read(after position: Int64, limit: Int) async throws -> [RecordedEvent] {
        try await read { db in
            try SQLiteLogStorage.records(
                db, where: "e.position > ? ORDER BY e.position LIMIT ?", [position, max(0, limit)])
        }
    }

    public func read(stream: StreamID) async throws -> [RecordedEvent] {
        try await read { db in
            try SQLiteLogStorage.records(
                db, where: "e.stream = (SELECT key FROM streams WHERE name = ?) ORDER BY e.version",
                [stream.description])
        }
    }

    public func head() async throws -> LogHead {
        try await read { db in try SQLiteLogStorage.head(db) }
    }

    public func checkpoint(named name: String) async throws -> ProjectionCheckpoint? {
        try await read { db in
            // A cursor's row reads the state where SQLite holds it: one copy of a large blob, not two.
            let rows = try Row.fetchCursor(
                db, sql: "SELECT version, position, state FROM projection_checkpoints WHERE name = ?",
                arguments: [name])
            guard let row = try rows.next() else { return nil }
            let state = try row.withUnsafeData(atIndex: 2) { $0.map { Array($0) } } ?? []
            return ProjectionCheckpoint(name: name, version: row[0], position: row[1], state: state)
        }
    }

    public func save(_ checkpoint: ProjectionCheckpoint) async throws {
        do {
            try await database.write { db in
                let head = try SQLiteLogStorage.head(db)
                guard checkpoint.position <= head.position else {
                    throw EventStoreError(
                        .storage, "checkpoint at \(checkpoint.position) is beyond the log's head \(head.position)")
                }
                try db.execute(
                    sql: """
                        INSERT INTO projection_checkpoints (name, version, position, state, saved_at)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position,
                            state = excluded.state, saved_at = excluded.saved_at
                        """,
                    arguments: [
                        checkpoint.name, checkpoint.version, checkpoint.position, Data(checkpoint.state),
                        Timestamp(utcMicroseconds: clock()).text,
                    ])
            }
        } catch {
            throw SQLiteEventStore.storeError(error)
        }
    }

    public func treeNodes(_ subtrees: [MerkleTree.Subtree]) async throws -> [MerkleTree.Subtree: [UInt8]] {
        try await read { db in try SQLiteLogStorage.treeNodes(db, subtrees) }
    }

    public func record(_ checkpoint: SignedCheckpoint) async throws {
        do {
            try await database.write { db in
                try db.execute(
                    sql: "INSERT INTO signed_checkpoints (size, root, note, signed_at) VALUES (?, ?, ?, ?)",
                    arguments: [checkpoint.size, Data(checkpoint.root), checkpoint.note, checkpoint.signedAt.text])
            }
        } catch {
            throw SQLiteEventStore.storeError(error)
        }
    }

    public func latestSignedCheckpoint() async throws -> SignedCheckpoint? {
        try await read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql:
                        "SELECT size, root, note, signed_at FROM signed_checkpoints ORDER BY size DESC, seq DESC LIMIT 1"
                )
            else { return nil }
            let root: Data = row[1]
            let signedAt: String = row[3]
            guard let time = try? Timestamp(parsing: signedAt) else {
                throw SQLiteLogStorage.corrupt("signed_checkpoints: signed_at \(signedAt)")
            }
            return SignedCheckpoint(size: row[0], root: Array(root), note: row[2], signedAt: time)
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await database.read(body)
        } catch let error as EventStoreError {
            throw error
        } catch {
            throw SQLiteEventStore.storeError(error)
        }
    }

    /// A driver error as an `EventStoreError` that names no SQL.
    static func storeError(_ error: any Error) -> EventStoreError {
        if let error = error as? EventStoreError { return error }
        if let error = error as? DatabaseError {
            return EventStoreError(
                .storage, "SQLite: \(error.message ?? "error \(error.resultCode.rawValue)") (\(error.resultCode))")
        }
        return EventStoreError(.storage, "SQLite: \(error)")
    }
}
