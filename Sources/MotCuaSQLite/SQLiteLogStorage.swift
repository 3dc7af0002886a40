import Foundation
internal import GRDB
import MotCuaDomain
import MotCuaStore

/// The writer's transactions on SQLite.
struct SQLiteLogStorage: LogStorage {
    let database: any DatabaseWriter

    func write<T: Sendable>(_ body: @escaping @Sendable (any LogWriteTransaction) throws -> T) async throws -> T {
        do {
            return try await database.write { db in try body(Transaction(db: db)) }
        } catch {
            throw SQLiteEventStore.storeError(error)
        }
    }

    /// The writer's view of one GRDB write transaction.
    struct Transaction: LogWriteTransaction {
        let db: Database

        func head() throws -> LogHead {
            try SQLiteLogStorage.head(db)
        }

        func events(ids: [EventID]) throws -> [EventID: RecordedEvent] {
            var found: [EventID: RecordedEvent] = [:]
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ ids[$0..<min($0 + 500, ids.count)] }) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let arguments = StatementArguments(chunk.map { SQLiteLogStorage.blob($0) })
                for record in try SQLiteLogStorage.records(db, where: "id IN (\(marks))", arguments) {
                    found[record.id] = record
                }
            }
            return found
        }

        func streamHeads(_ streams: [StreamID]) throws -> [StreamID: StreamHead] {
            var found: [StreamID: StreamHead] = [:]
            for chunk in stride(from: 0, to: streams.count, by: 500).map({ streams[$0..<min($0 + 500, streams.count)] })
            {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT stream, state FROM stream_heads WHERE stream IN (\(marks))",
                    arguments: StatementArguments(chunk.map(\.description)))
                while let row = try rows.next() {
                    let name: String = row[0]
                    guard let stream = StreamID(name) else { throw SQLiteLogStorage.corrupt("stream name \(name)") }
                    let state: Data = row[1]
                    do {
                        found[stream] = try StreamHeadCodec.decode(Array(state))
                    } catch {
                        throw SQLiteLogStorage.corrupt("stream_heads \(name): \(error)")
                    }
                }
            }
            return found
        }

        func insert(_ events: [RecordedEvent]) throws {
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO events (position, id, stream, version, type, occurred_at, recorded_at, event, hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            // The C API directly: GRDB's per-row arguments (boxed values, Data copies) cost more than the
            // insert itself on this path.
            let raw = RawStatement(statement.sqliteStatement, connection: db.sqliteConnection)
            for record in events {
                try raw.run { bind in
                    bind.int(1, record.position)
                    bind.id(2, record.id)
                    bind.text(3, record.stream.description)
                    bind.int(4, Int64(record.version))
                    bind.text(5, record.type.rawValue)
                    bind.int(6, record.occurredAt.nanoseconds)
                    bind.text(7, record.recordedAt.text)
                    bind.blob(8, record.eventBytes)
                    bind.blob(9, record.hash)
                }
            }
        }

        func save(_ heads: [StreamID: StreamHead]) throws {
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO stream_heads (stream, version, state) VALUES (?, ?, ?)
                    ON CONFLICT (stream) DO UPDATE SET version = excluded.version, state = excluded.state
                    """)
            let raw = RawStatement(statement.sqliteStatement, connection: db.sqliteConnection)
            for (stream, head) in heads {
                try raw.run { bind in
                    bind.text(1, stream.description)
                    bind.int(2, Int64(head.version))
                    bind.blob(3, StreamHeadCodec.encode(head))
                }
            }
        }
    }

    static func head(_ db: Database) throws -> LogHead {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT position, hash, recorded_at FROM events ORDER BY position DESC LIMIT 1")
        else { return .empty }
        let text: String = row[2]
        let recordedAt = try? Timestamp(parsing: text)
        let hash: Data = row[1]
        return LogHead(position: row[0], hash: Array(hash), recordedAt: recordedAt?.instant)
    }

    /// Events matching a condition (SQL after `WHERE`, with its arguments bound).
    static func records(_ db: Database, where condition: String, _ arguments: StatementArguments) throws
        -> [RecordedEvent]
    {
        let rows = try Row.fetchCursor(
            db,
            sql:
                "SELECT position, stream, version, recorded_at, type, event, hash, id, occurred_at FROM events WHERE \(condition)",
            arguments: arguments)
        var records: [RecordedEvent] = []
        while let row = try rows.next() {
            records.append(try record(row))
        }
        return records
    }

    static func record(_ row: Row) throws -> RecordedEvent {
        let position: Int64 = row[0]
        let streamName: String = row[1]
        let recordedText: String = row[3]
        let typeName: String = row[4]
        guard let stream = StreamID(streamName) else { throw corrupt("position \(position): stream \(streamName)") }
        guard let recordedAt = try? Timestamp(parsing: recordedText) else {
            throw corrupt("position \(position): recorded_at \(recordedText)")
        }
        guard let type = EventType(rawValue: typeName) else { throw corrupt("position \(position): type \(typeName)") }
        let event: Data = row[5]
        let hash: Data = row[6]
        let idBytes: Data = row[7]
        guard idBytes.count == 16 else { throw corrupt("position \(position): id") }
        let id = EventID(
            high: idBytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) },
            low: idBytes.suffix(8).reduce(0) { $0 << 8 | UInt64($1) })
        return RecordedEvent(
            position: position, stream: stream, version: row[2], recordedAt: recordedAt, id: id, type: type,
            occurredAt: Instant(nanoseconds: row[8]), eventBytes: Array(event), hash: Array(hash))
    }

    static func corrupt(_ what: String) -> EventStoreError {
        EventStoreError(.corrupt, "the stored log is damaged: \(what)")
    }

    /// The 16 bytes of an event id, big-endian.
    static func blob(_ id: EventID) -> Data {
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 {
            bytes[i] = UInt8(truncatingIfNeeded: id.high >> (56 - 8 * UInt64(i)))
            bytes[8 + i] = UInt8(truncatingIfNeeded: id.low >> (56 - 8 * UInt64(i)))
        }
        return Data(bytes)
    }
}
