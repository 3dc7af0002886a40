import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MotCuaDomain
import MotCuaPostgres
import MotCuaPostgresTestSupport
import MotCuaSQLite
import MotCuaServer
import MotCuaStore
import MotCuaStoreContract
import ServiceLifecycle
import Testing

/// The log's Merkle tree over HTTP: inclusion and consistency proofs, the signed checkpoint, the tree
/// headers of KPI reports and the server's checkpoint signer. Every proof served is checked
/// cryptographically against roots the test computes itself from the records read back.
@Suite struct ProofRoutesTests {
    enum Backend: String, CaseIterable, Sendable {
        case sqlite, postgres
    }

    /// The head of `fixture(_:)`: the catalogue (3 events) and 37 dossiers appended in batches of 1, 3,
    /// 8 and 25, so the tree has stored subtrees of 16 and 32 leaves and a size that is no power of two.
    static let head: Int64 = 40

    /// A fresh store of `backend` (SQLite in memory, or a file for a live server).
    static func store(_ backend: Backend, file: Bool = false) async throws -> any EventStore {
        switch backend {
        case .sqlite:
            guard file else { return try SQLiteEventStore(.memory, clock: { SampleEvents.now }) }
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-proof-\(UUID()).sqlite")
                .path
            return try SQLiteEventStore(.file(path), clock: { SampleEvents.now })
        case .postgres:
            let url = try await PostgresTestServer.shared.freshDatabaseURL()
            return try await PostgresEventStore.connect(
                url, calendar: .builtIn, readers: 1, clock: { SampleEvents.now })
        }
    }

    /// A server over a store of `backend` holding `head` events.
    static func fixture(
        _ backend: Backend = .sqlite, _ configure: (inout ServerConfiguration) -> Void = { _ in }
    ) async throws -> ServerFixture {
        let fixture = try await ServerFixture.make(store: try await store(backend), configure)
        var n = 0
        for count in [1, 3, 8, 25] {
            let events = (0..<count).map { _ in
                n += 1
                return SampleEvents.received("M-\(n)")
            }
            _ = try await fixture.store.append(AppendBatch(events))
        }
        #expect(try await fixture.head() == head)
        return fixture
    }

    // MARK: - Proofs

    @Test(arguments: Backend.allCases)
    func inclusionProofsVerifyAgainstIndependentlyComputedRoots(backend: Backend) async throws {
        let fixture = try await Self.fixture(backend)
        let tree = try await IndependentTree(fixture.store)
        #expect(tree.size == Self.head)
        let sizes: [Int64] = [1, 2, 3, 7, 16, 17, 31, 32, 33, 39, 40]
        try await fixture.test { client in
            var checked = 0
            for size in sizes {
                let positions = Set<Int64>([1, 2, 3, size / 2, size - 1, size, 16, 17, 32, 33]).filter {
                    1 <= $0 && $0 <= size
                }
                for position in positions.sorted() {
                    let uri = "/v1/proofs/inclusion?position=\(position)&size=\(size)"
                    let response = try await client.execute(uri: uri, method: .get, headers: fixture.headers("monitor"))
                    #expect(response.status == .ok, "\(uri)")
                    #expect(response.headers[.contentType] == "application/json", "\(uri)")
                    let json = try object(response)
                    #expect(Set(json.keys) == ["position", "size", "hashes"], "\(uri)")
                    #expect(json["position"] as? Int == Int(position), "\(uri)")
                    #expect(json["size"] as? Int == Int(size), "\(uri)")
                    let texts = try #require(json["hashes"] as? [String], "\(uri)")
                    let proof = try decodeHashes(texts)
                    // Exactly the documented text: no other member, no spaces, standard base64.
                    #expect(
                        String(buffer: response.body)
                            == #"{"position":\#(position),"size":\#(size),"hashes":\#(jsonList(texts))}"#)
                    let index = position - 1
                    let leaf = tree.leaves[Int(index)]
                    #expect(
                        MerkleTree.verifyInclusion(
                            leaf: leaf, index: index, size: size, proof: proof, root: tree.roots[Int(size)]),
                        "\(uri) does not verify")
                    #expect(proof.count == auditPathLength(index: index, size: size), "\(uri)")
                    // It proves this leaf and no other: another event's leaf, or a root of another size, fails.
                    if size > 1 {
                        let other = tree.leaves[Int((index + 1) % size)]
                        #expect(
                            !MerkleTree.verifyInclusion(
                                leaf: other, index: index, size: size, proof: proof, root: tree.roots[Int(size)]))
                        #expect(
                            !MerkleTree.verifyInclusion(
                                leaf: leaf, index: index, size: size, proof: proof, root: tree.roots[Int(size) - 1]))
                    }
                    checked += 1
                }
            }
            #expect(checked > 60)
        }
    }

    @Test(arguments: Backend.allCases)
    func consistencyProofsVerifyAgainstIndependentlyComputedRoots(backend: Backend) async throws {
        let fixture = try await Self.fixture(backend)
        let tree = try await IndependentTree(fixture.store)
        let pairs: [(Int64, Int64)] = [
            (0, 0), (0, 17), (0, 40), (1, 1), (1, 2), (1, 40), (2, 3), (3, 4), (3, 17), (7, 33), (15, 16), (16, 17),
            (16, 32), (17, 33), (17, 40), (31, 33), (32, 33), (32, 40), (33, 40), (39, 40), (40, 40),
        ]
        try await fixture.test { client in
            for (from, to) in pairs {
                let uri = "/v1/proofs/consistency?from=\(from)&to=\(to)"
                let response = try await client.execute(uri: uri, method: .get, headers: fixture.headers("auditor"))
                #expect(response.status == .ok, "\(uri)")
                let json = try object(response)
                #expect(Set(json.keys) == ["from", "to", "hashes"], "\(uri)")
                #expect(json["from"] as? Int == Int(from), "\(uri)")
                #expect(json["to"] as? Int == Int(to), "\(uri)")
                let texts = try #require(json["hashes"] as? [String], "\(uri)")
                let proof = try decodeHashes(texts)
                #expect(String(buffer: response.body) == #"{"from":\#(from),"to":\#(to),"hashes":\#(jsonList(texts))}"#)
                let oldRoot = tree.roots[Int(from)]
                let newRoot = tree.roots[Int(to)]
                if from == 0 || from == to {
                    #expect(proof.isEmpty, "\(uri): nothing to prove")
                } else {
                    #expect(!proof.isEmpty, "\(uri)")
                    // Proofs never hold more hashes than two per level of the larger tree.
                    #expect(proof.count <= 2 * (64 - (to - 1).leadingZeroBitCount), "\(uri)")
                    // Another old tree, or a forged new one, is not proved consistent by it.
                    #expect(
                        !MerkleTree.verifyConsistency(
                            from: from, to: to, proof: proof, oldRoot: tree.roots[Int(from) - 1], newRoot: newRoot))
                    #expect(
                        !MerkleTree.verifyConsistency(
                            from: from, to: to, proof: proof, oldRoot: oldRoot, newRoot: tree.roots[Int(to) - 1]))
                }
                #expect(
                    MerkleTree.verifyConsistency(from: from, to: to, proof: proof, oldRoot: oldRoot, newRoot: newRoot),
                    "\(uri) does not verify")
            }
        }
    }

    /// Bad parameters: a 400 problem naming the parameter (`invalid-parameter`), or, for sizes the log
    /// cannot answer, the store's `invalid-request`.
    @Test(
        arguments: [
            ("/v1/proofs/inclusion?position=1", "size"), ("/v1/proofs/inclusion?size=3", "position"),
            ("/v1/proofs/inclusion", "position"), ("/v1/proofs/inclusion?position=0&size=3", "position"),
            ("/v1/proofs/inclusion?position=1&size=0", "size"), ("/v1/proofs/inclusion?position=-1&size=3", "position"),
            ("/v1/proofs/inclusion?position=x&size=3", "position"),
            ("/v1/proofs/inclusion?position=1&size=3.0", "size"),
            ("/v1/proofs/inclusion?position=%2B1&size=3", "position"),
            ("/v1/proofs/inclusion?position=01&size=3", "position"),
            ("/v1/proofs/inclusion?position=1&size=99999999999999999999", "size"),
            ("/v1/proofs/inclusion?position=1&size=", "size"),
            ("/v1/proofs/inclusion?position=5&size=4", nil), ("/v1/proofs/inclusion?position=1&size=41", nil),
            ("/v1/proofs/inclusion?position=41&size=41", nil),
            ("/v1/proofs/inclusion?position=1&size=9223372036854775807", nil),
            ("/v1/proofs/consistency?from=1", "to"), ("/v1/proofs/consistency?to=5", "from"),
            ("/v1/proofs/consistency?from=a&to=5", "from"), ("/v1/proofs/consistency?from=1&to=five", "to"),
            ("/v1/proofs/consistency?from=-1&to=5", "from"), ("/v1/proofs/consistency?from=6&to=5", nil),
            ("/v1/proofs/consistency?from=41&to=40", nil), ("/v1/proofs/consistency?from=0&to=41", nil),
            ("/v1/proofs/consistency?from=40&to=41", nil),
        ] as [(String, String?)])
    func badProofParametersAreProblems(uri: String, field: String?) async throws {
        let fixture = try await Self.fixture()
        try await fixture.test { client in
            let response = try await client.execute(uri: uri, method: .get, headers: fixture.headers("monitor"))
            #expect(response.status == .badRequest)
            #expect(response.headers[.contentType] == "application/problem+json")
            let problem = try object(response)
            #expect(problem["status"] as? Int == 400)
            if let field {
                #expect(problem["type"] as? String == "https://motcua.vn/problems/invalid-parameter")
                #expect(problem["field"] as? String == field)
            } else {
                #expect(problem["type"] as? String == "https://motcua.vn/problems/invalid-request")
                #expect(problem["field"] == nil)
            }
        }
    }

    // MARK: - Checkpoint

    @Test func theCheckpointIsTheLatestSignedNote() async throws {
        let fixture = try await Self.fixture()
        let keys = try SignedNote.generateKey(name: "motcua.test/log")
        let signer = try SignedNote.Signer(keys.signer)
        let verifier = try SignedNote.Verifier(keys.verifier)
        try await fixture.test { client in
            let none = try await client.execute(
                uri: "/v1/checkpoint", method: .get, headers: fixture.headers("monitor"))
            #expect(none.status == .notFound)
            #expect(none.headers[.contentType] == "application/problem+json")
            #expect(try object(none)["type"] as? String == "https://motcua.vn/problems/no-checkpoint")

            let first = try await CheckpointSigning.sign(fixture.store, with: signer, at: SampleEvents.now)
            #expect(try await fixture.store.latestSignedCheckpoint() == first)
            let tree = try await IndependentTree(fixture.store)
            #expect(first.size == Self.head)
            #expect(first.root == tree.roots[Int(Self.head)])
            let served = try await client.execute(
                uri: "/v1/checkpoint", method: .get, headers: fixture.headers("centerA2"))
            #expect(served.status == .ok)
            #expect(served.headers[.contentType] == "text/plain; charset=utf-8")
            let note = String(buffer: served.body)
            #expect(note == first.note)
            let text = try verifier.verify(note)
            #expect(text == "motcua.test/log\n40\n\(Data(tree.roots[40]).base64EncodedString())\n")
            let checkpoint = try SignedNote.parseCheckpoint(text)
            #expect(checkpoint.origin == "motcua.test/log")
            #expect(checkpoint.size == Self.head)
            #expect(checkpoint.root == tree.roots[Int(Self.head)])
            // Another key of the same name does not verify it.
            let stranger = try SignedNote.Verifier(try SignedNote.generateKey(name: "motcua.test/log").verifier)
            #expect(throws: SignedNote.Failure.self) { _ = try stranger.verify(note) }

            // The log grows and is signed again: the newer checkpoint is served, and the log proves the
            // older signed tree a prefix of the newer one.
            _ = try await fixture.store.append(
                AppendBatch([
                    SampleEvents.received("N-1"), SampleEvents.received("N-2"),
                    SampleEvents.complaint("K-1", agency: "A2"),
                ]))
            let second = try await CheckpointSigning.sign(fixture.store, with: signer, at: SampleEvents.now)
            #expect(second.size == 43)
            let grown = try await IndependentTree(fixture.store)
            let again = try await client.execute(
                uri: "/v1/checkpoint", method: .get, headers: fixture.headers("monitor"))
            #expect(again.status == .ok)
            let newer = try SignedNote.parseCheckpoint(try verifier.verify(String(buffer: again.body)))
            #expect(newer.size == 43)
            #expect(newer.root == grown.roots[43])
            #expect(grown.roots[40] == tree.roots[40])
            let consistency = try object(
                try await client.execute(
                    uri: "/v1/proofs/consistency?from=40&to=43", method: .get, headers: fixture.headers("monitor")))
            let proof = try decodeHashes(try #require(consistency["hashes"] as? [String]))
            #expect(
                MerkleTree.verifyConsistency(
                    from: checkpoint.size, to: newer.size, proof: proof, oldRoot: checkpoint.root, newRoot: newer.root))
        }
    }

    // MARK: - KPI headers and verify

    @Test func kpiReportsNameTheTreeTheyReflect() async throws {
        let fixture = try await Self.fixture()
        try await fixture.test { client in
            for round in 0..<3 {
                if round > 0 {
                    _ = try await fixture.store.append(
                        AppendBatch((0..<(round * 5)).map { SampleEvents.received("R-\(round)-\($0)") }))
                }
                let head = try await fixture.head()
                let tree = try await IndependentTree(fixture.store)
                for query in ["period=2025", "period=2025-Q1&by=agency", "period=2025&format=json"] {
                    let response = try await client.execute(
                        uri: "/v1/kpi?" + query, method: .get, headers: fixture.headers("monitor"))
                    #expect(response.status == .ok)
                    let position = try #require(try object(response)["position"] as? Int)
                    #expect(Int64(position) == head, "round \(round), \(query)")
                    #expect(response.headers[.init("MotCua-Tree-Size")!] == String(position))
                    #expect(
                        response.headers[.init("MotCua-Tree-Root")!]
                            == Data(tree.roots[position]).base64EncodedString(),
                        "round \(round), \(query)")
                }
            }
            #expect(try await fixture.head() == 55)
        }
    }

    @Test func verifyNamesTheRootOfTheWholeLog() async throws {
        let fixture = try await Self.fixture()
        let tree = try await IndependentTree(fixture.store)
        try await fixture.test { client in
            let verdict = try object(
                try await client.execute(uri: "/v1/verify", method: .get, headers: fixture.headers("auditor")))
            #expect(verdict["intact"] as? Bool == true)
            #expect(verdict["events"] as? Int == 40)
            let head = try #require(verdict["head"] as? [String: Any])
            #expect(head["position"] as? Int == 40)
            #expect(head["root"] as? String == Data(tree.roots[40]).base64EncodedString())
        }
    }

    // MARK: - Authentication

    static let treeRoutes = [
        "/v1/checkpoint", "/v1/proofs/inclusion?position=1&size=1", "/v1/proofs/consistency?from=1&to=2",
        "/v1/kpi?period=2025",
    ]

    @Test func treeRoutesNeedATokenUnlessKPIsArePublic() async throws {
        let keys = try SignedNote.generateKey(name: "motcua.test/log")
        let signer = try SignedNote.Signer(keys.signer)
        let closed = try await Self.fixture()
        _ = try await CheckpointSigning.sign(closed.store, with: signer, at: SampleEvents.now)
        try await closed.test { client in
            for uri in Self.treeRoutes {
                for caller in [nil, "bogus", "revoked"] as [String?] {
                    let response = try await client.execute(uri: uri, method: .get, headers: closed.headers(caller))
                    #expect(response.status == .unauthorized, "\(uri) by \(caller ?? "no token")")
                    #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"motcua\"")
                    #expect(try object(response)["type"] as? String == "https://motcua.vn/problems/unauthenticated")
                }
                // Any role reads them.
                for caller in ["monitor", "centerA1", "auditor", "admin"] {
                    let response = try await client.execute(uri: uri, method: .get, headers: closed.headers(caller))
                    #expect(response.status == .ok, "\(uri) by \(caller)")
                }
            }
        }
        let open = try await Self.fixture { $0.publicKPI = true }
        _ = try await CheckpointSigning.sign(open.store, with: signer, at: SampleEvents.now)
        try await open.test { client in
            for uri in Self.treeRoutes {
                let anonymous = try await client.execute(uri: uri, method: .get, headers: open.headers(nil))
                #expect(anonymous.status == .ok, "\(uri)")
                // A bad token is refused even where none is needed.
                let bogus = try await client.execute(uri: uri, method: .get, headers: open.headers("bogus"))
                #expect(bogus.status == .unauthorized, "\(uri)")
            }
            // /v1/verify stays an auditor's.
            let verify = try await client.execute(uri: "/v1/verify", method: .get, headers: open.headers(nil))
            #expect(verify.status == .unauthorized)
        }
    }

    // MARK: - The server's signer

    /// How long a signature may take to appear: it comes within milliseconds, but a full parallel test
    /// run on two cores (a build beside it) once took over ten seconds to start the signer.
    static let signingWait = Duration.seconds(40)

    /// A live server with a signer: it signs the log soon after it grew, and signs the final head at a
    /// graceful shutdown.
    @Test(.timeLimit(.minutes(2)), arguments: Backend.allCases)
    func theServerSignsCheckpointsAsTheLogGrowsAndAtShutdown(backend: Backend) async throws {
        let keys = try SignedNote.generateKey(name: "motcua.test/live")
        let verifier = try SignedNote.Verifier(keys.verifier)
        let store = try await Self.store(backend, file: true)
        let signer = try SignedNote.Signer(keys.signer)
        let fixture = try await ServerFixture.make(store: store) {
            $0.port = 0
            $0.signer = signer
            $0.checkpointInterval = .milliseconds(200)
        }
        let seen = try await runLive(fixture) { client in
            try await post(client, fixture, (1...5).map { SampleEvents.received("L-\($0)") })
            #expect(try await fixture.head() == 8)
            let seen = try await awaitCheckpoint(client, fixture, verifier, size: 8, within: Self.signingWait)
            let tree = try await IndependentTree(store)
            #expect(seen?.root == tree.roots[8])
            // More events; the server shuts down at once, perhaps before the signer's next round.
            try await post(client, fixture, (6...9).map { SampleEvents.received("L-\($0)") })
            try await post(client, fixture, [SampleEvents.complaint("K-1", agency: "A1")])
            return seen
        }
        let checkpoint = try #require(try await store.latestSignedCheckpoint())
        let tree = try await IndependentTree(store)
        #expect(tree.size == 13)
        #expect(checkpoint.size == 13)
        #expect(checkpoint.root == tree.roots[13])
        let text = try verifier.verify(checkpoint.note)
        #expect(text == "motcua.test/live\n13\n\(Data(tree.roots[13]).base64EncodedString())\n")
        // The checkpoint seen while serving is a prefix of the final one.
        let old = try #require(seen)
        #expect(
            MerkleTree.verifyConsistency(
                from: old.size, to: 13, proof: try await store.consistencyProof(from: old.size, to: 13),
                oldRoot: old.root, newRoot: tree.roots[13]))
    }

    /// With an interval far beyond the test, the signer signs the head once at start and the final
    /// head at the graceful shutdown, and nothing in between.
    @Test(.timeLimit(.minutes(2)))
    func theFinalHeadIsSignedAtGracefulShutdown() async throws {
        let keys = try SignedNote.generateKey(name: "motcua.test/live")
        let verifier = try SignedNote.Verifier(keys.verifier)
        let store = try await Self.store(.sqlite, file: true)
        let signer = try SignedNote.Signer(keys.signer)
        let fixture = try await ServerFixture.make(store: store) {
            $0.port = 0
            $0.signer = signer
            $0.checkpointInterval = .seconds(3600)
        }
        _ = try await runLive(fixture) { client in
            let start = try await awaitCheckpoint(client, fixture, verifier, size: 3, within: Self.signingWait)
            #expect(start != nil)
            try await post(client, fixture, (1...4).map { SampleEvents.received("S-\($0)") })
            #expect(try await fixture.head() == 7)
            let served = try await client.execute(
                .init("/v1/checkpoint", method: .get, headers: fixture.headers("monitor")))
            let note = String(buffer: served.body ?? ByteBuffer())
            #expect(try SignedNote.parseCheckpoint(try verifier.verify(note)).size == 3)
            return start
        }
        let checkpoint = try #require(try await store.latestSignedCheckpoint())
        let tree = try await IndependentTree(store)
        #expect(checkpoint.size == 7)
        #expect(checkpoint.root == tree.roots[7])
        let parsed = try SignedNote.parseCheckpoint(try verifier.verify(checkpoint.note))
        #expect(parsed.size == 7)
        #expect(parsed.root == tree.roots[7])
    }
}

// MARK: - Helpers

/// The log's leaf hashes and the roots of all its prefixes, computed by the test from the records read
/// back (in pages, from position 1), with a frontier, and checked against RFC 9162's definition.
private struct IndependentTree {
    let leaves: [[UInt8]]
    /// `roots[n]`: the root of the tree of the first `n` events.
    let roots: [[UInt8]]
    var size: Int64 { Int64(leaves.count) }

    init(_ store: any EventStore) async throws {
        var records: [RecordedEvent] = []
        while true {
            let page = try await store.read(after: Int64(records.count), limit: 7)
            if page.isEmpty { break }
            records += page
        }
        try #require(records.map(\.position) == (0..<Int64(records.count)).map { $0 + 1 })
        leaves = records.map(\.leafHash)
        var frontier = MerkleTree.Frontier()
        var roots = [frontier.root]
        for leaf in leaves {
            frontier.append(leaf: leaf)
            roots.append(frontier.root)
        }
        self.roots = roots
        #expect(
            HashChain.hexString(roots[0]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Set(roots).count == roots.count, "distinct prefixes have distinct roots")
        for n in 0...leaves.count {
            #expect(roots[n] == Self.definition(leaves[..<n]), "the frontier's root of \(n)")
        }
    }

    /// MTH straight from RFC 9162 §2.1.1 (the empty tree's root is checked against its published hex).
    static func definition(_ leaves: ArraySlice<[UInt8]>) -> [UInt8] {
        if leaves.isEmpty { return MerkleTree.emptyRoot }
        if leaves.count == 1 { return leaves.first! }
        var k = 1
        while k * 2 < leaves.count { k *= 2 }
        let split = leaves.startIndex + k
        return MerkleTree.nodeHash(definition(leaves[..<split]), definition(leaves[split...]))
    }
}

/// The number of hashes of leaf `index`'s audit path in a tree of `size` leaves (RFC 9162 §2.1.3.1).
private func auditPathLength(index: Int64, size: Int64) -> Int {
    guard size > 1 else { return 0 }
    var k: Int64 = 1
    while k * 2 < size { k *= 2 }
    return 1 + (index < k ? auditPathLength(index: index, size: k) : auditPathLength(index: index - k, size: size - k))
}

/// A JSON array of strings (that need no escaping), without spaces.
private func jsonList(_ texts: [String]) -> String {
    "[" + texts.map { "\"\($0)\"" }.joined(separator: ",") + "]"
}

/// Base64 hashes of a proof, each 32 bytes.
private func decodeHashes(_ texts: [String]) throws -> [[UInt8]] {
    try texts.map { text in
        guard let data = Data(base64Encoded: text), data.count == 32 else {
            throw FixtureError("not a base64 SHA-256 hash: \(text)")
        }
        return Array(data)
    }
}

/// Runs the fixture's server with its services on a loopback port, gives `body` a connected client,
/// then shuts the server down gracefully (also when `body` throws) and waits for every service to end.
private func runLive<Value: Sendable>(
    _ fixture: ServerFixture, _ body: @Sendable (TestClient) async throws -> Value
) async throws -> Value {
    var logger = Logger(label: "proof-test")
    logger.logLevel = .warning
    let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
    let group = ServiceGroup(
        configuration: .init(
            services: fixture.server.services(logger: logger) { port in portSink.yield(port) }, logger: logger))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(30)))
        client.connect()
        let result: Result<Value, any Error>
        do {
            result = .success(try await body(client))
        } catch {
            result = .failure(error)
        }
        try? await client.shutdown()
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
        return try result.get()
    }
}

/// Posts `events` as one batch, as center A1, and expects them stored.
private func post(_ client: TestClient, _ fixture: ServerFixture, _ events: [EventEnvelope]) async throws {
    let response = try await client.execute(
        .init("/v1/events", method: .post, headers: fixture.headers("centerA1"), body: body(events)))
    #expect(response.status == .created)
}

/// Polls `GET /v1/checkpoint` (every 20 ms, until `limit` passes) until it serves a note that `verifier`
/// verifies naming a tree of `size`; its size and root, or `nil` when none came in time.
private func awaitCheckpoint(
    _ client: TestClient, _ fixture: ServerFixture, _ verifier: SignedNote.Verifier, size: Int64,
    within limit: Duration
) async throws -> (size: Int64, root: [UInt8])? {
    let deadline = ContinuousClock.now + limit
    var last = "nothing"
    while ContinuousClock.now < deadline {
        let response = try await client.execute(
            .init("/v1/checkpoint", method: .get, headers: fixture.headers("monitor")))
        let note = String(buffer: response.body ?? ByteBuffer())
        if response.status == .ok {
            #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
            let checkpoint = try SignedNote.parseCheckpoint(try verifier.verify(note))
            #expect(checkpoint.origin == verifier.name)
            if checkpoint.size == size { return (checkpoint.size, checkpoint.root) }
            #expect(checkpoint.size < size, "a checkpoint beyond the head")
        } else {
            #expect(response.status == .notFound)
        }
        last = "\(response.status.code): \(note)"
        try await Task.sleep(for: .milliseconds(20))
    }
    Issue.record("no checkpoint of size \(size) within \(limit); last: \(last)")
    return nil
}
