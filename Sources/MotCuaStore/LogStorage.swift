package import MotCuaDomain

/// What a backend gives the shared `GroupCommitWriter`: serialized, durable write transactions over
/// the event table and the stream-state table.
package protocol LogStorage: Sendable {
    /// Runs `body` in one write transaction and commits it durably before returning; transactions run
    /// one at a time. If `body` throws, nothing is written.
    ///
    /// Blocking, on the calling thread: the writer calls it from its own thread (`ThreadExecutor`), so that
    /// a commit costs no hop to another thread and back.
    func write<T>(_ body: (any LogWriteTransaction) throws -> T) throws -> T
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
    /// Persists stream states (before the events of the same transaction are inserted, unless they were
    /// streamed), each stream once, in the order of its first event among them.
    func save(_ heads: [(stream: StreamID, head: StreamHead)]) throws
    /// The stored hashes of these complete subtrees of the Merkle tree (each of level
    /// ``MerkleTree/storedLevel`` or above); a missing one is left out.
    func treeNodes(_ subtrees: [MerkleTree.Subtree]) throws -> [MerkleTree.Subtree: [UInt8]]
    /// Stores the hashes of complete subtrees the transaction's records completed (append-only).
    func insertTreeNodes(_ nodes: [(MerkleTree.Subtree, [UInt8])]) throws
    /// The records at `positions`, in order (for the leaves of the tree's right edge).
    func records(_ positions: ClosedRange<Int64>) throws -> [RecordedEvent]
    /// Starts taking records one by one as the writer decides them (`stream`), so that the store inserts
    /// while the writer decides; `insert` then receives them all again and ends the stream, and `save`
    /// follows it. `false` (the default): records come to `insert` only, after `save`.
    func beginStreaming() throws -> Bool
    /// One record of a stream begun with `beginStreaming`.
    func stream(_ record: RecordedEvent) throws
}

extension LogWriteTransaction {
    package func beginStreaming() throws -> Bool { false }
    package func stream(_ record: RecordedEvent) throws {}
}
