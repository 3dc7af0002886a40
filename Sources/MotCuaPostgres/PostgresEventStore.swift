import Foundation
public import MotCuaDomain
public import MotCuaStore

/// The event store on PostgreSQL over libpq: one writer connection with group commit (every commit
/// locks the one-row log head, so positions are gapless and become visible in order), a small pool of
/// reader connections, COPY for inserts, and a NOTIFY on `motcua_events` with each commit.
public final class PostgresEventStore: EventStore {
    let writerConnection: PGConnection
    private let readers: [PGConnection]
    private let next = RoundRobin()
    private let writer: GroupCommitWriter
    /// The calendar that due dates are computed with.
    public let calendar: WorkingCalendar
    /// The channel each commit notifies, with the new head position as payload.
    public static let notificationChannel = "motcua_events"

    private let url: String
    /// The server clock: the 5-minute rule, `recordedAt`, checkpoints' `saved_at`.
    private let clock: @Sendable () -> Instant

    private init(
        url: String, writer: PGConnection, readers: [PGConnection], calendar: WorkingCalendar,
        clock: @escaping @Sendable () -> Instant
    ) {
        self.url = url
        self.writerConnection = writer
        self.readers = readers
        self.calendar = calendar
        self.clock = clock
        self.writer = GroupCommitWriter(
            storage: PostgresLogStorage(connection: writer), calendar: calendar, clock: clock)
    }

    /// Connects to `url` (libpq conventions: `postgres://user@host:port/db`, `PG*` variables, service
    /// files), applies the migrations of `Schema/postgres/` once each, and opens `readers` reader
    /// connections.
    public static func connect(
        _ url: String, calendar: WorkingCalendar = .builtIn, readers: Int = 4,
        clock: @escaping @Sendable () -> Instant = SystemClock.now
    ) async throws -> PostgresEventStore {
        let writer = try await PGConnection.connect(url, label: "writer")
        try await writer.run { session in try PostgresSchema.migrate(session) }
        // Blocking (it waits on the writer connection's queue): on a thread of its own, not the shared pool.
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Thread.detachNewThread {
                continuation.resume(with: Result { try TreeBackfill.run(PostgresLogStorage(connection: writer)) })
            }
        }
        var pool: [PGConnection] = []
        for index in 0..<max(1, readers) { pool.append(try await PGConnection.connect(url, label: "reader\(index)")) }
        return PostgresEventStore(url: url, writer: writer, readers: pool, calendar: calendar, clock: clock)
    }

    public func append(_ batch: AppendBatch) async throws -> [AppendResult] {
        try await writer.append(batch)
    }

    public func observeCommits(_ observer: @escaping @Sendable (CommitStatistics) -> Void) async {
        await writer.observe(observer)
    }

    public func read(after position: Int64, limit: Int) async throws -> [RecordedEvent] {
        try await reader.run { session in
            try PostgresLogStorage.records(
                session, where: "position > $1 ORDER BY position LIMIT $2",
                [PGParameter(position), PGParameter(max(0, limit))])
        }
    }

    public func read(stream: StreamID) async throws -> [RecordedEvent] {
        try await reader.run { session in
            try PostgresLogStorage.records(session, where: "stream = $1 ORDER BY version", [.text(stream.description)])
        }
    }

    public func head() async throws -> LogHead {
        try await reader.run { session in try PostgresLogStorage.head(session, lock: false) }
    }

    public func checkpoint(named name: String) async throws -> ProjectionCheckpoint? {
        try await reader.run { session in
            let result = try session.execute(
                "SELECT version, position, state FROM projection_checkpoints WHERE name = $1", [.text(name)])
            guard result.rows == 1 else { return nil }
            return ProjectionCheckpoint(
                name: name, version: Int(result.int(0, 0)), position: result.int(0, 1), state: result.bytes(0, 2))
        }
    }

    public func save(_ checkpoint: ProjectionCheckpoint) async throws {
        let savedAt = Timestamp(utcMicroseconds: clock()).text
        try await writerConnection.run { session in
            try PostgresLogStorage.transaction(session) {
                let head = try PostgresLogStorage.head(session, lock: false)
                guard checkpoint.position <= head.position else {
                    throw EventStoreError(
                        .storage, "checkpoint at \(checkpoint.position) is beyond the log's head \(head.position)")
                }
                try session.execute(
                    """
                    INSERT INTO projection_checkpoints (name, version, position, state, saved_at)
                    VALUES ($1, $2, $3, $4, $5)
                    ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position,
                        state = excluded.state, saved_at = excluded.saved_at
                    """,
                    [
                        .text(checkpoint.name), PGParameter(checkpoint.version), PGParameter(checkpoint.position),
                        .binary(checkpoint.state), .text(savedAt),
                    ])
            }
        }
    }

    public func treeNodes(_ subtrees: [MerkleTree.Subtree]) async throws -> [MerkleTree.Subtree: [UInt8]] {
        try await reader.run { session in try PostgresLogStorage.treeNodes(session, subtrees) }
    }

    public func record(_ checkpoint: SignedCheckpoint) async throws {
        try await writerConnection.run { session in
            try session.execute(
                "INSERT INTO signed_checkpoints (size, root, note, signed_at) VALUES ($1, $2, $3, $4)",
                [
                    PGParameter(checkpoint.size), .binary(checkpoint.root), .text(checkpoint.note),
                    .text(checkpoint.signedAt.text),
                ])
            return ()
        }
    }

    public func latestSignedCheckpoint() async throws -> SignedCheckpoint? {
        try await reader.run { session in try PostgresSnapshot.latestCheckpoint(session) }
    }

    /// The head positions announced by commits (`LISTEN motcua_events` on a connection of its own), so
    /// that a projector or dashboard wakes on append instead of polling. Ends when the consumer stops.
    public func appendedPositions() async throws -> AsyncThrowingStream<Int64, any Error>? {
        let listener = try await PGConnection.connect(url, label: "listener", reconnects: false)
        try await listener.run { session in _ = try session.execute("LISTEN \(PostgresEventStore.notificationChannel)")
        }
        let stop = StopFlag()
        return AsyncThrowingStream { continuation in
            continuation.onTermination = { _ in stop.set() }
            Task {
                do {
                    while !stop.isSet {
                        let payloads = try await listener.run { session in
                            try session.notifications(timeoutMilliseconds: 200)
                        }
                        for payload in payloads { if let position = Int64(payload) { continuation.yield(position) } }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
        }
    }

    /// A reader connection, in turn.
    var reader: PGConnection { readers[next.take(readers.count)] }
}

/// A flag set once, read from any thread.
///
/// `@unchecked Sendable`: the flag is guarded by the lock.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }

    func set() { lock.withLock { value = true } }
}

/// A thread-safe round-robin counter.
///
/// `@unchecked Sendable`: the counter is guarded by the lock.
final class RoundRobin: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func take(_ count: Int) -> Int {
        lock.withLock {
            value = (value + 1) % count
            return value
        }
    }
}
