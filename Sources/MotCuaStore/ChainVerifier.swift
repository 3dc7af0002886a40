public import MotCuaDomain

/// Recomputes a log's hash chain from its stored parts and checks every invariant an auditor relies
/// on: gapless positions, consecutive stream versions, canonical event bytes that match their
/// stream and type, non-decreasing `recordedAt`, and each hash.
public struct ChainVerifier: Sendable {
    /// The outcome of a verification.
    public enum Outcome: Sendable, Hashable {
        /// Every event checked out; the head is the last position and hash.
        case intact(LogHead, events: Int64)
        /// The first position where the log is not what its chain says, and why.
        case broken(position: Int64, reason: String)
    }

    /// Events read per page.
    public var pageSize = 5_000

    public init() {}

    /// Verifies `store` from position 1 to its head.
    public func verify(_ store: any EventStore) async throws -> Outcome {
        var state = State()
        var after: Int64 = 0
        while true {
            let page = try await store.read(after: after, limit: pageSize)
            if page.isEmpty { break }
            for record in page {
                if let reason = state.check(record) { return .broken(position: record.position, reason: reason) }
            }
            after = page[page.count - 1].position
        }
        return .intact(
            LogHead(position: state.position, hash: state.hash, recordedAt: state.recordedAt), events: state.position)
    }

    /// The running state of a verification; `check` returns a reason at the first problem.
    public struct State: Sendable {
        public private(set) var position: Int64 = 0
        public private(set) var hash = HashChain.genesis
        public private(set) var recordedAt: Instant?
        private var versions: [StreamID: Int] = [:]

        public init() {}

        public mutating func check(_ record: RecordedEvent) -> String? {
            guard record.position == position + 1 else {
                return "expected position \(position + 1) next, found \(record.position) (gap or reordering)"
            }
            let expected = HashChain.next(after: hash, record: record.recordBytes)
            guard expected == record.hash else {
                return "hash mismatch: the stored event or its position, stream, version or recordedAt was altered "
                    + "(computed \(HashChain.hexString(expected)), stored \(HashChain.hexString(record.hash)))"
            }
            let event: EventEnvelope
            do {
                event = try record.decodeEvent()
            } catch {
                return "stored event is not a valid event: \(error)"
            }
            guard event.canonicalJSON == record.eventBytes else { return "stored event is not in canonical form" }
            guard event.stream == record.stream, event.type == record.type, event.id == record.id,
                event.occurredAt.instant == record.occurredAt
            else {
                return "stored columns (stream, type, id, occurred_at) do not match the event"
            }
            let version = versions[record.stream, default: 0] + 1
            guard record.version == version else {
                return "\(record.stream) should be at version \(version), found \(record.version)"
            }
            if let recordedAt, record.recordedAt.instant < recordedAt {
                return "recordedAt \(record.recordedAt) is earlier than the previous event's"
            }
            versions[record.stream] = version
            position = record.position
            hash = record.hash
            recordedAt = record.recordedAt.instant
            return nil
        }
    }
}
