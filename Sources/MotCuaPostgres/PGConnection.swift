import CLibPQ
import Dispatch
import Foundation
import MotCuaStore

#if canImport(Glibc)
    import Glibc
#endif

/// One libpq connection, driven only from its own serial dispatch queue: libpq calls block, so they
/// never run on Swift's cooperative thread pool.
///
/// `@unchecked Sendable`: the `PGconn` is touched only by closures running on `queue`, one at a time.
final class PGConnection: @unchecked Sendable {
    private let queue: DispatchQueue
    private let connection: OpaquePointer
    /// Whether a lost connection is re-established before the next body runs (not for a listener, whose
    /// `LISTEN` a reset would silently drop: its owner connects anew instead).
    private let reconnects: Bool

    private init(queue: DispatchQueue, connection: OpaquePointer, reconnects: Bool) {
        self.queue = queue
        self.connection = connection
        self.reconnects = reconnects
    }

    deinit {
        PQfinish(connection)
    }

    /// Connects (libpq conventions: URL or key=value string, `PG*` variables, service files).
    static func connect(_ conninfo: String, label: String, reconnects: Bool = true) async throws -> PGConnection {
        let queue = DispatchQueue(label: "motcua.postgres.\(label)")
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                guard let connection = PQconnectdb(conninfo) else {
                    return continuation.resume(throwing: EventStoreError(.storage, "PostgreSQL: out of memory"))
                }
                guard PQstatus(connection) == CONNECTION_OK else {
                    let message = String(cString: PQerrorMessage(connection)).trimmingCharacters(
                        in: .whitespacesAndNewlines)
                    PQfinish(connection)
                    return continuation.resume(
                        throwing: EventStoreError(.storage, "PostgreSQL: cannot connect: \(message)"))
                }
                let session = PGConnection(queue: queue, connection: connection, reconnects: reconnects)
                do {
                    try session.session.execute("SET client_min_messages = warning")
                    continuation.resume(returning: session)
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Runs `body` on the connection's queue and waits for it, blocking the calling thread (the writer's
    /// own, never one of the shared pool).
    func runBlocking<T>(_ body: (PGSession) throws -> T) throws -> T {
        try queue.sync { try perform(body) }
    }

    /// Runs `body` on the connection's queue; put each atomic sequence (BEGIN…COMMIT) in one body.
    func run<T: Sendable>(_ body: @escaping @Sendable (PGSession) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try self.perform(body) })
            }
        }
    }

    /// Runs `body` (on `queue`) on a live connection: one lost since the last body (a server restart, a
    /// network cut) is reset first. A failure that leaves the connection lost is `.connectionLost`: a
    /// transaction cut that way may or may not have committed, which the caller must find out.
    private func perform<T>(_ body: (PGSession) throws -> T) throws -> T {
        if reconnects, PQstatus(connection) != CONNECTION_OK {
            PQreset(connection)
            guard PQstatus(connection) == CONNECTION_OK else {
                throw EventStoreError(.connectionLost, "PostgreSQL: cannot reconnect: \(errorMessage)")
            }
            _ = try? session.execute("SET client_min_messages = warning")
        }
        do {
            return try body(session)
        } catch let error as EventStoreError where PQstatus(connection) != CONNECTION_OK {
            throw EventStoreError(.connectionLost, error.message)
        }
    }

    private var errorMessage: String {
        String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private var session: PGSession { PGSession(connection: connection, owner: self) }

}

/// A parameter of a statement: text (also used for numbers) or binary bytes.
enum PGParameter {
    case text(String)
    case binary([UInt8])
    case null

    init(_ value: Int64) { self = .text(String(value)) }
    init(_ value: Int) { self = .text(String(value)) }
}

/// The synchronous operations on a connection, valid inside `PGConnection.run` only.
struct PGSession {
    fileprivate let connection: OpaquePointer
    fileprivate let owner: PGConnection

    /// Executes a statement with parameters; results come in binary format.
    @discardableResult
    func execute(_ sql: String, _ parameters: [PGParameter] = []) throws -> PGResult {
        try withParameters(parameters) { count, values, lengths, formats in
            PQexecParams(connection, sql, count, nil, values, lengths, formats, 1)
        }
    }

    /// Waits up to `timeoutMilliseconds` for notifications (after `LISTEN`) and returns their payloads.
    func notifications(timeoutMilliseconds: Int32) throws -> [String] {
        var descriptor = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
        _ = poll(&descriptor, 1, timeoutMilliseconds)
        guard PQconsumeInput(connection) == 1 else { throw failure(nil) }
        var payloads: [String] = []
        while let notification = PQnotifies(connection) {
            payloads.append(String(cString: notification.pointee.extra))
            PQfreemem(notification)
        }
        return payloads
    }

    /// Executes several statements without parameters (migrations), in one round trip.
    func executeScript(_ sql: String) throws {
        _ = try check(PQexec(connection, sql))
    }

    /// `COPY … FROM STDIN (FORMAT binary)` of `data` (built with `PGCopyWriter`).
    func copyIn(_ sql: String, _ data: [UInt8]) throws {
        try copyBegin(sql)
        try copyPut(data)
        try copyEnd()
    }

    /// Starts a `COPY … FROM STDIN`: then `copyPut` its data, in parts, and `copyEnd`.
    func copyBegin(_ sql: String) throws {
        _ = try check(PQexec(connection, sql), expecting: PGRES_COPY_IN)
    }

    /// Sends a part of a started COPY's data; the server takes the rows in as they arrive.
    func copyPut(_ data: [UInt8]) throws {
        let sent = data.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    PQputCopyData(connection, $0, Int32(buffer.count))
                }
            } ?? 1
        }
        guard sent == 1 else { throw failure(nil) }
    }

    /// Ends a started COPY; with `abort`, makes it fail with that message (nothing of it is kept, and the
    /// transaction is aborted) and throws nothing.
    func copyEnd(abort: String? = nil) throws {
        guard PQputCopyEnd(connection, abort) == 1 else { throw failure(nil) }
        // Drain every result; the first failure (a constraint, say) is thrown after the connection is idle.
        var failure: (any Error)?
        while let result = PQgetResult(connection) {
            do {
                _ = try check(result)
            } catch {
                failure = failure ?? error
            }
        }
        if let failure, abort == nil { throw failure }
    }

    private func withParameters(
        _ parameters: [PGParameter],
        _ call: (Int32, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) ->
            OpaquePointer?
    ) throws -> PGResult {
        var buffers: [UnsafeMutablePointer<CChar>?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        defer {
            for buffer in buffers { buffer?.deallocate() }
        }
        for parameter in parameters {
            switch parameter {
            case .null:
                buffers.append(nil)
                lengths.append(0)
                formats.append(0)
            case .text(let text):
                let bytes = Array(text.utf8) + [0]
                let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
                bytes.withUnsafeBytes {
                    buffer.initialize(from: $0.bindMemory(to: CChar.self).baseAddress!, count: bytes.count)
                }
                buffers.append(buffer)
                lengths.append(Int32(bytes.count - 1))
                formats.append(0)
            case .binary(let bytes):
                let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: max(1, bytes.count))
                bytes.withUnsafeBytes { raw in
                    if let base = raw.bindMemory(to: CChar.self).baseAddress {
                        buffer.initialize(from: base, count: bytes.count)
                    }
                }
                buffers.append(buffer)
                lengths.append(Int32(bytes.count))
                formats.append(1)
            }
        }
        let values = buffers.map { UnsafePointer($0) }
        let result = values.withUnsafeBufferPointer { values in
            lengths.withUnsafeBufferPointer { lengths in
                formats.withUnsafeBufferPointer { formats in
                    call(Int32(parameters.count), values.baseAddress, lengths.baseAddress, formats.baseAddress)
                }
            }
        }
        return try check(result)
    }

    private func check(_ result: OpaquePointer?, expecting expected: ExecStatusType? = nil) throws -> PGResult {
        guard let result else { throw failure(nil) }
        let status = PQresultStatus(result)
        if let expected {
            guard status == expected else { throw failure(result) }
        } else {
            guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else { throw failure(result) }
        }
        return PGResult(result)
    }

    /// A driver error as an `EventStoreError`, with the SQLSTATE and the server's message (no SQL).
    private func failure(_ result: OpaquePointer?) -> EventStoreError {
        defer { if let result { PQclear(result) } }
        let message: String
        var state = ""
        if let result, let text = PQresultErrorField(result, Int32(UInt8(ascii: "M"))) {
            message = String(cString: text)
            if let code = PQresultErrorField(result, Int32(UInt8(ascii: "C"))) { state = String(cString: code) }
        } else {
            message = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return EventStoreError(.storage, "PostgreSQL\(state.isEmpty ? "" : " (SQLSTATE \(state))"): \(message)")
    }
}

/// A result set, freed when released. Values are in binary format.
final class PGResult {
    private let result: OpaquePointer

    init(_ result: OpaquePointer) {
        self.result = result
    }

    deinit {
        PQclear(result)
    }

    var rows: Int { Int(PQntuples(result)) }

    func isNull(_ row: Int, _ column: Int) -> Bool { PQgetisnull(result, Int32(row), Int32(column)) == 1 }

    func bytes(_ row: Int, _ column: Int) -> [UInt8] {
        let length = Int(PQgetlength(result, Int32(row), Int32(column)))
        guard let value = PQgetvalue(result, Int32(row), Int32(column)), length > 0 else { return [] }
        return value.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    func text(_ row: Int, _ column: Int) -> String { String(decoding: bytes(row, column), as: UTF8.self) }

    /// A big-endian binary integer column (int2, int4 or int8).
    func int(_ row: Int, _ column: Int) -> Int64 {
        let raw = bytes(row, column)
        var value: Int64 = raw.first.map { $0 & 0x80 != 0 ? -1 : 0 } ?? 0
        for byte in raw { value = value << 8 | Int64(byte) }
        return value
    }
}

/// Builds the body of a binary `COPY … FROM STDIN`.
struct PGCopyWriter {
    private(set) var data: [UInt8]

    /// A body that starts with the binary COPY signature, or (`header: false`) a later part of one.
    init(header: Bool = true) {
        data = header ? Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00] + [0, 0, 0, 0] + [0, 0, 0, 0] : []
        data.reserveCapacity(Self.partBytes + 4096)
    }

    /// How much a streamed COPY gathers before it sends a part.
    static let partBytes = 64 * 1024

    mutating func beginRow(fields: Int) { append16(Int16(fields)) }

    mutating func int64(_ value: Int64) {
        append32(8)
        for shift in stride(from: 56, through: 0, by: -8) {
            data.append(UInt8(truncatingIfNeeded: value >> Int64(shift)))
        }
    }

    mutating func int32(_ value: Int32) {
        append32(4)
        append32(value)
    }

    mutating func bytes(_ value: [UInt8]) {
        append32(Int32(value.count))
        data += value
    }

    mutating func text(_ value: String) { bytes(Array(value.utf8)) }

    mutating func finish() { append16(-1) }

    private mutating func append16(_ value: Int16) {
        data.append(UInt8(truncatingIfNeeded: value >> 8))
        data.append(UInt8(truncatingIfNeeded: value))
    }

    private mutating func append32(_ value: Int32) {
        for shift in [24, 16, 8, 0] { data.append(UInt8(truncatingIfNeeded: value >> Int32(shift))) }
    }
}
