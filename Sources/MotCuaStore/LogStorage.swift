package import MotCuaDomain

/// What a backend gives the shared `GroupCommitWriter`: serialized, durable write transactions over
/// the event table and the stream-state table.
package protocol LogStorage: Sendable {
    /// Runs `body` in one write transaction and commits it durably before returning; transactions run
    /// one at a time. If `body` throws, nothing is written.
    func write<T: Sendable>(_ body: @escaping @Sendable (any LogWriteTransaction) throws -> T) async throws -> T
}

/// The reads and writes the writer needs inside one transaction.
package protocol LogWriteTransaction {
    /// The current end of the log.
    func head() throws -> LogHead
    /// The stored events with these ids.
    func events(ids: [EventID]) throws -> [EventID: RecordedEvent]
    /// The persisted states of these streams (absent streams are left out).
    func streamHeads(_ streams: [StreamID]) throws -> [StreamID: StreamHead]
    /// Appends records, which continue the chain in position order; called after `save` with the states
    /// of every stream the records touch.
    func insert(_ events: [RecordedEvent]) throws
    /// Persists stream states (before the events of the same transaction are inserted).
    func save(_ heads: [StreamID: StreamHead]) throws
}
