package import MotCuaDomain

/// The single ordering point of a log: validates batches by the domain's rules and commits many
/// callers' batches in one transaction (group commit).
///
/// While a transaction runs, new batches queue; the next transaction takes them all (up to
/// `maximumGroupEvents`). A refused batch is left out of its group without disturbing the others.
/// Stream states are read from the store's stream-state table (and cached), never by re-reading
/// streams.
package actor GroupCommitWriter {
    private struct Pending {
        let batch: AppendBatch
        let continuation: CheckedContinuation<[AppendResult], any Error>
    }

    private let storage: any LogStorage
    /// The writer's own thread (see `ThreadExecutor`).
    private let executor = ThreadExecutor(name: "motcua-writer")
    package nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
    private let calendar: WorkingCalendar
    private let clock: @Sendable () -> Instant
    private let cache = StreamHeadCache()
    private var pending: [Pending] = []
    /// Events in `pending`.
    private var pendingEvents = 0
    private var draining = false
    private var observers: [@Sendable (CommitStatistics) -> Void] = []
    /// Whether the last group had no event already present and no refused batch.
    private var lastGroupWasClean = false
    /// Most events taken into one transaction.
    package static let maximumGroupEvents = 20_000
    /// Most events waiting for a transaction: beyond, a batch is refused (`.overloaded`) instead of
    /// queueing, so that memory stays bounded when callers outrun the disk.
    private let maximumQueuedEvents: Int
    /// How long a group whose connection was lost is tried again (with id lookups) before it is reported
    /// failed: long enough for a database restart.
    private let reconnectWindow: Duration

    /// A writer over `storage`; `clock` gives the server time (the 5-minute rule, `recordedAt`).
    package init(
        storage: any LogStorage, calendar: WorkingCalendar, clock: @escaping @Sendable () -> Instant,
        maximumQueuedEvents: Int = 100_000, reconnectWindow: Duration = .seconds(30)
    ) {
        self.storage = storage
        self.calendar = calendar
        self.clock = clock
        self.maximumQueuedEvents = maximumQueuedEvents
        self.reconnectWindow = reconnectWindow
    }

    /// Adds an observer called after every successful group commit.
    package func observe(_ observer: @escaping @Sendable (CommitStatistics) -> Void) {
        observers.append(observer)
    }

    /// Queues a batch and waits until its group is committed (or the batch refused).
    package func append(_ batch: AppendBatch) async throws -> [AppendResult] {
        if batch.events.isEmpty { return [] }
        guard pending.isEmpty || pendingEvents + batch.events.count <= maximumQueuedEvents else {
            throw EventStoreError(
                .overloaded, "the writer has \(pendingEvents) events waiting; nothing of this batch was stored")
        }
        return try await withCheckedThrowingContinuation { continuation in
            pending.append(Pending(batch: batch, continuation: continuation))
            pendingEvents += batch.events.count
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            var count = 0
            var take = 0
            while take < pending.count, take == 0 || count + pending[take].batch.events.count <= Self.maximumGroupEvents
            {
                count += pending[take].batch.events.count
                take += 1
            }
            let group = Array(pending.prefix(take))
            pending.removeFirst(take)
            pendingEvents -= count
            await commit(group)
        }
        draining = false
    }

    /// Runs `batches` as one transaction (the rules, the inserts, the tree), looking their ids up first or not.
    private func write(_ batches: [AppendBatch], now: Instant, lookUpIDs: Bool) throws -> [Result<
        [AppendResult], any Error
    >] {
        let (cache, calendar) = (self.cache, self.calendar)
        return try storage.write { transaction in
            try GroupCommit(transaction: transaction, cache: cache, calendar: calendar, now: now, lookUpIDs: lookUpIDs)
                .run(batches)
        }
    }

    private func commit(_ group: [Pending]) async {
        let batches = group.map(\.batch)
        let now = clock()
        let cache = self.cache
        do {
            let started = ContinuousClock.now
            let outcomes: [Result<[AppendResult], any Error>]
            do {
                // While groups come clean (nothing already present, nothing refused), skip looking their
                // ids up: the unique index on ids refuses any that is stored, and the group is then
                // rolled back and run again with the lookups.
                outcomes = try write(batches, now: now, lookUpIDs: !lastGroupWasClean)
            } catch let error as EventStoreError where error.code == .retryWithLookups {
                outcomes = try write(batches, now: now, lookUpIDs: true)
            } catch let error as EventStoreError where error.code == .connectionLost {
                outcomes = try await afterLostConnection(batches, now: now, error)
            }
            lastGroupWasClean = outcomes.allSatisfy { outcome in
                guard case .success(let results) = outcome else { return false }
                return !results.contains { $0.alreadyPresent }
            }
            if !observers.isEmpty {
                var events: [AppendedEvent] = []
                for (batch, outcome) in zip(batches, outcomes) {
                    guard case .success(let results) = outcome else { continue }
                    for (event, result) in zip(batch.events, results) where !result.alreadyPresent {
                        events.append(AppendedEvent(position: result.position, event: event))
                    }
                }
                let statistics = CommitStatistics(
                    batches: batches.count, appended: events.count, duration: ContinuousClock.now - started,
                    events: events)
                for observer in observers { observer(statistics) }
            }
            for (pending, outcome) in zip(group, outcomes) {
                pending.continuation.resume(with: outcome)
            }
        } catch {
            cache.clear()
            let failure = (error as? EventStoreError) ?? EventStoreError(.storage, "the store failed: \(error)")
            for pending in group { pending.continuation.resume(throwing: failure) }
        }
    }
}

extension GroupCommitWriter {
    /// Runs a group again, looking every id up, after its connection failed mid-transaction: had the first
    /// run committed, its events are found present (same positions) and reported so; had it not, they are
    /// committed now. Each caller thus learns the one true outcome. Tried until `reconnectWindow` has
    /// passed; then the group is reported failed, naming the unknown outcome (a retry with the same ids is
    /// idempotent and tells).
    fileprivate func afterLostConnection(
        _ batches: [AppendBatch], now: Instant, _ first: EventStoreError
    ) async throws -> [Result<[AppendResult], any Error>] {
        let deadline = ContinuousClock.now + reconnectWindow
        var last = first
        while ContinuousClock.now < deadline {
            cache.clear()
            try? await Task.sleep(for: .milliseconds(250))
            do {
                return try write(batches, now: now, lookUpIDs: true)
            } catch let error as EventStoreError where error.code == .connectionLost {
                last = error
            }
        }
        throw EventStoreError(
            .storage,
            "the database did not come back within \(reconnectWindow) (\(last.message)); if the batch was being "
                + "committed as the connection failed it may be stored: post it again with the same ids to know")
    }
}

/// Stream states known to the writer, keyed by stream; valid for the log head it was filled at.
///
/// `@unchecked Sendable`: it is only touched inside the writer's transactions, which the
/// `GroupCommitWriter` actor runs one at a time (it awaits each before starting the next).
final class StreamHeadCache: @unchecked Sendable {
    var heads: [StreamID: StreamHead] = [:]
    /// Streams known to have no events.
    var absent: Set<StreamID> = []
    /// The log position the cache reflects.
    var position: Int64 = -1
    /// The right edge of the Merkle tree at `position`, once known.
    var frontier: MerkleTree.Frontier?
    static let capacity = 500_000

    func clear() {
        heads.removeAll()
        absent.removeAll()
        position = -1
        frontier = nil
    }
}

/// One transaction of the writer: decides each batch against the log and the batches before it, then
/// inserts the accepted ones.
private struct GroupCommit {
    let transaction: any LogWriteTransaction
    let cache: StreamHeadCache
    let calendar: WorkingCalendar
    let now: Instant
    /// Whether to read the stored events with the batches' ids first; without, any refusal or failed
    /// insert ends the transaction with `retryWithLookups`.
    let lookUpIDs: Bool

    /// The state of the group so far: committed-looking for the next batch.
    struct Tip {
        var position: Int64
        var hash: [UInt8]
        var recordedAt: Instant?
        /// The `recordedAt` given last, to reuse its text.
        var lastRecordedAt: Timestamp?
        var heads: [StreamID: StreamHead] = [:]
        /// The streams of `heads`, in order of their first event here.
        var streams: [StreamID] = []
        /// The index in `records` of each event appended so far.
        var events: [EventID: Int] = [:]
        var records: [RecordedEvent] = []
        /// The Merkle leaf hash of each record, computed with its chain hash (one record prefix for both).
        var leaves: [[UInt8]] = []
        /// Whether each record goes to the store as soon as it is decided (`LogWriteTransaction.stream`).
        var streamsRecords = false
        /// Whether to note each state replaced (`replaced`), so that a refused batch can be taken back.
        var notesReplaced = false
        var replaced: [(stream: StreamID, previous: StreamHead?)] = []

        /// The record of an event appended in this tip, if any.
        func record(_ id: EventID) -> RecordedEvent? {
            events.isEmpty ? nil : events[id].map { records[$0] }
        }

        /// Sets a stream's state, noting the stream's first appearance (and the replaced state, if asked).
        mutating func set(_ stream: StreamID, _ head: StreamHead) {
            let previous = heads.updateValue(head, forKey: stream)
            if previous == nil { streams.append(stream) }
            if notesReplaced { replaced.append((stream, previous)) }
        }

        /// Where the tip stood before a batch: what `takeBack(to:)` restores.
        struct Mark {
            let position: Int64
            let hash: [UInt8]
            let recordedAt: Instant?
            let lastRecordedAt: Timestamp?
            let records: Int
            let streams: Int
        }

        func mark() -> Mark {
            Mark(
                position: position, hash: hash, recordedAt: recordedAt, lastRecordedAt: lastRecordedAt,
                records: records.count, streams: streams.count)
        }

        /// Takes back everything a refused batch did since `mark`.
        mutating func takeBack(to mark: Mark) {
            for (stream, previous) in replaced.reversed() { heads[stream] = previous }
            for record in records[mark.records...] { events.removeValue(forKey: record.id) }
            records.removeSubrange(mark.records...)
            leaves.removeSubrange(mark.records...)
            streams.removeSubrange(mark.streams...)
            position = mark.position
            hash = mark.hash
            recordedAt = mark.recordedAt
            lastRecordedAt = mark.lastRecordedAt
        }
    }

    func run(_ batches: [AppendBatch]) throws -> [Result<[AppendResult], any Error>] {
        let head = try transaction.head()
        if head.position != cache.position {
            // Someone else (another process) appended since the cache was filled.
            cache.clear()
        }
        try prefetch(batches)
        let stored = lookUpIDs ? try transaction.events(ids: batches.flatMap { $0.events.map(\.id) }) : [:]
        var tip = Tip(position: head.position, hash: head.hash, recordedAt: head.recordedAt)
        var outcomes: [Result<[AppendResult], any Error>] = []
        if batches.count == 1 {
            // A group of one batch (an import): a refusal writes nothing, as the loop below would. A store that can takes its records as they are
            // decided (a refusal then ends the whole transaction, which writes nothing either).
            tip.streamsRecords = try transaction.beginStreaming()
            do {
                outcomes.append(
                    .success(try apply(batches[0], to: &tip, stored: stored)))
            } catch {
                if !lookUpIDs { throw EventStoreError.retryWithLookups }
                return [.failure(error)]
            }
        } else {
            try applyEach(batches, to: &tip, stored: stored, outcomes: &outcomes)
        }
        // The states first: a store may give a new stream its key there (in order of first event), which
        // the events then use.
        let states = tip.streams.compactMap { stream in tip.heads[stream].map { (stream: stream, head: $0) } }
        if tip.streamsRecords {
            // The records went out as they were decided: end them, then the states.
            do {
                try transaction.insert(tip.records)
            } catch {
                if !lookUpIDs { throw EventStoreError.retryWithLookups }
                throw error
            }
            try transaction.save(states)
        } else if !lookUpIDs {
            // A refusal may be a retry of a stored event, which only the lookups can tell.
            guard outcomes.allSatisfy({ if case .success = $0 { true } else { false } }) else {
                throw EventStoreError.retryWithLookups
            }
            try transaction.save(states)
            do {
                try transaction.insert(tip.records)
            } catch {
                throw EventStoreError.retryWithLookups
            }
        } else {
            try transaction.save(states)
            try transaction.insert(tip.records)
        }
        // The Merkle tree: the records' leaves folded into the tree's edge, keeping the stored subtrees closed.
        var frontier = try frontier(at: head)
        var nodes: [(MerkleTree.Subtree, [UInt8])] = []
        for leaf in tip.leaves { frontier.append(leaf: leaf, from: MerkleTree.storedLevel, into: &nodes) }
        try transaction.insertTreeNodes(nodes)
        if cache.heads.count > StreamHeadCache.capacity { cache.clear() }
        cache.frontier = frontier
        for (stream, state) in tip.heads {
            cache.heads[stream] = state
            cache.absent.remove(stream)
        }
        cache.position = tip.position
        return outcomes
    }

    /// The Merkle tree's right edge at `head`: the cache's, or read from the stored subtrees and the last
    /// events' leaves.
    private func frontier(at head: LogHead) throws -> MerkleTree.Frontier {
        if let frontier = cache.frontier, frontier.size == head.position { return frontier }
        return try MerkleTree.Frontier(size: head.position) { subtree in
            try TreeReading.hash(subtree, nodes: transaction.treeNodes, records: transaction.records)
        }
    }

    /// Applies each batch onto the group's tip in turn; a refused batch is taken back, leaving the tip as
    /// the batches before it left it (refusals are rare, so nothing is copied or merged for the others).
    private func applyEach(
        _ batches: [AppendBatch], to tip: inout Tip, stored: [EventID: RecordedEvent],
        outcomes: inout [Result<[AppendResult], any Error>]
    ) throws {
        tip.notesReplaced = true
        for batch in batches {
            let mark = tip.mark()
            tip.replaced.removeAll(keepingCapacity: true)
            do {
                outcomes.append(.success(try apply(batch, to: &tip, stored: stored)))
            } catch {
                tip.takeBack(to: mark)
                outcomes.append(.failure(error))
            }
        }
    }

    /// Loads into the cache the states of every stream the batches touch or reference.
    ///
    /// Without id lookups (optimistic), a stream that the batches open with its first event is taken as
    /// new unread: were it stored, that event's insert would break the unique (stream, version) and the
    /// group would run again with lookups. Such streams are not marked absent in the cache.
    private func prefetch(_ batches: [AppendBatch]) throws {
        var wanted = Set<StreamID>()
        var opened = Set<StreamID>()
        // Only streams the cache cannot answer are collected.
        func need(_ stream: StreamID) {
            if cache.heads[stream] == nil, !cache.absent.contains(stream), !opened.contains(stream) {
                wanted.insert(stream)
            }
        }
        for batch in batches {
            for event in batch.events {
                let stream = event.stream
                if !lookUpIDs, event.type.startsStream, !wanted.contains(stream) {
                    opened.insert(stream)
                } else {
                    need(stream)
                }
                for reference in event.data.references { need(reference) }
            }
            for stream in batch.expectedVersions.keys { need(stream) }
        }
        let missing = wanted.filter { !opened.contains($0) }
        guard !missing.isEmpty else { return }
        let loaded = try transaction.streamHeads(Array(missing))
        for stream in missing {
            if let state = loaded[stream] { cache.heads[stream] = state } else { cache.absent.insert(stream) }
        }
    }

    private func apply(_ batch: AppendBatch, to tip: inout Tip, stored: [EventID: RecordedEvent]) throws
        -> [AppendResult]
    {
        do {
            return try decideAndRecord(batch, to: &tip, stored: stored)
        } catch let refusal as LogValidator.BatchError {
            throw EventStoreError.rejected(index: refusal.index, refusal.error)
        }
    }

    /// `apply`, with the rules' refusals as the decider gives them.
    private func decideAndRecord(
        _ batch: AppendBatch, to tip: inout Tip, stored: [EventID: RecordedEvent]
    ) throws -> [AppendResult] {
        try Decider.checkExpectedVersions(
            batch.expectedVersions, of: batch.events, heads: Reader(tip: tip, cache: cache))
        var results: [AppendResult] = []
        results.reserveCapacity(batch.events.count)
        for (index, event) in batch.events.enumerated() {
            let origin = batch.recorded?[index]
            let bytes = event.canonicalJSON
            let existing = tip.record(event.id) ?? (stored.isEmpty ? nil : stored[event.id])
            let outcome = try Decider.decide(
                event, at: index,
                prior: existing.map { Decider.Prior(sameContent: $0.eventBytes == bytes, position: $0.position) },
                heads: Reader(tip: tip, cache: cache), scope: batch.agencyScope,
                now: origin.map(\.recordedAt.instant) ?? now, calendar: calendar)
            let next: StreamHead
            switch outcome {
            case .duplicate:
                guard let existing else { preconditionFailure("a duplicate has an earlier event") }
                if let origin, origin.position != existing.position || origin.hash != existing.hash {
                    throw EventStoreError(
                        .chainMismatch,
                        "event \(event.id) is at position \(existing.position) here, but at \(origin.position) "
                            + "in the import", index: index)
                }
                results.append(
                    AppendResult(
                        position: existing.position, stream: existing.stream, version: existing.version,
                        alreadyPresent: true))
                continue
            case .appended(let head):
                next = head
            }
            let stream = event.stream
            let position = tip.position + 1
            let recordedAt: Timestamp
            if let origin {
                guard origin.position == position else {
                    throw EventStoreError(
                        .chainMismatch,
                        "the import's next event is at position \(origin.position), but this log continues at "
                            + "\(position)", index: index)
                }
                recordedAt = origin.recordedAt
            } else {
                let instant = max(now, tip.recordedAt ?? now).truncatedToMicroseconds
                // A group's events mostly share one instant: format its text once.
                if let last = tip.lastRecordedAt, last.instant == instant {
                    recordedAt = last
                } else {
                    recordedAt = Timestamp(utcMicroseconds: instant)
                    tip.lastRecordedAt = recordedAt
                }
            }
            let (hash, leaf) = RecordedEvent.hashes(
                after: tip.hash, position: position, stream: stream, version: next.version, recordedAt: recordedAt,
                eventBytes: bytes)
            if let origin, origin.hash != hash {
                throw EventStoreError(
                    .chainMismatch,
                    "position \(position): the import's hash does not match the record (altered export?)",
                    index: index)
            }
            let record = RecordedEvent(
                position: position, stream: stream, version: next.version, recordedAt: recordedAt, id: event.id,
                type: event.type, occurredAt: event.occurredAt.instant, eventBytes: bytes, hash: hash)
            tip.position = position
            tip.hash = hash
            tip.recordedAt = max(tip.recordedAt ?? recordedAt.instant, recordedAt.instant)
            tip.set(stream, next)
            tip.events[event.id] = tip.records.count
            tip.records.append(record)
            tip.leaves.append(leaf)
            if tip.streamsRecords { try transaction.stream(record) }
            results.append(
                AppendResult(position: position, stream: stream, version: next.version, alreadyPresent: false))
        }
        return results
    }

    /// Stream states as a batch sees them: the group's changes so far (its own included) over the cache.
    struct Reader: StreamHeadLookup {
        let tip: Tip
        let cache: StreamHeadCache

        func head(_ stream: StreamID) -> StreamHead? {
            // An empty tip (a group's first event) is not hashed into.
            if !tip.heads.isEmpty, let head = tip.heads[stream] { return head }
            return cache.heads[stream]
        }
    }
}

extension EventStoreError.Code {
    /// The writer's own signal: an optimistic group met a refusal or a stored id; roll back, run again.
    package static let retryWithLookups = Self(rawValue: "retryWithLookups")
}

extension EventStoreError {
    static let retryWithLookups = EventStoreError(.retryWithLookups, "run the group again with id lookups")
}
