import Foundation
public import MotCuaDomain

/// The append-only, hash-chained event log that every backend (SQLite, PostgreSQL) provides.
///
/// Appends are validated by the domain's stream rules, given gapless positions and chained hashes,
/// and durable before they return. Reads never block appends.
public protocol EventStore: TokenStore {
    /// Validates and appends a batch, all or nothing, and returns one result per event.
    ///
    /// - Throws: `EventStoreError` (`.rejected` with the failing event's index and rule,
    ///   `.chainMismatch` for an imported record that does not continue the chain, `.storage`).
    func append(_ batch: AppendBatch) async throws -> [AppendResult]

    /// Up to `limit` events with a position greater than `position`, in position order.
    func read(after position: Int64, limit: Int) async throws -> [RecordedEvent]

    /// Every event of one stream, in version order.
    func read(stream: StreamID) async throws -> [RecordedEvent]

    /// The last position and hash (position 0 and `HashChain.genesis` for an empty log).
    func head() async throws -> LogHead

    /// The stored checkpoint of a projection, if any.
    func checkpoint(named name: String) async throws -> ProjectionCheckpoint?

    /// Saves a projection's checkpoint (state and position together, in one transaction), replacing
    /// the previous one.
    func save(_ checkpoint: ProjectionCheckpoint) async throws

    /// The stored hashes of these complete subtrees of the log's Merkle tree (each of level
    /// ``MerkleTree/storedLevel`` or above); missing ones are left out. See `treeRoot(size:)` and the proofs.
    func treeNodes(_ subtrees: [MerkleTree.Subtree]) async throws -> [MerkleTree.Subtree: [UInt8]]

    /// Records a signed checkpoint of the log (append-only: every one signed is kept).
    func record(_ checkpoint: SignedCheckpoint) async throws

    /// The checkpoint of the largest tree recorded (the last of those), if any.
    func latestSignedCheckpoint() async throws -> SignedCheckpoint?

    /// Calls `observer` after every group commit of this store's writer (metrics: how well commits group).
    func observeCommits(_ observer: @escaping @Sendable (CommitStatistics) -> Void) async

    /// The head positions announced by every commit to the log, by any process, or `nil` when the backend
    /// cannot announce them (readers then poll). The stream ends when the consumer stops or the
    /// announcing connection fails.
    func appendedPositions() async throws -> AsyncThrowingStream<Int64, any Error>?
}

extension EventStore {
    /// No announcements: readers poll.
    public func appendedPositions() async throws -> AsyncThrowingStream<Int64, any Error>? { nil }
}

/// What one group commit of the writer did.
public struct CommitStatistics: Sendable, Hashable {
    /// Batches taken into the transaction (refused ones included).
    public let batches: Int
    /// Events appended (not counting those already present or in refused batches).
    public let appended: Int
    /// From the start of the transaction to its durable commit.
    public let duration: Duration
    /// The events appended, in position order, as the writer decoded them: a projection can fold them
    /// without reading the log back.
    public let events: [AppendedEvent]

    public init(batches: Int, appended: Int, duration: Duration, events: [AppendedEvent] = []) {
        self.batches = batches
        self.appended = appended
        self.duration = duration
        self.events = events
    }
}

/// An event the log just took, with its position.
public struct AppendedEvent: Sendable, Hashable {
    public let position: Int64
    public let event: EventEnvelope

    public init(position: Int64, event: EventEnvelope) {
        self.position = position
        self.event = event
    }
}

/// A projection's saved state and the log position it reflects.
public struct ProjectionCheckpoint: Sendable, Hashable {
    public let name: String
    public let version: Int
    public let position: Int64
    public let state: [UInt8]

    public init(name: String, version: Int, position: Int64, state: [UInt8]) {
        self.name = name
        self.version = version
        self.position = position
        self.state = state
    }
}

/// The end of the log.
public struct LogHead: Sendable, Hashable {
    /// The last position, 0 when the log is empty.
    public let position: Int64
    /// The last hash, `HashChain.genesis` when the log is empty.
    public let hash: [UInt8]
    /// When the last event was recorded, `nil` when the log is empty.
    public let recordedAt: Instant?

    public init(position: Int64, hash: [UInt8], recordedAt: Instant?) {
        self.position = position
        self.hash = hash
        self.recordedAt = recordedAt
    }

    /// The head of an empty log.
    public static let empty = LogHead(position: 0, hash: HashChain.genesis, recordedAt: nil)
}

/// Events to append together, all or nothing.
public struct AppendBatch: Sendable {
    /// The events, in order.
    public var events: [EventEnvelope]
    /// Optimistic concurrency: the version each named stream must have before the batch (0: absent).
    public var expectedVersions: [StreamID: Int]
    /// For imports of an export: each event's original position, recording time and hash, which the
    /// store keeps and checks instead of assigning its own.
    public var recorded: [RecordedOrigin]?
    /// A center's scope: the agencies whose streams the batch may touch. `nil` (admin, import): any.
    ///
    /// With a scope, only dossier and complaint events are accepted, and only for a stream whose agency
    /// at that point of the log is in the scope: the receiving agency, then each transfer's `toAgency`
    /// (which need not be in it). It is checked in the writer's transaction, so a concurrent transfer
    /// cannot slip between check and append; an event already present (an idempotent retry) is
    /// acknowledged without the check.
    public var agencyScope: Set<Code>?

    /// A batch of new events.
    public init(_ events: [EventEnvelope], expectedVersions: [StreamID: Int] = [:], agencyScope: Set<Code>? = nil) {
        self.events = events
        self.expectedVersions = expectedVersions
        self.recorded = nil
        self.agencyScope = agencyScope
    }

    /// A batch of recorded events from an export, to be reproduced with the same positions and hashes.
    public init(recorded events: [(EventEnvelope, RecordedOrigin)]) {
        self.events = events.map(\.0)
        self.expectedVersions = [:]
        self.recorded = events.map(\.1)
        self.agencyScope = nil
    }
}

/// Where an imported event was first recorded.
public struct RecordedOrigin: Sendable, Hashable {
    public let position: Int64
    public let recordedAt: Timestamp
    public let hash: [UInt8]

    public init(position: Int64, recordedAt: Timestamp, hash: [UInt8]) {
        self.position = position
        self.recordedAt = recordedAt
        self.hash = hash
    }
}

/// What the store did with one event of a batch.
public struct AppendResult: Sendable, Hashable {
    public let position: Int64
    public let stream: StreamID
    public let version: Int
    /// The same id with the same content was appended before: this is its original position.
    public let alreadyPresent: Bool

    public init(position: Int64, stream: StreamID, version: Int, alreadyPresent: Bool) {
        self.position = position
        self.stream = stream
        self.version = version
        self.alreadyPresent = alreadyPresent
    }
}

/// A signed checkpoint of the log as recorded: the tree size and root it signs, and the note served.
public struct SignedCheckpoint: Sendable, Hashable {
    /// The number of events the tree covers.
    public let size: Int64
    /// The tree's root hash (32 bytes).
    public let root: [UInt8]
    /// The C2SP signed note, exactly as served (`SignedNote`).
    public let note: String
    /// When it was signed.
    public let signedAt: Timestamp

    public init(size: Int64, root: [UInt8], note: String, signedAt: Timestamp) {
        self.size = size
        self.root = root
        self.note = note
        self.signedAt = signedAt
    }
}

/// This machine's clock, to the microsecond (the precision `recordedAt` keeps): what stores, the server and
/// the commands run on unless a test gives them another.
public enum SystemClock {
    /// The current time of this machine.
    public static let now: @Sendable () -> Instant = {
        Instant(nanoseconds: Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()) * 1000)
    }
}
