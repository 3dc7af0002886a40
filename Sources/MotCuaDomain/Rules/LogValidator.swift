/// Applies batches of events to an in-memory picture of a log, all or nothing, by the rules of
/// DOMAIN.md §2: the stream rules, catalogue references and idempotency by event id.
///
/// Memory grows with the number of streams and event ids, not with the size of the events: one
/// `StreamHead` per stream and 24 bytes per id.
public struct LogValidator: StreamHeadLookup, Sendable {
    /// What happened to one event of an accepted batch.
    public enum Acceptance: Sendable, Hashable {
        /// Appended as the stream's `version`-th event.
        case appended(stream: StreamID, version: Int)
        /// The same id with the same content was accepted before: acknowledged, not appended again.
        case duplicate
    }

    /// A refused batch: the index of the first failing event and why.
    public struct BatchError: Error, Sendable, Hashable, CustomStringConvertible {
        /// Position of the failing event in the batch, from 0.
        public let index: Int
        public let error: EventError
        public var description: String { "event \(index): \(error)" }
    }

    /// The streams seen so far.
    public private(set) var heads: [StreamID: StreamHead] = [:]
    private var digests: [EventID: UInt64] = [:]
    /// The calendar used to compute due dates.
    public let calendar: WorkingCalendar

    /// An empty log.
    public init(calendar: WorkingCalendar) {
        self.calendar = calendar
    }

    /// Makes room for about `events` more event ids without growing (a log's size is often known ahead).
    public mutating func reserveCapacity(events: Int) {
        digests.reserveCapacity(digests.count + events)
    }

    /// Number of distinct event ids accepted.
    public var eventCount: Int { digests.count }

    public func head(_ stream: StreamID) -> StreamHead? { heads[stream] }

    /// Validates a batch against the log and the events before it in the batch, then applies it: the
    /// writer's decision (`Decider`) with nothing stored beneath.
    ///
    /// Nothing changes when any event is refused. An event whose id was accepted before with the
    /// same canonical bytes is a duplicate (acknowledged again); with other bytes it is `idConflict`.
    /// `expectedVersions` and a center's `scope` are checked as the store checks them.
    public mutating func apply(
        _ batch: [EventEnvelope], expectedVersions: [StreamID: Int] = [:], scope: Set<Code>? = nil, now: Instant
    ) throws(BatchError) -> [Acceptance] {
        try Decider.checkExpectedVersions(expectedVersions, of: batch, heads: self)
        if batch.count == 1 { return [try applyOne(batch[0], scope: scope, now: now)] }
        // Staging happens in a non-mutating call so that its read-only view of `self` is released
        // before the merge below: the merge then mutates uniquely referenced storage, in place.
        let (changes, results) = try stage(batch, scope: scope, now: now)
        heads.merge(changes.heads) { _, new in new }
        digests.merge(changes.digests) { _, new in new }
        return results
    }

    private func stage(_ batch: [EventEnvelope], scope: Set<Code>?, now: Instant) throws(BatchError) -> (
        Staged, [Acceptance]
    ) {
        var staged = Staged(base: self)
        var results: [Acceptance] = []
        results.reserveCapacity(batch.count)
        for (index, event) in batch.enumerated() {
            let digest = LogValidator.digest(event.canonicalJSON)
            let prior = (staged.digests[event.id] ?? digests[event.id]).map { Decider.Prior(sameContent: $0 == digest) }
            switch try Decider.decide(
                event, at: index, prior: prior, heads: staged, scope: scope, now: now, calendar: calendar)
            {
            case .duplicate:
                results.append(.duplicate)
            case .appended(let next):
                staged.heads[event.stream] = next
                staged.digests[event.id] = digest
                results.append(.appended(stream: event.stream, version: next.version))
            }
        }
        return (Staged(heads: staged.heads, digests: staged.digests), results)
    }

    /// A batch of one (`check`, one line at a time): decided against the log itself, with no overlay to
    /// build and merge. The rules only read `self`, so the writes after them change storage in place.
    private mutating func applyOne(_ event: EventEnvelope, scope: Set<Code>?, now: Instant) throws(BatchError)
        -> Acceptance
    {
        let digest = LogValidator.digest(event.canonicalJSON)
        let prior = digests[event.id].map { Decider.Prior(sameContent: $0 == digest) }
        switch try Decider.decide(event, at: 0, prior: prior, heads: self, scope: scope, now: now, calendar: calendar) {
        case .duplicate:
            return .duplicate
        case .appended(let next):
            heads[event.stream] = next
            digests[event.id] = digest
            return .appended(stream: event.stream, version: next.version)
        }
    }

    /// A compact 64-bit fingerprint of an event's canonical bytes for idempotency checks (in memory only).
    ///
    /// ``Hashing/words(_:seed:)`` with the length folded in last: the same content always gives the same
    /// value; other content a different one but with probability 2⁻⁶⁴.
    package static func digest(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { raw in
            Hashing.mix(Hashing.words(raw, seed: 0x9E37_79B9_7F4A_7C15) ^ UInt64(raw.count))
        }
    }

    /// The changes of a batch in progress, read over the committed state.
    private struct Staged: StreamHeadLookup {
        var base: LogValidator?
        var heads: [StreamID: StreamHead] = [:]
        var digests: [EventID: UInt64] = [:]

        init(base: LogValidator) {
            self.base = base
        }

        init(heads: [StreamID: StreamHead], digests: [EventID: UInt64]) {
            self.heads = heads
            self.digests = digests
        }

        func head(_ stream: StreamID) -> StreamHead? { heads[stream] ?? base?.heads[stream] }
    }
}
