import Foundation
import MotCuaDomain
import MotCuaStore

/// The writer's transactions on PostgreSQL: BEGIN … COMMIT in one synchronous closure on the writer
/// connection, so that no other caller can interleave.
struct PostgresLogStorage: LogStorage {
    let connection: PGConnection

    func write<T>(_ body: (any LogWriteTransaction) throws -> T) throws -> T {
        try connection.runBlocking { session in
            let copy = StreamedCopy()
            return try PostgresLogStorage.transaction(session, copy: copy) {
                try body(Transaction(session: session, copy: copy))
            }
        }
    }

    /// Runs `body` between BEGIN and COMMIT, rolling back when it throws. A streamed COPY still open when
    /// `body` ends (its batch was refused) is aborted first, so that nothing of it is kept.
    static func transaction<T>(_ session: PGSession, copy: StreamedCopy? = nil, _ body: () throws -> T) throws -> T {
        try session.execute("BEGIN")
        do {
            let value = try body()
            if let copy, copy.isOpen { try copy.abort(session) }
            try session.execute("COMMIT")
            return value
        } catch {
            if let copy, copy.isOpen { try? copy.abort(session) }
            _ = try? session.execute("ROLLBACK")
            throw error
        }
    }

    /// The events' `COPY` while the writer decides them: rows go out in parts of
    /// `PGCopyWriter.partBytes`, and the server inserts them while the next are decided.
    final class StreamedCopy {
        private(set) var isOpen = false
        private var part = PGCopyWriter()
        private(set) var rows = 0

        func begin(_ session: PGSession) throws {
            try session.copyBegin(PostgresLogStorage.copyEvents)
            isOpen = true
            part = PGCopyWriter()
            rows = 0
        }

        func add(_ record: RecordedEvent, _ session: PGSession) throws {
            PostgresLogStorage.row(record, into: &part)
            rows += 1
            if part.data.count >= PGCopyWriter.partBytes {
                try session.copyPut(part.data)
                part = PGCopyWriter(header: false)
            }
        }

        func end(_ session: PGSession) throws {
            isOpen = false
            part.finish()
            try session.copyPut(part.data)
            try session.copyEnd()
        }

        func abort(_ session: PGSession) throws {
            isOpen = false
            try session.copyEnd(abort: "the batch was refused")
        }
    }

    static let copyEvents =
        "COPY events (position, id, stream, version, type, occurred_at, recorded_at, event, hash) "
        + "FROM STDIN (FORMAT binary)"

    /// One `events` row of a binary COPY.
    static func row(_ record: RecordedEvent, into copy: inout PGCopyWriter) {
        copy.beginRow(fields: 9)
        copy.int64(record.position)
        copy.bytes(record.id.bytes)
        copy.text(record.stream.description)
        copy.int32(Int32(record.version))
        copy.text(record.type.rawValue)
        copy.int64(record.occurredAt.nanoseconds)
        copy.text(record.recordedAt.text)
        copy.bytes(record.eventBytes)
        copy.bytes(record.hash)
    }

    struct Transaction: LogWriteTransaction {
        let session: PGSession
        let copy: StreamedCopy

        func beginStreaming() throws -> Bool {
            try copy.begin(session)
            return true
        }

        func stream(_ record: RecordedEvent) throws {
            try copy.add(record, session)
        }

        func head() throws -> LogHead {
            // The transaction-scoped lock that orders commits: held until COMMIT.
            try PostgresLogStorage.head(session, lock: true)
        }

        func events(ids: [EventID]) throws -> [EventID: RecordedEvent] {
            var found: [EventID: RecordedEvent] = [:]
            for start in stride(from: 0, to: ids.count, by: 5000) {
                let chunk = ids[start..<min(start + 5000, ids.count)]
                let list = "{" + chunk.map(\.description).joined(separator: ",") + "}"
                for record in try PostgresLogStorage.records(session, where: "id = ANY($1::uuid[])", [.text(list)]) {
                    found[record.id] = record
                }
            }
            return found
        }

        func streamHeads(_ streams: [StreamID]) throws -> [StreamID: StreamHead] {
            var found: [StreamID: StreamHead] = [:]
            for start in stride(from: 0, to: streams.count, by: 5000) {
                let chunk = streams[start..<min(start + 5000, streams.count)]
                let list = "{" + chunk.map { "\"\($0)\"" }.joined(separator: ",") + "}"
                let result = try session.execute(
                    "SELECT stream, state FROM stream_heads WHERE stream = ANY($1::text[])", [.text(list)])
                for row in 0..<result.rows {
                    let name = result.text(row, 0)
                    guard let stream = StreamID(name) else { throw PostgresLogStorage.corrupt("stream name \(name)") }
                    do {
                        found[stream] = try StreamHeadCodec.decode(result.bytes(row, 1))
                    } catch {
                        throw PostgresLogStorage.corrupt("stream_heads \(name): \(error)")
                    }
                }
            }
            return found
        }

        func insert(_ events: [RecordedEvent]) throws {
            if copy.isOpen {
                // Streamed as decided: every record is out; end the COPY.
                guard copy.rows == events.count else {
                    throw EventStoreError(.storage, "streamed \(copy.rows) of \(events.count) records")
                }
                try copy.end(session)
            } else if !events.isEmpty {
                var whole = PGCopyWriter()
                for record in events { PostgresLogStorage.row(record, into: &whole) }
                whole.finish()
                try session.copyIn(PostgresLogStorage.copyEvents, whole.data)
            }
            guard let last = events.last else { return }
            try session.execute(
                "UPDATE log_head SET position = $1, hash = $2", [PGParameter(last.position), .binary(last.hash)])
            try session.execute(
                "SELECT pg_notify($1, $2)",
                [.text(PostgresEventStore.notificationChannel), .text(String(last.position))])
        }

        func treeNodes(_ subtrees: [MerkleTree.Subtree]) throws -> [MerkleTree.Subtree: [UInt8]] {
            try PostgresLogStorage.treeNodes(session, subtrees)
        }

        func insertTreeNodes(_ nodes: [(MerkleTree.Subtree, [UInt8])]) throws {
            guard !nodes.isEmpty else { return }
            try session.execute(
                """
                INSERT INTO merkle_nodes (level, idx, hash)
                SELECT l, i, decode(h, 'hex') FROM unnest($1::smallint[], $2::bigint[], $3::text[]) AS t (l, i, h)
                """,
                [
                    .text("{" + nodes.map { String($0.0.level) }.joined(separator: ",") + "}"),
                    .text("{" + nodes.map { String($0.0.index) }.joined(separator: ",") + "}"),
                    .text("{" + nodes.map { HashChain.hexString($0.1) }.joined(separator: ",") + "}"),
                ])
        }

        func records(_ positions: ClosedRange<Int64>) throws -> [RecordedEvent] {
            try PostgresLogStorage.records(
                session, where: "position BETWEEN $1 AND $2 ORDER BY position",
                [PGParameter(positions.lowerBound), PGParameter(positions.upperBound)])
        }

        func save(_ heads: [(stream: StreamID, head: StreamHead)]) throws {
            guard !heads.isEmpty else { return }
            var copy = PGCopyWriter()
            for (stream, head) in heads {
                copy.beginRow(fields: 3)
                copy.text(stream.description)
                copy.int32(Int32(head.version))
                copy.bytes(StreamHeadCodec.encode(head))
            }
            copy.finish()
            try session.execute(
                "CREATE TEMP TABLE IF NOT EXISTS stream_heads_in (stream TEXT, version INTEGER, state BYTEA) "
                    + "ON COMMIT DELETE ROWS")
            try session.copyIn("COPY stream_heads_in (stream, version, state) FROM STDIN (FORMAT binary)", copy.data)
            try session.execute(
                """
                INSERT INTO stream_heads (stream, version, state) SELECT stream, version, state FROM stream_heads_in
                ON CONFLICT (stream) DO UPDATE SET version = excluded.version, state = excluded.state
                """)
        }
    }

    static func head(_ session: PGSession, lock: Bool) throws -> LogHead {
        let result = try session.execute("SELECT position, hash FROM log_head" + (lock ? " FOR UPDATE" : ""))
        guard result.rows == 1 else { throw corrupt("log_head has \(result.rows) rows") }
        let position = result.int(0, 0)
        guard position > 0 else { return .empty }
        let last = try session.execute("SELECT recorded_at FROM events WHERE position = $1", [PGParameter(position)])
        let recordedAt = last.rows == 1 ? try? Timestamp(parsing: last.text(0, 0)) : nil
        return LogHead(position: position, hash: result.bytes(0, 1), recordedAt: recordedAt?.instant)
    }

    /// Events matching a condition (SQL after `WHERE`, with `$n` parameters).
    static func records(_ session: PGSession, where condition: String, _ parameters: [PGParameter]) throws
        -> [RecordedEvent]
    {
        let result = try session.execute(
            "SELECT position, stream, version, recorded_at, type, event, hash, id, occurred_at FROM events WHERE "
                + condition, parameters)
        var records: [RecordedEvent] = []
        records.reserveCapacity(result.rows)
        for row in 0..<result.rows {
            let position = result.int(row, 0)
            let streamName = result.text(row, 1)
            let recordedText = result.text(row, 3)
            let typeName = result.text(row, 4)
            guard let stream = StreamID(streamName), let recordedAt = try? Timestamp(parsing: recordedText),
                let type = EventType(rawValue: typeName), let id = EventID(bytes: result.bytes(row, 7))
            else { throw corrupt("position \(position)") }
            records.append(
                RecordedEvent(
                    position: position, stream: stream, version: Int(result.int(row, 2)), recordedAt: recordedAt,
                    id: id, type: type, occurredAt: Instant(nanoseconds: result.int(row, 8)),
                    eventBytes: result.bytes(row, 5), hash: result.bytes(row, 6)))
        }
        return records
    }

    /// The stored hashes of `subtrees`, in one query; missing ones are left out.
    static func treeNodes(_ session: PGSession, _ subtrees: [MerkleTree.Subtree]) throws
        -> [MerkleTree.Subtree: [UInt8]]
    {
        guard !subtrees.isEmpty else { return [:] }
        let result = try session.execute(
            """
            SELECT n.level, n.idx, n.hash FROM merkle_nodes AS n
            JOIN unnest($1::smallint[], $2::bigint[]) AS w (l, i) ON n.level = w.l AND n.idx = w.i
            """,
            [
                .text("{" + subtrees.map { String($0.level) }.joined(separator: ",") + "}"),
                .text("{" + subtrees.map { String($0.index) }.joined(separator: ",") + "}"),
            ])
        var found: [MerkleTree.Subtree: [UInt8]] = [:]
        for row in 0..<result.rows {
            let subtree = MerkleTree.Subtree(level: Int(result.int(row, 0)), index: result.int(row, 1))
            let hash = result.bytes(row, 2)
            guard hash.count == 32 else { throw corrupt("merkle_nodes \(subtree.level)/\(subtree.index)") }
            found[subtree] = hash
        }
        return found
    }

    static func corrupt(_ what: String) -> EventStoreError {
        EventStoreError(.corrupt, "the stored log is damaged: \(what)")
    }
}
