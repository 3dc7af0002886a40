import Foundation
internal import GRDB
internal import GRDBSQLite

/// The baseline that `motcua bench ingest` holds the import against: the same rows inserted into the same
/// schema with the same durability, through SQLite's C API and nothing else (no decoding, no rules, no
/// hashing).
package enum SQLiteBaseline {
    /// One stored event row, as the `events` table holds it.
    struct Row {
        let position: Int64
        let id: [UInt8]
        /// `streams.key`.
        let stream: Int64
        let version: Int64
        let type: String
        let occurredAt: Int64
        let recordedAt: String
        let event: [UInt8]
        let hash: [UInt8]
    }

    /// Reads every row of the store at `source` (untimed), creates a store at `target` with MotCua's own
    /// migrations, then inserts the rows with prepared statements, `batch` events per durable transaction
    /// (WAL, `synchronous=FULL`, the store's page cache), and times only that.
    ///
    /// With `streams`, each transaction also writes what MotCua's writer writes beside the events: a
    /// `streams` row for each stream met for the first time and the state of every stream the batch
    /// touched (the source's final states, of the same size). Without, `events` rows alone.
    /// - Returns: the number of event rows and the seconds the inserts took.
    package static func rawInsert(from source: String, into target: String, batch: Int, streams: Bool) throws
        -> (Int, Double)
    {
        let (rows, states) = try DatabaseQueue(path: source).read { db in
            let rows = try GRDB.Row.fetchAll(
                db,
                sql: "SELECT position, id, stream, version, type, occurred_at, recorded_at, event, hash FROM events "
                    + "ORDER BY position"
            ).map { row in
                Row(
                    position: row[0], id: Array(row[1] as Data), stream: row[2], version: row[3], type: row[4],
                    occurredAt: row[5], recordedAt: row[6], event: Array(row[7] as Data), hash: Array(row[8] as Data))
            }
            var states: [Int64: (name: String, state: [UInt8])] = [:]
            for row in try GRDB.Row.fetchAll(db, sql: "SELECT key, name, state FROM streams") {
                states[row[0]] = (row[1], Array(row[2] as Data))
            }
            return (rows, states)
        }
        _ = try SQLiteEventStore(.file(target))  // the schema, by the store's migrations
        var connection: OpaquePointer?
        guard sqlite3_open_v2(target, &connection, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK, let connection else {
            throw DatabaseError(message: "cannot open \(target)")
        }
        defer { sqlite3_close_v2(connection) }
        for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA cache_size = -65536"] {
            try execute(connection, pragma)
        }
        let insertEvent = try prepare(
            connection,
            "INSERT INTO events (position, id, stream, version, type, occurred_at, recorded_at, event, hash) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        let insertStream = try prepare(
            connection, "INSERT INTO streams (key, name, version, state) VALUES (?, ?, ?, ?)")
        let updateStream = try prepare(connection, "UPDATE streams SET version = ?, state = ? WHERE key = ?")
        defer {
            for statement in [insertEvent, insertStream, updateStream] { sqlite3_finalize(statement.statement) }
        }
        var known = Set<Int64>()
        let started = ContinuousClock.now
        for start in stride(from: 0, to: rows.count, by: batch) {
            try execute(connection, "BEGIN IMMEDIATE")
            var touched: [Int64: Int64] = [:]
            for row in rows[start..<min(start + batch, rows.count)] {
                touched[row.stream] = row.version
            }
            if streams {
                for (key, version) in touched {
                    let state = states[key]?.state ?? []
                    if known.insert(key).inserted {
                        try insertStream.run { bind in
                            bind.int(1, key)
                            bind.text(2, states[key]?.name ?? "")
                            bind.int(3, version)
                            bind.blob(4, state)
                        }
                    } else {
                        try updateStream.run { bind in
                            bind.int(1, version)
                            bind.blob(2, state)
                            bind.int(3, key)
                        }
                    }
                }
            }
            for row in rows[start..<min(start + batch, rows.count)] {
                try insertEvent.run { bind in
                    bind.int(1, row.position)
                    bind.blob(2, row.id)
                    bind.int(3, row.stream)
                    bind.int(4, row.version)
                    bind.text(5, row.type)
                    bind.int(6, row.occurredAt)
                    bind.text(7, row.recordedAt)
                    bind.blob(8, row.event)
                    bind.blob(9, row.hash)
                }
            }
            try execute(connection, "COMMIT")
        }
        let elapsed = ContinuousClock.now - started
        return (rows.count, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    private static func prepare(_ connection: OpaquePointer, _ sql: String) throws -> RawStatement {
        var prepared: OpaquePointer?
        guard sqlite3_prepare_v2(connection, sql, -1, &prepared, nil) == SQLITE_OK, let prepared else {
            throw DatabaseError(message: String(cString: sqlite3_errmsg(connection)))
        }
        return RawStatement(prepared, connection: connection)
    }

    private static func execute(_ connection: OpaquePointer, _ sql: String) throws {
        guard sqlite3_exec(connection, sql, nil, nil, nil) == SQLITE_OK else {
            throw DatabaseError(message: String(cString: sqlite3_errmsg(connection)))
        }
    }
}
