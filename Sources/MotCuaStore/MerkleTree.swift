internal import Crypto

/// The Merkle tree over the log, as RFC 9162 §2.1 defines it (docs/hash-chain.md, "The Merkle tree"):
/// leaf n = SHA-256(0x00 ‖ record bytes of event n), node = SHA-256(0x01 ‖ left ‖ right), and a tree of
/// a size that is not a power of two splits at the largest power of two below it.
///
/// The algorithms here read hashes of *complete* subtrees only, through a function: the store answers
/// from the nodes it keeps (or from the events' leaves below ``storedLevel``), so that a root, an
/// inclusion proof or a consistency proof reads O(log n) hashes.
public enum MerkleTree {
    /// A complete subtree: the 2^`level` leaves from `index` · 2^`level` (0-based).
    public struct Subtree: Sendable, Hashable, Comparable {
        public let level: Int
        public let index: Int64

        public init(level: Int, index: Int64) {
            self.level = level
            self.index = index
        }

        /// The leaves it covers, 0-based.
        public var leaves: Range<Int64> { (index << level)..<((index + 1) << level) }

        public static func < (a: Subtree, b: Subtree) -> Bool { (a.level, a.index) < (b.level, b.index) }
    }

    /// Stores keep the hashes of complete subtrees of this level and above (16 leaves and more: one row
    /// for every 8 events); lower ones are computed from the events' leaves, at most 16 of them.
    public static let storedLevel = 4

    /// The root of the empty tree: SHA-256 of no bytes.
    public static let emptyRoot: [UInt8] = Array(SHA256.hash(data: [UInt8]()))

    /// `SHA-256(0x00 ‖ record)`.
    public static func leafHash(_ record: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0])
        hasher.update(data: record)
        return Array(hasher.finalize())
    }

    /// `SHA-256(0x01 ‖ left ‖ right)`.
    public static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [1])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }

    /// The hash of the leaves `range` (RFC 9162 MTH), from the complete subtrees `subtree` gives.
    /// `range` must start at a multiple of the largest power of two not above its length, as every range
    /// the proofs below use does.
    public static func hash(_ range: Range<Int64>, _ subtree: (Subtree) throws -> [UInt8]) rethrows -> [UInt8] {
        let count = range.count
        if count == 0 { return emptyRoot }
        if count & (count - 1) == 0 {
            let level = count.trailingZeroBitCount
            return try subtree(Subtree(level: level, index: range.lowerBound >> level))
        }
        let split = range.lowerBound + largestPowerOfTwo(below: Int64(count))
        return nodeHash(try hash(range.lowerBound..<split, subtree), try hash(split..<range.upperBound, subtree))
    }

    /// The hash of a list of leaf hashes (RFC 9162 MTH), computed from all of them.
    public static func hash(leaves: ArraySlice<[UInt8]>) -> [UInt8] {
        if leaves.isEmpty { return emptyRoot }
        if leaves.count == 1 { return leaves.first! }
        let split = leaves.startIndex + Int(largestPowerOfTwo(below: Int64(leaves.count)))
        return nodeHash(hash(leaves: leaves[..<split]), hash(leaves: leaves[split...]))
    }

    /// The root of the tree of `size` leaves.
    public static func root(size: Int64, _ subtree: (Subtree) throws -> [UInt8]) rethrows -> [UInt8] {
        try hash(0..<size, subtree)
    }

    /// The audit path of leaf `index` in the tree of `size` leaves (RFC 9162 §2.1.3.1), nearest first.
    public static func inclusionProof(index: Int64, size: Int64, _ subtree: (Subtree) throws -> [UInt8]) rethrows
        -> [[UInt8]]
    {
        precondition(0 <= index && index < size, "leaf \(index) outside a tree of \(size)")
        func path(_ range: Range<Int64>) throws -> [[UInt8]] {
            guard range.count > 1 else { return [] }
            let split = range.lowerBound + largestPowerOfTwo(below: Int64(range.count))
            if index < split {
                return try path(range.lowerBound..<split) + [hash(split..<range.upperBound, subtree)]
            }
            return try path(split..<range.upperBound) + [hash(range.lowerBound..<split, subtree)]
        }
        return try path(0..<size)
    }

    /// The proof that the tree of `old` leaves is a prefix of the tree of `new` leaves (RFC 9162
    /// §2.1.4.1); empty when `old` is 0 or equals `new`.
    public static func consistencyProof(from old: Int64, to new: Int64, _ subtree: (Subtree) throws -> [UInt8])
        rethrows -> [[UInt8]]
    {
        precondition(0 <= old && old <= new, "no consistency proof from \(old) to \(new)")
        guard old > 0, old < new else { return [] }
        func subproof(_ m: Int64, _ range: Range<Int64>, _ complete: Bool) throws -> [[UInt8]] {
            let n = Int64(range.count)
            if m == n { return complete ? [] : [try hash(range, subtree)] }
            let k = largestPowerOfTwo(below: n)
            let split = range.lowerBound + k
            if m <= k {
                return try subproof(m, range.lowerBound..<split, complete) + [hash(split..<range.upperBound, subtree)]
            }
            return try subproof(m - k, split..<range.upperBound, false) + [hash(range.lowerBound..<split, subtree)]
        }
        return try subproof(old, 0..<new, true)
    }

    /// Whether `proof` proves leaf `index` (with hash `leaf`) in the tree of `size` leaves with `root`
    /// (RFC 9162 §2.1.3.2).
    public static func verifyInclusion(leaf: [UInt8], index: Int64, size: Int64, proof: [[UInt8]], root: [UInt8])
        -> Bool
    {
        guard 0 <= index, index < size else { return false }
        var r = leaf
        let sn = walk(
            proof[...], fn: index, sn: size - 1, left: { r = nodeHash($0, r) }, right: { r = nodeHash(r, $0) })
        return sn == 0 && r == root
    }

    /// Whether `proof` proves that the tree of `old` leaves with `oldRoot` is a prefix of the tree of
    /// `new` leaves with `newRoot` (RFC 9162 §2.1.4.2).
    public static func verifyConsistency(
        from old: Int64, to new: Int64, proof: [[UInt8]], oldRoot: [UInt8], newRoot: [UInt8]
    ) -> Bool {
        guard 0 <= old, old <= new else { return false }
        if old == new { return proof.isEmpty && oldRoot == newRoot }
        if old == 0 { return proof.isEmpty }
        guard !proof.isEmpty else { return false }
        var path = proof
        if old & (old - 1) == 0 { path.insert(oldRoot, at: 0) }
        var fn = old - 1
        var sn = new - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0]
        var sr = path[0]
        let end = walk(
            path.dropFirst(), fn: fn, sn: sn,
            left: {
                fr = nodeHash($0, fr)
                sr = nodeHash($0, sr)
            }, right: { sr = nodeHash(sr, $0) })
        return fr == oldRoot && sr == newRoot && end == 0
    }

    /// The walk both verifications share (RFC 9162 §2.1.3.2 step 4, §2.1.4.2 step 6): each hash of `path`
    /// lies `left` of the running node or `right` of it. Returns the final `sn`, or `nil` when the path is
    /// longer than the tree allows.
    private static func walk(
        _ path: ArraySlice<[UInt8]>, fn start: Int64, sn last: Int64, left: ([UInt8]) -> Void,
        right: ([UInt8]) -> Void
    ) -> Int64? {
        var fn = start
        var sn = last
        for c in path {
            if sn == 0 { return nil }
            if fn & 1 == 1 || fn == sn {
                left(c)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                right(c)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn
    }

    /// The largest power of two strictly below `n` (n ≥ 2).
    static func largestPowerOfTwo(below n: Int64) -> Int64 {
        Int64(1) << (63 - (n - 1).leadingZeroBitCount)
    }

    /// The right edge of a growing tree: the hash of each complete subtree that its size's binary digits
    /// name, largest first. Appending a leaf completes the subtrees it closes, which a store keeps.
    ///
    /// Hashes are kept inline (`Digest`), so that an append on the writer's path allocates nothing but the
    /// hashes of the stored subtrees it completes.
    public struct Frontier: Sendable, Hashable {
        /// The leaves so far.
        public private(set) var size: Int64 = 0
        /// The hashes of the complete subtrees of the right edge, largest (leftmost) first; their levels
        /// are the set bits of `size`, from the highest.
        private var hashes: [Digest] = []

        public init() {}

        /// The frontier of the tree of `size` leaves, from its complete subtrees.
        public init(size: Int64, _ subtree: (Subtree) throws -> [UInt8]) rethrows {
            self.size = size
            hashes = try Self.edge(size: size).map { Digest(try subtree($0)) }
        }

        /// The complete subtrees whose hashes make the frontier of a tree of `size` leaves.
        private static func edge(size: Int64) -> [Subtree] {
            var result: [Subtree] = []
            var start: Int64 = 0
            for level in stride(from: 63, through: 0, by: -1) where size & (Int64(1) << level) != 0 {
                result.append(Subtree(level: level, index: start >> level))
                start += Int64(1) << level
            }
            return result
        }

        /// Appends a leaf; returns every subtree it completed (the leaf itself first, then upwards).
        @discardableResult
        public mutating func append(leaf: [UInt8]) -> [(Subtree, [UInt8])] {
            var completed: [(Subtree, [UInt8])] = []
            append(leaf: leaf, from: 0, into: &completed)
            return completed
        }

        /// Appends a leaf, adding to `completed` the subtrees of level `minimum` and above that it closed.
        package mutating func append(leaf: [UInt8], from minimum: Int, into completed: inout [(Subtree, [UInt8])]) {
            var node = Digest(leaf)
            var level = 0
            var index = size
            if minimum == 0 { completed.append((Subtree(level: 0, index: index), leaf)) }
            // The edge's lowest subtree has the level of `size`'s lowest set bit: as long as the new node
            // is level with it (bit `level` of `size` set), they merge.
            while size & (Int64(1) << level) != 0 {
                node = Digest.node(hashes.removeLast(), node)
                level += 1
                index >>= 1
                if level >= minimum { completed.append((Subtree(level: level, index: index), node.bytes)) }
            }
            hashes.append(node)
            size += 1
        }

        /// The root of the tree so far.
        public var root: [UInt8] {
            guard var hash = hashes.last else { return MerkleTree.emptyRoot }
            for left in hashes.dropLast().reversed() { hash = Digest.node(left, hash) }
            return hash.bytes
        }
    }

    /// A SHA-256 hash held inline, without a heap array.
    struct Digest: Sendable, Hashable {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

        init(_ bytes: [UInt8]) {
            precondition(bytes.count == 32, "a tree hash is 32 bytes")
            bytes.withUnsafeBytes { source in withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: source) } }
        }

        var bytes: [UInt8] { withUnsafeBytes(of: words) { Array($0) } }

        /// `SHA-256(0x01 ‖ left ‖ right)`.
        static func node(_ left: Digest, _ right: Digest) -> Digest {
            var hasher = SHA256()
            hasher.update(data: [1])
            withUnsafeBytes(of: left.words) { hasher.update(bufferPointer: $0) }
            withUnsafeBytes(of: right.words) { hasher.update(bufferPointer: $0) }
            var result = Digest()
            hasher.finalize().withUnsafeBytes { digest in
                withUnsafeMutableBytes(of: &result.words) { $0.copyMemory(from: digest) }
            }
            return result
        }

        private init() {}

        static func == (a: Digest, b: Digest) -> Bool { a.words == b.words }

        func hash(into hasher: inout Hasher) {
            withUnsafeBytes(of: words) { hasher.combine(bytes: $0) }
        }
    }
}

/// How stores read the tree: stored subtrees from their node table, lower ones from the events' leaves.
package enum TreeReading {
    /// The hash of `subtree`: read from `nodes` at ``MerkleTree/storedLevel`` and above, else computed
    /// from the records it covers.
    package static func hash(
        _ subtree: MerkleTree.Subtree, nodes: ([MerkleTree.Subtree]) throws -> [MerkleTree.Subtree: [UInt8]],
        records: (ClosedRange<Int64>) throws -> [RecordedEvent]
    ) throws -> [UInt8] {
        if subtree.level >= MerkleTree.storedLevel {
            guard let hash = try nodes([subtree])[subtree] else { throw missing(subtree) }
            return hash
        }
        let leaves = subtree.leaves
        let found = try records((leaves.lowerBound + 1)...leaves.upperBound)
        guard found.count == leaves.count else {
            throw EventStoreError(.corrupt, "the log lacks events \(leaves.lowerBound + 1)…\(leaves.upperBound)")
        }
        return MerkleTree.hash(leaves: found.map(\.leafHash)[...])
    }

    /// The error for a stored subtree that is not there.
    package static func missing(_ subtree: MerkleTree.Subtree) -> EventStoreError {
        EventStoreError(
            .corrupt,
            "the Merkle tree lacks the subtree of level \(subtree.level) at \(subtree.index) (leaves "
                + "\(subtree.leaves.lowerBound + 1)…\(subtree.leaves.upperBound))")
    }
}
