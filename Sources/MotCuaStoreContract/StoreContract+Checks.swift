import Foundation
import MotCuaDomain
import MotCuaStore

/// The bodies of the contract's cases.
enum Checks {
    typealias S = SampleEvents

    static func appendsAndReads(_ store: any EventStore) async throws {
        try require(try await store.head() == .empty, "a new store's head is position 0 with the genesis hash")
        let received = S.received("D1")
        let results = try await store.append(AppendBatch(S.catalogue + [received]))
        try require(results.map(\.position) == [1, 2, 3, 4], "positions 1...4, got \(results.map(\.position))")
        try require(results.allSatisfy { !$0.alreadyPresent }, "new events are not already present")
        try require(results[3].stream == StreamID("dossier/D1")!, "DossierReceived goes to dossier/D1")
        let more = try await store.append(AppendBatch([S.step("SupplementRequested", "D1")]))
        try require(more.map(\.position) == [5] && more[0].version == 2, "next event at 5, version 2: \(more)")
        let all = try await store.read(after: 0, limit: 100)
        try require(all.map(\.position) == [1, 2, 3, 4, 5], "read(after: 0) returns every event in order")
        try require(try await store.read(after: 3, limit: 1).map(\.position) == [4], "read honours after and limit")
        try require(try all[3].decodeEvent() == received, "a stored event decodes to the event appended")
        try require(all[3].eventBytes == received.canonicalJSON, "the store keeps the canonical bytes")
        let head = try await store.head()
        try require(head.position == 5 && head.hash == all[4].hash, "head is the last position and hash")
        try require(all[4].recordedAt.text.hasSuffix("Z"), "recordedAt is written in UTC")
    }

    static func expectedVersions(_ store: any EventStore) async throws {
        _ = try await store.append(AppendBatch(S.catalogue))
        let d1 = StreamID("dossier/D1")!
        _ = try await store.append(AppendBatch([S.received("D1")], expectedVersions: [d1: 0]))
        let refusal = try await requireRefusal("an append with a stale expected version") {
            _ = try await store.append(
                AppendBatch([S.step("SupplementRequested", "D1")], expectedVersions: [d1: 0]))
        }
        try require(
            refusal.code == .rejected && refusal.eventError?.code == .versionMismatch,
            "a stale expected version is a versionMismatch, got \(refusal)")
        let ok = try await store.append(AppendBatch([S.step("SupplementRequested", "D1")], expectedVersions: [d1: 1]))
        try require(ok.first?.version == 2, "a matching expected version appends")
    }

    static func idempotentRetry(_ store: any EventStore) async throws {
        let commits = CommitLog()
        await store.observeCommits { commits.add($0) }
        let batch = AppendBatch(S.catalogue + [S.received("D1")])
        let first = try await store.append(batch)
        let second = try await store.append(batch)
        try require(second.map(\.position) == first.map(\.position), "a retry answers the original positions")
        try require(second.allSatisfy(\.alreadyPresent), "a retry reports every event as already present")
        try require(try await store.head().position == 4, "a retry stores nothing")
        // A retry mixed with a new event: the old ones are acknowledged, the new one appended.
        let mixed = try await store.append(AppendBatch([batch.events[3], S.step("SupplementRequested", "D1")]))
        try require(
            mixed.map(\.alreadyPresent) == [true, false] && mixed.map(\.position) == [4, 5],
            "a batch may mix retried and new events: \(mixed)")
        // Commit observers see each commit with the events it appended (retried ones not counted).
        let seen = commits.all
        try require(
            seen.map(\.appended) == [4, 0, 1] && seen.allSatisfy { $0.batches == 1 },
            "commit observers see every commit and what it appended: \(seen)")
    }

    static func idConflict(_ store: any EventStore) async throws {
        _ = try await store.append(AppendBatch(S.catalogue))
        let original = S.received("D1")
        _ = try await store.append(AppendBatch([original]))
        let other = S.event(
            "DossierReceived", "2025-01-24T10:00:00+07:00",
            #""dossier":"D9","procedure":"P1","agency":"A1","channel":"direct","applicant":"citizen""#, id: original.id)
        let refusal = try await requireRefusal("an id reused with other content") {
            _ = try await store.append(AppendBatch([other]))
        }
        try require(
            refusal.eventError?.code == .idConflict && refusal.index == 0, "a reused id is an idConflict: \(refusal)")
        try require(try await store.head().position == 4, "a conflict stores nothing")
    }

    static func rejectedBatchChangesNothing(_ store: any EventStore) async throws {
        _ = try await store.append(AppendBatch(S.catalogue))
        let before = try await store.head()
        let batch = [
            S.received("D1"), S.step("SupplementRequested", "D1"), S.step("SupplementProvided", "D2"),
            S.received("D3"),
        ]
        let refusal = try await requireRefusal("a batch with an event for a dossier that was never received") {
            _ = try await store.append(AppendBatch(batch))
        }
        try require(refusal.index == 2, "the refusal names event 2, got \(String(describing: refusal.index))")
        try require(refusal.eventError?.code == .streamNotFound, "the rule is streamNotFound: \(refusal)")
        try require(try await store.head() == before, "nothing of a refused batch is stored")
        try require(try await store.read(stream: StreamID("dossier/D1")!).isEmpty, "D1 was not received")
        // The same events without the bad one are accepted, so the refusal left no state behind.
        let results = try await store.append(AppendBatch([batch[0], batch[1], batch[3]]))
        try require(results.map(\.position) == [4, 5, 6], "positions continue without a gap: \(results)")
    }

    static func rejectedBatchDoesNotDisturbItsGroup(_ store: any EventStore) async throws {
        _ = try await store.append(AppendBatch(S.catalogue))
        // The check means something only if some commit carried several batches (refused ones included).
        let largest = LargestGroup()
        await store.observeCommits { largest.saw($0.batches) }
        let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
            for n in 0..<40 {
                group.addTask {
                    // Every fifth batch is invalid: a supplement for a dossier that does not exist.
                    let events =
                        n % 5 == 0
                        ? [S.received("G\(n)"), S.step("SupplementProvided", "G\(n)")]
                        : [S.received("G\(n)"), S.step("SupplementRequested", "G\(n)")]
                    do {
                        _ = try await store.append(AppendBatch(events))
                        return (n, true)
                    } catch {
                        return (n, false)
                    }
                }
            }
            var outcomes: [Int: Bool] = [:]
            for await (n, ok) in group { outcomes[n] = ok }
            return outcomes
        }
        for (n, ok) in outcomes {
            try require(ok == (n % 5 != 0), "batch \(n) should be \(n % 5 == 0 ? "refused" : "accepted")")
        }
        try require(largest.batches > 1, "a commit carried more than one batch (largest: \(largest.batches))")
        let all = try await readAll(store)
        try require(all.count == 3 + 32 * 2, "32 valid batches of 2 stored, got \(all.count - 3) events")
        try require(all.map(\.position) == Array(1...Int64(all.count)), "positions stay gapless")
        for n in stride(from: 0, to: 40, by: 5) {
            try require(try await store.read(stream: StreamID("dossier/G\(n)")!).isEmpty, "refused G\(n) left nothing")
        }
    }

    static func streamReads(_ store: any EventStore) async throws {
        _ = try await store.append(AppendBatch(S.catalogue + [S.received("D1"), S.received("D2")]))
        _ = try await store.append(
            AppendBatch([S.step("SupplementRequested", "D1"), S.step("SupplementRequested", "D2")]))
        _ = try await store.append(AppendBatch([S.step("SupplementProvided", "D1", at: "2025-01-28T09:00:00+07:00")]))
        let d1 = try await store.read(stream: StreamID("dossier/D1")!)
        try require(d1.map(\.version) == [1, 2, 3], "a stream reads in version order: \(d1.map(\.version))")
        try require(d1.map(\.position) == [4, 6, 8], "with its global positions: \(d1.map(\.position))")
        try require(
            d1.map(\.type) == [.dossierReceived, .supplementRequested, .supplementProvided], "with its types")
        try require(try await store.read(stream: StreamID("dossier/NONE")!).isEmpty, "an unknown stream is empty")
    }

    /// A stream whose version and time limit exceed the byte length of its stored state (the stream-head
    /// codec once read both as lengths, bounded by that byte count, and refused the stream's next event).
    static func longStreamsAndLimits(_ store: any EventStore) async throws {
        let longest = ProcedurePublished.maximumTimeLimitDays
        _ = try await store.append(AppendBatch([S.agency("A1"), S.procedure("P9", days: longest)]))
        for hour in 0..<60 {
            let service = ["partial", "full", "none"][hour % 3]
            let at = "2025-01-03T\(hour / 6 + 8 < 10 ? "0" : "")\(hour / 6 + 8):\(hour % 6)0:00+07:00"
            _ = try await store.append(
                AppendBatch([S.event("OnlineServiceChanged", at, #""procedure":"P9","service":"\#(service)""#)]))
        }
        _ = try await store.append(AppendBatch([S.received("D9", at: "2025-01-24T10:00:00+07:00", procedure: "P9")]))
        let procedure = try await store.read(stream: StreamID("procedure/P9")!)
        try require(procedure.count == 61, "61 events in procedure/P9, not \(procedure.count)")
        let dossier = try await store.read(stream: StreamID("dossier/D9")!)
        try require(dossier.count == 1, "a dossier of a procedure with a \(longest)-day limit is received")
    }

    static func concurrentAppendersAreGapless(_ store: any EventStore) async throws {
        let appenders = 16
        let perAppender = 1000
        // A reader tails the log while the appenders run: it must never see a gap.
        let tail = Task { () -> String? in
            var seen: Int64 = 0
            while seen < Int64(appenders * perAppender) {
                let page = try await store.read(after: seen, limit: 500)
                for record in page {
                    if record.position != seen + 1 { return "the tailing reader saw \(record.position) after \(seen)" }
                    seen = record.position
                }
                if page.isEmpty { await Task.yield() }
            }
            return nil
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for a in 0..<appenders {
                group.addTask {
                    _ = try await store.append(AppendBatch([S.agency("C\(a)")]))
                    for n in 1..<perAppender {
                        _ = try await store.append(AppendBatch([S.complaint("K\(a)-\(n)", agency: "C\(a)")]))
                    }
                }
            }
            try await group.waitForAll()
        }
        if let problem = try await tail.value { throw ContractViolation(description: problem) }
        let all = try await readAll(store)
        try require(all.count == appenders * perAppender, "\(appenders * perAppender) events stored, got \(all.count)")
        try require(all.map(\.position) == Array(1...Int64(all.count)), "positions 1...\(all.count) with no gap")
        guard case .intact(let head, _, _) = try await ChainVerifier().verify(store) else {
            throw ContractViolation(description: "the chain is not valid after concurrent appends")
        }
        try require(head == (try await store.head()), "the verified head is the store's head")
    }

    static func chainIsValid(_ fixture: any StoreFixture) async throws {
        // A clock that goes backwards must not make recordedAt decrease.
        let ticks = Ticks()
        let store = try await fixture.open { ticks.next() }
        _ = try await store.append(AppendBatch(S.catalogue))
        for n in 0..<20 {
            _ = try await store.append(AppendBatch([S.received("D\(n)")]))
        }
        let all = try await readAll(store)
        var previous = HashChain.genesis
        for record in all {
            let expected = HashChain.next(after: previous, record: record.recordBytes)
            try require(record.hash == expected, "position \(record.position): hash is SHA-256(previous ‖ record)")
            previous = record.hash
        }
        for (a, b) in zip(all, all.dropFirst()) {
            try require(a.recordedAt.instant <= b.recordedAt.instant, "recordedAt never decreases (\(b.position))")
        }
        guard case .intact(let head, let count, _) = try await ChainVerifier().verify(store) else {
            throw ContractViolation(description: "ChainVerifier finds the chain broken")
        }
        try require(count == 23 && head.hash == previous, "ChainVerifier agrees: \(count) events")
    }

    static func recoversAfterReopen(_ fixture: any StoreFixture, _ first: any EventStore) async throws {
        _ = try await first.append(AppendBatch(S.catalogue + [S.received("D1"), S.step("SupplementRequested", "D1")]))
        let head = try await first.head()
        // Tokens and revocations survive too (checked here, not in `accessTokens`, because the in-memory
        // fixture cannot reopen).
        let minute: Int64 = 60_000_000_000
        let kept = AccessToken.issue(role: .auditor, agencies: [], at: Timestamp(utcMicroseconds: S.now)).token
        let revoked = AccessToken.issue(
            role: .center, agencies: [Code("A1")!], at: Timestamp(vietnam: S.now.adding(nanoseconds: minute))
        ).token
        try await first.insert(kept)
        try await first.insert(revoked)
        let revokedAt = Timestamp(utcMicroseconds: S.now.adding(nanoseconds: 2 * minute))
        try require(try await first.revokeToken(id: revoked.id, at: revokedAt), "a token is revoked before reopening")
        let tokens = try await first.tokens()
        try require(
            tokens.map(\.id) == [kept.id, revoked.id] && tokens.map(\.revokedAt) == [nil, revokedAt],
            "both tokens are listed, one revoked: \(tokens)")
        let reopened = try await fixture.open { SampleEvents.now }
        try require(try await reopened.head() == head, "a reopened store has the same head")
        // The stream state survived: SupplementProvided needs the waiting state from before.
        let results = try await reopened.append(
            AppendBatch([S.step("SupplementProvided", "D1", at: "2025-01-28T09:00:00+07:00")]))
        try require(results.first?.position == 6 && results.first?.version == 3, "appends continue: \(results)")
        let refusal = try await requireRefusal("a second SupplementProvided") {
            _ = try await reopened.append(
                AppendBatch([S.step("SupplementProvided", "D1", at: "2025-01-29T09:00:00+07:00")]))
        }
        try require(refusal.eventError?.code == .notAllowed, "the rules still see the dossier's state")
        guard case .intact = try await ChainVerifier().verify(reopened) else {
            throw ContractViolation(description: "the chain is broken after reopening")
        }
        try require(try await reopened.tokens() == tokens, "tokens and revocations survive reopening")
    }

    static func importReproduces(_ source: any EventStore, into target: any EventStore) async throws {
        _ = try await source.append(AppendBatch(S.catalogue + [S.received("D1"), S.received("D2")]))
        _ = try await source.append(AppendBatch([S.step("SupplementRequested", "D1")]))
        let original = try await readAll(source)
        let batch = AppendBatch(
            recorded: try original.map {
                (try $0.decodeEvent(), RecordedOrigin(position: $0.position, recordedAt: $0.recordedAt, hash: $0.hash))
            })
        _ = try await target.append(batch)
        let copy = try await readAll(target)
        try require(copy == original, "an import of an export reproduces positions, recordedAt and hashes")
        let again = try await target.append(batch)
        try require(again.allSatisfy(\.alreadyPresent), "importing the same export twice appends nothing")
        // A record whose hash does not continue the chain (an altered export) does not import.
        let next = S.step("SupplementProvided", "D1", at: "2025-01-28T09:00:00+07:00")
        let forged = RecordedOrigin(
            position: Int64(original.count + 1), recordedAt: original[original.count - 1].recordedAt,
            hash: HashChain.genesis)
        let refusal = try await requireRefusal("a record with a forged hash") {
            _ = try await target.append(AppendBatch(recorded: [(next, forged)]))
        }
        try require(refusal.code == .chainMismatch, "a forged hash is a chainMismatch: \(refusal)")
        try require(try await target.head().position == Int64(original.count), "nothing more was stored")
    }

    /// The tree kept beside the events, through groups of every size (single events, batches, concurrent
    /// appenders, a refused batch inside a group), gives the roots and proofs of the tree computed from the
    /// records themselves.
    static func merkleTree(_ store: any EventStore) async throws {
        try require(try await store.treeRoot(size: 0) == MerkleTree.emptyRoot, "an empty log has the empty root")
        _ = try await store.append(AppendBatch(S.catalogue))
        _ = try await store.append(AppendBatch((0..<37).map { S.received("B\($0)") }))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<12 {
                group.addTask { _ = try await store.append(AppendBatch([S.received("C\(n)")])) }
            }
            group.addTask { _ = try? await store.append(AppendBatch([S.step("SupplementRequested", "Z9")])) }
            try await group.waitForAll()
        }
        _ = try await store.append(AppendBatch((0..<20).map { S.step("SupplementRequested", "B\($0)") }))
        let leaves = try await readAll(store).map(\.leafHash)
        var frontier = MerkleTree.Frontier()
        var roots = [MerkleTree.emptyRoot]
        for leaf in leaves {
            frontier.append(leaf: leaf)
            roots.append(frontier.root)
        }
        let size = Int64(leaves.count)
        for n in 0...size {
            try require(try await store.treeRoot(size: n) == roots[Int(n)], "the root of the first \(n) events")
        }
        for position in 1...size {
            for treeSize in [position, (position + size) / 2, size] {
                let proof = try await store.inclusionProof(position: position, size: treeSize)
                try require(
                    MerkleTree.verifyInclusion(
                        leaf: leaves[Int(position - 1)], index: position - 1, size: treeSize, proof: proof,
                        root: roots[Int(treeSize)]), "inclusion of \(position) in \(treeSize) verifies")
            }
        }
        for old in 0...size {
            for new in Set([old, old + 1, (old + size) / 2, size]) where new <= size {
                let proof = try await store.consistencyProof(from: old, to: new)
                try require(
                    MerkleTree.verifyConsistency(
                        from: old, to: new, proof: proof, oldRoot: roots[Int(old)], newRoot: roots[Int(new)]),
                    "consistency from \(old) to \(new) verifies")
            }
        }
        let beyond = try await requireRefusal("a proof for a tree larger than the log") {
            _ = try await store.inclusionProof(position: 1, size: size + 1)
        }
        try require(beyond.code == .invalidRequest, "a size beyond the head is an invalid request: \(beyond)")
    }

    /// Signed checkpoints are kept in order, the latest answered.
    static func signedCheckpoints(_ store: any EventStore) async throws {
        try require(try await store.latestSignedCheckpoint() == nil, "a new store has no signed checkpoint")
        let (signerText, verifierText) = try SignedNote.generateKey(name: "contract.example/log")
        let signer = try SignedNote.Signer(signerText)
        var recorded: [SignedCheckpoint] = []
        for batch in [S.catalogue, [S.received("D1")]] {
            _ = try await store.append(AppendBatch(batch))
            let size = try await store.head().position
            let root = try await store.treeRoot(size: size)
            let note = try signer.sign(SignedNote.checkpointText(origin: signer.name, size: size, root: root))
            let checkpoint = SignedCheckpoint(
                size: size, root: root, note: note, signedAt: Timestamp(utcMicroseconds: S.now))
            try await store.record(checkpoint)
            recorded.append(checkpoint)
            try require(try await store.latestSignedCheckpoint() == checkpoint, "the latest checkpoint is answered")
        }
        let latest = try await store.latestSignedCheckpoint()
        let text = try SignedNote.Verifier(verifierText).verify(latest?.note ?? "")
        try require(try SignedNote.parseCheckpoint(text).size == recorded[1].size, "the note signs the size")
    }

    static func accessTokens(_ store: any EventStore) async throws {
        try require(try await store.tokens().isEmpty, "a new store has no tokens")
        // Creation order is by instant: the +07:00 text of `center` sorts after the UTC text of `auditor`,
        // yet `center` was issued two hours earlier. `monitor` ties with `auditor` and sorts by id.
        let hour: Int64 = 3_600_000_000_000
        let (centerSecret, center) = AccessToken.issue(
            role: .center, agencies: [Code("A2")!, Code("A1")!, Code("A2")!], at: Timestamp(vietnam: S.now))
        let (auditorSecret, auditor) = AccessToken.issue(
            role: .auditor, agencies: [], at: Timestamp(utcMicroseconds: S.now.adding(nanoseconds: 2 * hour)))
        let (_, monitor) = AccessToken.issue(
            role: .monitor, agencies: [], at: Timestamp(utcMicroseconds: S.now.adding(nanoseconds: 2 * hour)))
        try require(center.agencies == [Code("A1")!, Code("A2")!], "issue sorts and deduplicates agencies")
        for token in [auditor, monitor, center] { try await store.insert(token) }

        try require(
            try await store.token(hash: AccessToken.hash(secret: centerSecret)) == center,
            "a lookup by the secret's hash finds the record as inserted")
        try require(
            try await store.token(hash: AccessToken.hash(secret: auditorSecret)) == auditor,
            "each secret finds its own record")
        try require(
            try await store.token(hash: AccessToken.hash(secret: centerSecret + "x")) == nil,
            "an unknown hash finds nothing")
        let ordered = [center] + [auditor, monitor].sorted { $0.id < $1.id }
        let listed = try await store.tokens()
        try require(listed == ordered, "tokens are listed by creation instant, then id: \(listed.map(\.id))")

        let duplicate = try await requireRefusal("the same token inserted twice") { try await store.insert(center) }
        try require(duplicate.code == .storage, "a duplicate token is a storage error: \(duplicate)")
        let sameHash = AccessToken(
            id: "000000000000", hash: auditor.hash, role: .admin, agencies: [], createdAt: auditor.createdAt,
            revokedAt: nil)
        let taken = try await requireRefusal("a token whose hash is taken") { try await store.insert(sameHash) }
        try require(taken.code == .storage, "a taken hash is a storage error: \(taken)")
        try require(try await store.tokens() == ordered, "refused inserts store nothing")

        let revokedAt = Timestamp(utcMicroseconds: S.now.adding(nanoseconds: 3 * hour))
        try require(try await store.revokeToken(id: center.id, at: revokedAt), "revoking a valid token answers true")
        let revoked = AccessToken(
            id: center.id, hash: center.hash, role: center.role, agencies: center.agencies,
            createdAt: center.createdAt, revokedAt: revokedAt)
        try require(
            try await store.token(hash: center.hash) == revoked, "a revoked token is still found, with revokedAt")
        try require(
            try await store.tokens() == [revoked] + ordered.dropFirst(),
            "the list shows the revocation and nothing else")
        let later = Timestamp(utcMicroseconds: S.now.adding(nanoseconds: 4 * hour))
        try require(
            !(try await store.revokeToken(id: center.id, at: later)), "revoking a revoked token answers false")
        try require(
            try await store.token(hash: center.hash)?.revokedAt == revokedAt, "a second revocation changes nothing")
        try require(!(try await store.revokeToken(id: "ffffffffffff", at: later)), "revoking an unknown id is false")
        try require(
            try await store.tokens() == [revoked] + ordered.dropFirst(), "failed revocations change nothing")
    }
}

/// A clock that alternates forwards and backwards by a second, for the recordedAt check.
final class Ticks: @unchecked Sendable {
    // `@unchecked Sendable`: the counter is guarded by the lock.
    private let lock = NSLock()
    private var count: Int64 = 0

    func next() -> Instant {
        lock.withLock {
            count += 1
            let offset: Int64 = count % 2 == 0 ? -1_000_000_000 : 1_000_000_000
            return SampleEvents.now.adding(nanoseconds: count * 1000 + offset)
        }
    }
}

/// Commit statistics collected by an observer.
///
/// `@unchecked Sendable`: `statistics` is only touched while holding `lock`.
final class CommitLog: @unchecked Sendable {
    private let lock = NSLock()
    private var statistics: [CommitStatistics] = []

    func add(_ item: CommitStatistics) { lock.withLock { statistics.append(item) } }

    var all: [CommitStatistics] { lock.withLock { statistics } }
}

/// The most batches one observed commit carried.
///
/// `@unchecked Sendable`: `value` is only touched while holding `lock`.
final class LargestGroup: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    var batches: Int { lock.withLock { value } }

    func saw(_ batches: Int) { lock.withLock { value = max(value, batches) } }
}
