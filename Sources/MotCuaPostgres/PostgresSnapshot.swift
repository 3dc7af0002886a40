import MotCuaDomain
public import MotCuaStore

/// A consistent read-only view of a PostgreSQL store while its writer goes on appending: one
/// `REPEATABLE READ, READ ONLY` transaction on a connection of its own. PostgreSQL takes the snapshot at
/// the transaction's first statement, which reads the head and the latest signed checkpoint together;
/// every page read later sees the log as it stood then. For `motcua backup`.
///
/// Pages are also bounded by the snapshot's head: the log is append-only and its positions become
/// visible in order, so even a page read outside the transaction (a connection reset between two reads)
/// is the same prefix.
public final class PostgresSnapshot: Sendable {
    private let connection: PGConnection
    /// The log's last position and hash in the snapshot.
    public let head: LogHead
    /// The checkpoint of the largest tree signed by the time of the snapshot, if any.
    public let latestSignedCheckpoint: SignedCheckpoint?

    private init(connection: PGConnection, head: LogHead, latestSignedCheckpoint: SignedCheckpoint?) {
        self.connection = connection
        self.head = head
        self.latestSignedCheckpoint = latestSignedCheckpoint
    }

    /// Connects to `url` (libpq conventions), begins the snapshot and reads its head and latest signed
    /// checkpoint. The schema must already be migrated (open the store first).
    public static func begin(_ url: String) async throws -> PostgresSnapshot {
        let connection = try await PGConnection.connect(url, label: "snapshot")
        let (head, checkpoint) = try await connection.run { session in
            try session.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            do {
                return (
                    try PostgresLogStorage.head(session, lock: false), try PostgresSnapshot.latestCheckpoint(session)
                )
            } catch {
                _ = try? session.execute("ROLLBACK")
                throw error
            }
        }
        return PostgresSnapshot(connection: connection, head: head, latestSignedCheckpoint: checkpoint)
    }

    /// Up to `limit` events of the snapshot with a position greater than `position`, in position order.
    public func read(after position: Int64, limit: Int) async throws -> [RecordedEvent] {
        let head = self.head.position
        return try await connection.run { session in
            try PostgresLogStorage.records(
                session, where: "position > $1 AND position <= $2 ORDER BY position LIMIT $3",
                [PGParameter(position), PGParameter(head), PGParameter(max(0, limit))])
        }
    }

    /// Ends the snapshot's transaction (it changed nothing). Dropping the snapshot without ending it closes
    /// its connection, which ends the transaction as well.
    public func end() async throws {
        try await connection.run { session in
            try session.execute("COMMIT")
            return ()
        }
    }

    /// The checkpoint of the largest tree recorded (the last of those), as the store's
    /// `latestSignedCheckpoint()` reads it.
    static func latestCheckpoint(_ session: PGSession) throws -> SignedCheckpoint? {
        let result = try session.execute(
            "SELECT size, root, note, signed_at FROM signed_checkpoints ORDER BY size DESC, seq DESC LIMIT 1")
        guard result.rows == 1 else { return nil }
        guard let signedAt = try? Timestamp(parsing: result.text(0, 3)) else {
            throw PostgresLogStorage.corrupt("signed_checkpoints: signed_at \(result.text(0, 3))")
        }
        return SignedCheckpoint(
            size: result.int(0, 0), root: result.bytes(0, 1), note: result.text(0, 2), signedAt: signedAt)
    }
}
