import Foundation
public import MotCuaDomain

/// Roots and proofs of the log's Merkle tree (RFC 9162 §2.1), from any store: each reads the O(log n)
/// complete subtrees it needs in one round of node reads (plus, below ``MerkleTree/storedLevel``, one
/// read of at most 16 events per block of leaves).
extension EventStore {
    /// The root of the tree of the first `size` events.
    public func treeRoot(size: Int64) async throws -> [UInt8] {
        try await checkSize(size)
        return try await computed { try MerkleTree.root(size: size, $0) }
    }

    /// The audit path of the event at `position` in the tree of the first `size` events (RFC 9162
    /// §2.1.3.1, leaf index `position` − 1).
    public func inclusionProof(position: Int64, size: Int64) async throws -> [[UInt8]] {
        guard position >= 1, position <= size else {
            throw EventStoreError(.invalidRequest, "position \(position) is not in a tree of size \(size)")
        }
        try await checkSize(size)
        return try await computed { try MerkleTree.inclusionProof(index: position - 1, size: size, $0) }
    }

    /// The proof that the tree of the first `old` events is a prefix of the tree of the first `new`
    /// (RFC 9162 §2.1.4.1).
    public func consistencyProof(from old: Int64, to new: Int64) async throws -> [[UInt8]] {
        guard old >= 0, old <= new else {
            throw EventStoreError(.invalidRequest, "no consistency proof from size \(old) to size \(new)")
        }
        try await checkSize(new)
        return try await computed { try MerkleTree.consistencyProof(from: old, to: new, $0) }
    }

    private func checkSize(_ size: Int64) async throws {
        let head = try await head().position
        guard size >= 0, size <= head else {
            throw EventStoreError(.invalidRequest, "tree size \(size) is beyond the log's \(head) events")
        }
    }

    /// Runs `algorithm` twice: once to learn which subtrees it reads (which never depends on their
    /// hashes), then, with all of them fetched at once, for its result.
    private func computed<Result>(_ algorithm: ((MerkleTree.Subtree) throws -> [UInt8]) throws -> Result)
        async throws -> Result
    {
        var wanted = Set<MerkleTree.Subtree>()
        _ = try algorithm {
            wanted.insert($0)
            return MerkleTree.emptyRoot
        }
        let hashes = try await subtreeHashes(wanted)
        return try algorithm { subtree in
            guard let hash = hashes[subtree] else { throw TreeReading.missing(subtree) }
            return hash
        }
    }

    /// The hashes of complete subtrees: stored ones read, lower ones computed from their block's events.
    func subtreeHashes(_ subtrees: Set<MerkleTree.Subtree>) async throws -> [MerkleTree.Subtree: [UInt8]] {
        let stored = subtrees.filter { $0.level >= MerkleTree.storedLevel }
        var found = stored.isEmpty ? [:] : try await treeNodes(stored.sorted())
        for subtree in stored where found[subtree] == nil { throw TreeReading.missing(subtree) }
        let block = MerkleTree.storedLevel
        let low = Dictionary(grouping: subtrees.filter { $0.level < block }) { $0.leaves.lowerBound >> block }
        for (blockIndex, members) in low {
            let first = blockIndex << block
            let wantedEnd = members.map(\.leaves.upperBound).max()!
            let records = try await read(after: first, limit: Int(wantedEnd - first))
            guard records.count == Int(wantedEnd - first), records.first?.position == first + 1 else {
                throw EventStoreError(.corrupt, "the log lacks events \(first + 1)…\(wantedEnd)")
            }
            let leaves = records.map(\.leafHash)
            for subtree in members {
                let range = subtree.leaves
                found[subtree] = MerkleTree.hash(
                    leaves: leaves[Int(range.lowerBound - first)..<Int(range.upperBound - first)])
            }
        }
        return found
    }
}

/// Builds the stored tree of a log written before the tree was kept (migration 006): once, when a store
/// opens with events but no stored subtree.
package enum TreeBackfill {
    /// Inserts every stored-level subtree of the log, if none is stored yet. Blocking.
    package static func run(_ storage: any LogStorage) throws {
        try storage.write { transaction in
            let head = try transaction.head()
            let first = MerkleTree.Subtree(level: MerkleTree.storedLevel, index: 0)
            guard head.position >= first.leaves.upperBound, try transaction.treeNodes([first]).isEmpty else { return }
            var frontier = MerkleTree.Frontier()
            var position: Int64 = 0
            while position < head.position {
                let last = min(position + 10_000, head.position)
                let records = try transaction.records((position + 1)...last)
                guard records.count == Int(last - position) else {
                    throw EventStoreError(.corrupt, "the log lacks events \(position + 1)…\(last)")
                }
                var nodes: [(MerkleTree.Subtree, [UInt8])] = []
                for record in records {
                    frontier.append(leaf: record.leafHash, from: MerkleTree.storedLevel, into: &nodes)
                }
                try transaction.insertTreeNodes(nodes)
                position = last
            }
        }
    }
}

/// The JSON of proofs, as `GET /v1/proofs/…` and `motcua proof` give them: hashes in standard base64.
public enum ProofJSON {
    /// `{"position":P,"size":N,"hashes":[…]}`.
    public static func inclusion(position: Int64, size: Int64, hashes: [[UInt8]]) -> String {
        #"{"position":\#(position),"size":\#(size),"hashes":\#(list(hashes))}"#
    }

    /// `{"from":M,"to":N,"hashes":[…]}`.
    public static func consistency(from old: Int64, to new: Int64, hashes: [[UInt8]]) -> String {
        #"{"from":\#(old),"to":\#(new),"hashes":\#(list(hashes))}"#
    }

    private static func list(_ hashes: [[UInt8]]) -> String {
        "[" + hashes.map { "\"" + Data($0).base64EncodedString() + "\"" }.joined(separator: ",") + "]"
    }
}

/// Signing the log's tree head: what `motcua checkpoint` and the server's signer do.
public enum CheckpointSigning {
    /// Signs the tree of the store's current head with `signer` (its name is the origin line), records
    /// the checkpoint in the store and returns it.
    public static func sign(_ store: any EventStore, with signer: SignedNote.Signer, at now: Instant) async throws
        -> SignedCheckpoint
    {
        let size = try await store.head().position
        let root = try await store.treeRoot(size: size)
        let note = try signer.sign(SignedNote.checkpointText(origin: signer.name, size: size, root: root))
        let checkpoint = SignedCheckpoint(
            size: size, root: root, note: note, signedAt: Timestamp(utcMicroseconds: now))
        try await store.record(checkpoint)
        return checkpoint
    }
}
