public import MotCuaDomain

/// Why the store refused or failed an operation: a stable code and what a user needs to act.
///
/// Driver errors (SQLite constraint, SQLSTATE 23505, I/O) become `.storage` with a message that leaks
/// no SQL; a refused batch carries the index of the failing event and the domain's `EventError`.
public struct EventStoreError: Error, Sendable, CustomStringConvertible {
    /// A stable, machine-readable reason.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// An event of the batch broke a rule (see `eventError`); nothing of the batch was stored.
        public static let rejected = Code(rawValue: "rejected")
        /// An imported record's position or hash does not continue this log's chain.
        public static let chainMismatch = Code(rawValue: "chainMismatch")
        /// The database failed or refused (I/O, lock, constraint); nothing of the batch was stored.
        public static let storage = Code(rawValue: "storage")
        /// The stored log is not what the chain says it was (see `verify`).
        public static let corrupt = Code(rawValue: "corrupt")
        /// A read asked for something the log cannot answer (a proof for a tree size beyond its head).
        public static let invalidRequest = Code(rawValue: "invalidRequest")
        /// The writer's queue is full: nothing of the batch was stored; retry shortly.
        public static let overloaded = Code(rawValue: "overloaded")
        /// The connection to the database failed during a transaction, so its outcome is not known from
        /// this side; the writer resolves it by running the group again with id lookups once connected.
        public static let connectionLost = Code(rawValue: "connectionLost")
    }

    public let code: Code
    public let message: String
    /// For `.rejected` and `.chainMismatch`: the failing event's index in its batch, from 0.
    public let index: Int?
    /// For `.rejected`: the domain's reason.
    public let eventError: EventError?

    public init(_ code: Code, _ message: String, index: Int? = nil, eventError: EventError? = nil) {
        self.code = code
        self.message = message
        self.index = index
        self.eventError = eventError
    }

    /// A refused event of a batch.
    public static func rejected(index: Int, _ error: EventError) -> EventStoreError {
        EventStoreError(.rejected, error.description, index: index, eventError: error)
    }

    public var description: String {
        index.map { "event \($0): \(message)" } ?? message
    }
}
