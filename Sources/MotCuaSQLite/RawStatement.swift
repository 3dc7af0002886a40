import Foundation
internal import GRDB
internal import GRDBSQLite
import MotCuaDomain

/// A prepared statement driven through SQLite's C API: bind, step once, reset. For the writer's inserts,
/// where GRDB's per-row argument values cost more than SQLite's own work.
struct RawStatement {
    let statement: SQLiteStatement
    let connection: SQLiteConnection?

    init(_ statement: SQLiteStatement, connection: SQLiteConnection?) {
        self.statement = statement
        self.connection = connection
    }

    /// `sqlite3_destructor_type` -1: SQLite copies the bound bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds the parameters (1-based) of one execution.
    struct Binder {
        let statement: SQLiteStatement

        func int(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(statement, index, value) }

        func text(_ index: Int32, _ value: String) {
            var value = value
            value.withUTF8 { bytes in
                _ = sqlite3_bind_text(
                    statement, index, UnsafeRawPointer(bytes.baseAddress)?.assumingMemoryBound(to: CChar.self),
                    Int32(bytes.count), RawStatement.transient)
            }
        }

        func blob(_ index: Int32, _ value: [UInt8]) {
            value.withUnsafeBytes { bytes in
                // A zero-length blob still needs a non-null pointer to be a blob, not NULL.
                _ = sqlite3_bind_blob(
                    statement, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count),
                    RawStatement.transient)
            }
        }

        /// The 16 bytes of an event id, big-endian halves (as `SQLiteLogStorage.blob`).
        func id(_ index: Int32, _ id: EventID) {
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2) { buffer in
                buffer[0] = id.high.bigEndian
                buffer[1] = id.low.bigEndian
                _ = sqlite3_bind_blob(statement, index, buffer.baseAddress, 16, RawStatement.transient)
            }
        }
    }

    /// Binds with `body`, steps once and returns the first column of the first row as an integer (`nil`
    /// when there is no row), then resets. With `RETURNING`, the change is made by that one step.
    func firstInteger(_ body: (Binder) -> Void) throws -> Int64? {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        body(Binder(statement: statement))
        let code = sqlite3_step(statement)
        defer { sqlite3_reset(statement) }
        switch code {
        case SQLITE_ROW: return sqlite3_column_int64(statement, 0)
        case SQLITE_DONE: return nil
        default:
            let message = connection.map { String(cString: sqlite3_errmsg($0)) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
    }

    /// Binds with `body`, steps to completion and resets; a failure is GRDB's `DatabaseError`, as from GRDB.
    func run(_ body: (Binder) -> Void) throws {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        body(Binder(statement: statement))
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) }
            sqlite3_reset(statement)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
    }
}
