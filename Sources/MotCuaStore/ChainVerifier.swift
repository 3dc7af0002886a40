public import MotCuaDomain

/// Recomputes a log's hash chain from its stored parts and checks every invariant an auditor relies
/// on: gapless positions, consecutive stream versions, canonical event bytes that match their
/// stream and type, non-decreasing `recordedAt`, and each hash.
public struct ChainVerifier: Sendable {
    /// The outcome of a verification.
    public enum Outcome: Sendable, Hashable {
        /// Every event checked out; the head is the last position and hash, `root` the Merkle tree's root
        /// recomputed from the events (and equal to the stored tree's).
        case intact(LogHead, events: Int64, root: [UInt8])
        /// The first position where the log is not what its chain says, and why.
        case broken(position: Int64, reason: String)
    }

    /// Events read per page.
    public var pageSize = 5_000

    public init() {}

    /// Verifies `store` from position 1 to its head, and its Merkle tree: the stored tree must give the
    /// root recomputed from the events. With a signed checkpoint's `size` and `root` (taken before any
    /// tampering), the log must also extend it: still hold `size` events (not truncated), whose recomputed
    /// root is the signed one (not rewritten, even with the chain recomputed), and the stored tree must
    /// prove consistency from it to the head.
    public func verify(_ store: any EventStore, against checkpoint: (size: Int64, root: [UInt8])? = nil) async throws
        -> Outcome
    {
        var state = State()
        var after: Int64 = 0
        func signedRootMatches() -> Outcome? {
            guard let checkpoint, state.position == checkpoint.size, state.frontier.root != checkpoint.root else {
                return nil
            }
            return .broken(
                position: checkpoint.size,
                reason: "the first \(checkpoint.size) events have the Merkle root "
                    + "\(HashChain.hexString(state.frontier.root)), but the signed checkpoint names "
                    + "\(HashChain.hexString(checkpoint.root)): events up to there were rewritten")
        }
        if let broken = signedRootMatches() { return broken }
        while true {
            let page = try await store.read(after: after, limit: pageSize)
            if page.isEmpty { break }
            for record in page {
                if let reason = state.check(record) { return .broken(position: record.position, reason: reason) }
                if let broken = signedRootMatches() { return broken }
            }
            after = page[page.count - 1].position
        }
        if let checkpoint, state.position < checkpoint.size {
            return .broken(
                position: state.position + 1,
                reason: "the log ends at position \(state.position), but a signed checkpoint covers "
                    + "\(checkpoint.size) events: the log was truncated")
        }
        let root = state.frontier.root
        do {
            let stored = try await store.treeRoot(size: state.position)
            guard stored == root else {
                return .broken(
                    position: state.position,
                    reason: "the stored Merkle tree gives the root \(HashChain.hexString(stored)), the events "
                        + "\(HashChain.hexString(root))")
            }
            if let checkpoint {
                let proof = try await store.consistencyProof(from: checkpoint.size, to: state.position)
                guard
                    MerkleTree.verifyConsistency(
                        from: checkpoint.size, to: state.position, proof: proof, oldRoot: checkpoint.root,
                        newRoot: root)
                else {
                    return .broken(
                        position: state.position,
                        reason: "the stored tree does not prove that the log extends the signed checkpoint")
                }
            }
        } catch let error as EventStoreError where error.code == .corrupt {
            return .broken(position: state.position, reason: error.message)
        }
        return .intact(
            LogHead(position: state.position, hash: state.hash, recordedAt: state.recordedAt), events: state.position,
            root: root)
    }

    /// The running state of a verification; `check` returns a reason at the first problem.
    public struct State: Sendable {
        public private(set) var position: Int64 = 0
        public private(set) var hash = HashChain.genesis
        public private(set) var recordedAt: Instant?
        /// The Merkle tree of the events checked so far.
        public private(set) var frontier = MerkleTree.Frontier()
        private var versions: [StreamID: Int] = [:]

        public init() {}

        public mutating func check(_ record: RecordedEvent) -> String? {
            guard record.position == position + 1 else {
                return "expected position \(position + 1) next, found \(record.position) (gap or reordering)"
            }
            let bytes = record.recordBytes
            let expected = HashChain.next(after: hash, record: bytes)
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
            frontier.append(leaf: MerkleTree.leafHash(bytes))
            position = record.position
            hash = record.hash
            recordedAt = record.recordedAt.instant
            return nil
        }
    }
}
