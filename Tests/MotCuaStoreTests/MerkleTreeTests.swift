import Foundation
import MotCuaStore
import Testing

/// The Merkle tree of RFC 9162 §2.1 and C2SP signed notes, against published vectors and a reference
/// computed straight from the definition.
@Suite("Merkle tree and signed notes")
struct MerkleTreeTests {
    /// MTH straight from RFC 9162 §2.1.1, over leaf hashes.
    static func reference(_ leaves: ArraySlice<[UInt8]>) -> [UInt8] {
        if leaves.isEmpty { return MerkleTree.emptyRoot }
        if leaves.count == 1 { return leaves.first! }
        var k = 1
        while k * 2 < leaves.count { k *= 2 }
        let split = leaves.startIndex + k
        return MerkleTree.nodeHash(reference(leaves[..<split]), reference(leaves[split...]))
    }

    static func leaves(_ count: Int) -> [[UInt8]] {
        (0..<count).map { MerkleTree.leafHash(Array("record \($0)".utf8)) }
    }

    /// The complete subtrees of `leaves`, as a store would answer them.
    static func subtrees(_ leaves: [[UInt8]]) -> (MerkleTree.Subtree) -> [UInt8] {
        { subtree in reference(leaves[Int(subtree.leaves.lowerBound)..<Int(subtree.leaves.upperBound)]) }
    }

    @Test("the RFC 6962 test vectors: roots of the first 1…8 leaves")
    func vectors() {
        let data: [[UInt8]] = [
            [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43], Array(0x50...0x57),
            Array(0x60...0x6f),
        ]
        let roots = [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
        ]
        let leaves = data.map(MerkleTree.leafHash)
        var frontier = MerkleTree.Frontier()
        for (n, root) in roots.enumerated() {
            frontier.append(leaf: leaves[n])
            #expect(HashChain.hexString(MerkleTree.root(size: Int64(n + 1), Self.subtrees(leaves))) == root)
            #expect(HashChain.hexString(frontier.root) == root)
        }
        #expect(
            HashChain.hexString(MerkleTree.emptyRoot)
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(MerkleTree.Frontier().root == MerkleTree.emptyRoot)
    }

    @Test("every inclusion proof of trees of 1…70 leaves verifies, and fails for another leaf or an altered hash")
    func inclusion() {
        let leaves = Self.leaves(70)
        for size in 1...70 {
            let root = Self.reference(leaves[0..<size])
            for index in 0..<size {
                let proof = MerkleTree.inclusionProof(index: Int64(index), size: Int64(size), Self.subtrees(leaves))
                #expect(
                    MerkleTree.verifyInclusion(
                        leaf: leaves[index], index: Int64(index), size: Int64(size), proof: proof, root: root))
                #expect(
                    !MerkleTree.verifyInclusion(
                        leaf: leaves[(index + 1) % 70], index: Int64(index), size: Int64(size), proof: proof,
                        root: root))
                if size > 1 {
                    var bent = proof
                    bent[index % proof.count][0] ^= 1
                    #expect(
                        !MerkleTree.verifyInclusion(
                            leaf: leaves[index], index: Int64(index), size: Int64(size), proof: bent, root: root))
                }
            }
        }
    }

    @Test("every consistency proof between trees of 0…48 leaves verifies, and fails for a rewritten old tree")
    func consistency() {
        let leaves = Self.leaves(48)
        var rewritten = leaves
        rewritten[5] = MerkleTree.leafHash(Array("rewritten".utf8))
        for new in 0...48 {
            let newRoot = Self.reference(leaves[0..<new])
            for old in 0...new {
                let proof = MerkleTree.consistencyProof(from: Int64(old), to: Int64(new), Self.subtrees(leaves))
                let oldRoot = Self.reference(leaves[0..<old])
                #expect(
                    MerkleTree.verifyConsistency(
                        from: Int64(old), to: Int64(new), proof: proof, oldRoot: oldRoot, newRoot: newRoot),
                    "\(old) → \(new)")
                if old > 5, old < new {
                    #expect(
                        !MerkleTree.verifyConsistency(
                            from: Int64(old), to: Int64(new), proof: proof,
                            oldRoot: Self.reference(rewritten[0..<old]), newRoot: newRoot))
                }
            }
        }
    }

    @Test("a frontier appends leaf by leaf, names each completed subtree, and rebuilds from its edge")
    func frontier() {
        let leaves = Self.leaves(100)
        var frontier = MerkleTree.Frontier()
        var completed: [MerkleTree.Subtree] = []
        for (n, leaf) in leaves.enumerated() {
            for (subtree, hash) in frontier.append(leaf: leaf) {
                completed.append(subtree)
                #expect(hash == Self.subtrees(leaves)(subtree))
            }
            #expect(frontier.root == Self.reference(leaves[0...n]))
            #expect(MerkleTree.Frontier(size: Int64(n + 1), Self.subtrees(leaves)) == frontier)
        }
        // Every complete subtree of 100 leaves, each once: 100 + 50 + 25 + 12 + 6 + 3 + 1.
        #expect(completed.count == 197 && Set(completed).count == 197)
    }

    @Test("signed notes: the Go note package's example verifies and signs to the same bytes")
    func goExample() throws {
        let signer = try SignedNote.Signer(
            "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")
        #expect(signer.verifier.text == "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        let text =
            "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
        let note =
            text
            + "\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
        #expect(try signer.sign(text) == note)
        let verifier = try SignedNote.Verifier("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        #expect(try verifier.verify(note) == text)
        #expect(throws: SignedNote.Failure.self) {
            try verifier.verify(note.replacingOccurrences(of: "think", with: "thinks"))
        }
        #expect(throws: SignedNote.Failure.self) {
            try verifier.verify(note.replacingOccurrences(of: "x08go", with: "x08gp"))
        }
        #expect(throws: SignedNote.Failure.self) {
            try SignedNote.Verifier("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        }
    }

    @Test("the worked example of docs/hash-chain.md: leaves, root and the checkpoint signed with the documentation key")
    func documentedExample() throws {
        let leaves = [
            "4e3a79fc7909af3cb172fd3fa517b61fd632f656aac2fea77cbc1af9387fd958",
            "70c432cb2beddf2777e5fff1f44e0a0dab31225d4a4de27a71ead0cf30876ed9",
        ].map { HashChain.bytes(hex: $0)! }
        let root = MerkleTree.nodeHash(leaves[0], leaves[1])
        #expect(Data(root).base64EncodedString() == "/tVsTmnaR+C6NotTiurWLHbCuv8STMcHrNcIJFlQtrk=")
        #expect(MerkleTree.inclusionProof(index: 0, size: 2, Self.subtrees(leaves)) == [leaves[1]])
        #expect(MerkleTree.consistencyProof(from: 1, to: 2, Self.subtrees(leaves)) == [leaves[1]])
        let signer = try SignedNote.Signer(
            "PRIVATE+KEY+example.motcua.vn/log+45b8d70f+AYdy+fSTvKq+7e7XPQnvCWXAKEqvnMDXyBFvsxggZfhv")
        #expect(signer.verifier.text == "example.motcua.vn/log+45b8d70f+ARDBjSf9BJMZN6iRr4pyOHbKlZ7px7hgldy3geFkqO1k")
        let note = try signer.sign(SignedNote.checkpointText(origin: signer.name, size: 2, root: root))
        #expect(
            note
                == "example.motcua.vn/log\n2\n/tVsTmnaR+C6NotTiurWLHbCuv8STMcHrNcIJFlQtrk=\n\n— example.motcua.vn/log "
                + "RbjXD5AIJ8UAnRL43XadoDvNydXK/v/0m6DzBv8iyC/AzTPi2HBoYWl5vtMZx3GnzDkGIKA3bvCMMZkJW9tshelMLgE=\n")
    }

    @Test("a generated key signs a checkpoint that its verifier accepts and another key refuses")
    func checkpoints() throws {
        let (signerText, verifierText) = try SignedNote.generateKey(name: "hanoi.motcua.example/log")
        let signer = try SignedNote.Signer(signerText)
        let root = MerkleTree.leafHash([1, 2, 3])
        let text = SignedNote.checkpointText(origin: signer.name, size: 42, root: root)
        let note = try signer.sign(text)
        let parsed = try SignedNote.parseCheckpoint(try SignedNote.Verifier(verifierText).verify(note))
        #expect(parsed.origin == "hanoi.motcua.example/log" && parsed.size == 42 && parsed.root == root)
        let other = try SignedNote.Verifier(try SignedNote.generateKey(name: "hanoi.motcua.example/log").verifier)
        #expect(throws: SignedNote.Failure.self) { try other.verify(note) }
        #expect(throws: SignedNote.Failure.self) { try SignedNote.generateKey(name: "two words") }
        #expect(throws: SignedNote.Failure.self) { try SignedNote.parseCheckpoint("origin\n-1\nAAAA\n") }
    }
}
