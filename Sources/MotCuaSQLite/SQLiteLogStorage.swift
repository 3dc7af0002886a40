import Foundation
internal import GRDB
import MotCuaDomain
import MotCuaStore

/// The writer's transactions on SQLite.
struct SQLiteLogStorage: LogStorage {
    let database: any DatabaseWriter
    /// The keys of streams (`streams.key`) committed so far, as far as this process has met them.
    let keys = StreamKeys()

    func write<T>(_ body: (any LogWriteTransaction) throws -> T) throws -> T {
        let keys = TransactionKeys(committed: self.keys)
        let result: T
        do {
            result = try database.write { db in try body(Transaction(db: db, keys: keys)) }
        } catch {
            throw SQLiteEventStore.storeError(error)
        }
        // Committed: the keys the transaction met or gave are now everyone's (a rolled-back key is not).
        self.keys.add(keys.met)
        return result
    }

    /// The writer's view of one GRDB write transaction.
    struct Transaction: LogWriteTransaction {
        let db: Database
        let keys: TransactionKeys

        /// The key of `stream`, which `save` gave or found in this transaction (it runs before `insert`).
        private func key(_ stream: StreamID) throws -> Int64 {
            guard let key = keys.key(stream) else {
                throw EventStoreError(.storage, "stream \(stream) has no key: its state was not saved first")
            }
            return key
        }

        func head() throws -> LogHead {
            try SQLiteLogStorage.head(db)
        }

        func events(ids: [EventID]) throws -> [EventID: RecordedEvent] {
            var found: [EventID: RecordedEvent] = [:]
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ ids[$0..<min($0 + 500, ids.count)] }) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let arguments = StatementArguments(chunk.map { SQLiteLogStorage.blob($0) })
                for record in try SQLiteLogStorage.records(db, where: "e.id IN (\(marks))", arguments) {
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
                    db, sql: "SELECT name, state FROM streams WHERE name IN (\(marks))",
                    arguments: StatementArguments(chunk.map(\.description)))
                while let row = try rows.next() {
                    let name: String = row[0]
                    guard let stream = StreamID(name) else { throw SQLiteLogStorage.corrupt("stream name \(name)") }
                    let state: Data = row[1]
                    do {
                        found[stream] = try StreamHeadCodec.decode(Array(state))
                    } catch {
                        throw SQLiteLogStorage.corrupt("streams \(name): \(error)")
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
                let stream = try key(record.stream)
                try raw.run { bind in
                    bind.int(1, record.position)
                    bind.id(2, record.id)
                    bind.int(3, stream)
                    bind.int(4, Int64(record.version))
                    bind.text(5, record.type.rawValue)
                    bind.int(6, record.occurredAt.nanoseconds)
                    bind.text(7, record.recordedAt.text)
                    bind.blob(8, record.eventBytes)
                    bind.blob(9, record.hash)
                }
            }
        }

        func treeNodes(_ subtrees: [MerkleTree.Subtree]) throws -> [MerkleTree.Subtree: [UInt8]] {
            try SQLiteLogStorage.treeNodes(db, subtrees)
        }

        func insertTreeNodes(_ nodes: [(MerkleTree.Subtree, [UInt8])]) throws {
            guard !nodes.isEmpty else { return }
            let insert = RawStatement(
                try db.cachedStatement(sql: "INSERT INTO merkle_nodes (level, idx, hash) VALUES (?, ?, ?)")
                    .sqliteStatement,
                connection: db.sqliteConnection)
            for (subtree, hash) in nodes {
                try insert.run { bind in
                    bind.int(1, Int64(subtree.level))
                    bind.int(2, subtree.index)
                    bind.blob(3, hash)
                }
            }
        }

        func records(_ positions: ClosedRange<Int64>) throws -> [RecordedEvent] {
            try SQLiteLogStorage.records(
                db, where: "e.position BETWEEN ? AND ? ORDER BY e.position",
                [positions.lowerBound, positions.upperBound])
        }

        /// Writes the streams' states; a stream met for the first time gets its key here (the writer saves
        /// the states before it inserts the events, which then find every key known).
        func save(_ heads: [(stream: StreamID, head: StreamHead)]) throws {
            let update = RawStatement(
                try db.cachedStatement(sql: "UPDATE streams SET version = ?, state = ? WHERE key = ?").sqliteStatement,
                connection: db.sqliteConnection)
            let upsert = RawStatement(
                try db.cachedStatement(
                    sql: """
                        INSERT INTO streams (name, version, state) VALUES (?, ?, ?)
                        ON CONFLICT (name) DO UPDATE SET version = excluded.version, state = excluded.state
                        RETURNING key
                        """
                ).sqliteStatement,
                connection: db.sqliteConnection)
            for (stream, head) in heads {
                let state = StreamHeadCodec.encode(head)
                if let key = keys.key(stream) {
                    // Kept at hand for the inserts that follow: one lookup each.
                    keys.met[stream] = key
                    try update.run { bind in
                        bind.int(1, Int64(head.version))
                        bind.blob(2, state)
                        bind.int(3, key)
                    }
                } else {
                    let given = try upsert.firstInteger { bind in
                        bind.text(1, stream.description)
                        bind.int(2, Int64(head.version))
                        bind.blob(3, state)
                    }
                    guard let given else { throw SQLiteLogStorage.corrupt("no key given to stream \(stream)") }
                    keys.met[stream] = given
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

    /// Events matching a condition on `events AS e` (SQL after `WHERE`, with its arguments bound), with
    /// their streams' names.
    static func records(_ db: Database, where condition: String, _ arguments: StatementArguments) throws
        -> [RecordedEvent]
    {
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT e.position, s.name, e.version, e.recorded_at, e.type, e.event, e.hash, e.id, e.occurred_at, e.stream
                FROM events AS e JOIN streams AS s ON s.key = e.stream WHERE \(condition)
                """,
            arguments: arguments)
        var records: [RecordedEvent] = []
        // Each stream's name is parsed once per read.
        var streams: [Int64: StreamID] = [:]
        while let row = try rows.next() {
            let key: Int64 = row[9]
            let stream: StreamID
            if let known = streams[key] {
                stream = known
            } else {
                let name: String = row[1]
                guard let parsed = StreamID(name) else { throw corrupt("streams \(key): name \(name)") }
                stream = parsed
                streams[key] = parsed
            }
            records.append(try record(row, stream: stream))
        }
        return records
    }

    static func record(_ row: Row, stream: StreamID) throws -> RecordedEvent {
        let position: Int64 = row[0]
        let recordedText: String = row[3]
        let typeName: String = row[4]
        guard let recordedAt = try? Timestamp(parsing: recordedText) else {
            throw corrupt("position \(position): recorded_at \(recordedText)")
        }
        guard let type = EventType(rawValue: typeName) else { throw corrupt("position \(position): type \(typeName)") }
        // Blobs are read in place and copied once.
        let event = try row.withUnsafeData(atIndex: 5) { $0.map { Array($0) } }
        let hash = try row.withUnsafeData(atIndex: 6) { $0.map { Array($0) } }
        let id = try row.withUnsafeData(atIndex: 7) { data in data.flatMap { EventID(bytes: $0) } }
        guard let event, let hash, let id else { throw corrupt("position \(position): event, hash or id") }
        return RecordedEvent(
            position: position, stream: stream, version: row[2], recordedAt: recordedAt,
            id: id, type: type,
            occurredAt: Instant(nanoseconds: row[8]), eventBytes: event, hash: hash)
    }

    /// The stored hashes of `subtrees`; missing ones are left out.
    static func treeNodes(_ db: Database, _ subtrees: [MerkleTree.Subtree]) throws -> [MerkleTree.Subtree: [UInt8]] {
        let statement = try db.cachedStatement(sql: "SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?")
        var found: [MerkleTree.Subtree: [UInt8]] = [:]
        for subtree in subtrees {
            let rows = try Row.fetchCursor(statement, arguments: [subtree.level, subtree.index])
            guard let row = try rows.next() else { continue }
            guard let hash = try row.withUnsafeData(atIndex: 0, { $0.map { Array($0) } }), hash.count == 32 else {
                throw corrupt("merkle_nodes \(subtree.level)/\(subtree.index): not a 32-byte hash")
            }
            found[subtree] = hash
        }
        return found
    }

    static func corrupt(_ what: String) -> EventStoreError {
        EventStoreError(.corrupt, "the stored log is damaged: \(what)")
    }

    /// The 16 bytes of an event id, big-endian (`EventID.bytes`), as a BLOB.
    static func blob(_ id: EventID) -> Data { Data(id.bytes) }
}

/// Stream keys known to be committed. A key never changes once committed (streams are never renamed or
/// removed), so keys met in any process's transactions may be kept; at most `capacity` of them.
///
/// `@unchecked Sendable`: `keys` is only touched while holding `lock`.
final class StreamKeys: @unchecked Sendable {
    private let lock = NSLock()
    private var keys: [StreamID: Int64] = [:]
    static let capacity = 500_000

    func key(_ stream: StreamID) -> Int64? { lock.withLock { keys[stream] } }

    func add(_ met: [StreamID: Int64]) {
        guard !met.isEmpty else { return }
        lock.withLock {
            if keys.count + met.count > StreamKeys.capacity { keys.removeAll() }
            keys.merge(met) { _, new in new }
        }
    }
}

/// The stream keys of one transaction: the committed ones, and those it met or gave, which become
/// committed only when it commits.
///
/// `@unchecked Sendable`: used only inside one write transaction, on the writer's queue.
final class TransactionKeys: @unchecked Sendable {
    let committed: StreamKeys
    var met: [StreamID: Int64] = [:]

    init(committed: StreamKeys) {
        self.committed = committed
    }

    func key(_ stream: StreamID) -> Int64? { met[stream] ?? committed.key(stream) }
}
