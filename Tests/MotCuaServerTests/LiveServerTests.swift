import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MotCuaDomain
import MotCuaPostgres
import MotCuaPostgresTestSupport
import MotCuaProjections
import MotCuaSQLite
import MotCuaServer
import MotCuaStore
import MotCuaStoreContract
import ServiceLifecycle
import Testing

/// The server over a real socket on 127.0.0.1, on SQLite (a file) and PostgreSQL: concurrent posts, a
/// KPI read, then a graceful shutdown that leaves the projection checkpointed at the log's head.
@Suite struct LiveServerTests {
    enum Backend: String, CaseIterable, Sendable {
        case sqlite, postgres
    }

    @Test(arguments: Backend.allCases)
    func servesOverLoopbackAndCheckpointsOnGracefulShutdown(backend: Backend) async throws {
        let store: any EventStore
        switch backend {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-live-\(UUID()).sqlite")
                .path
            store = try SQLiteEventStore(.file(path), clock: { SampleEvents.now })
        case .postgres:
            let url = try await PostgresTestServer.shared.freshDatabaseURL()
            store = try await PostgresEventStore.connect(url, calendar: .builtIn, clock: { SampleEvents.now })
        }
        let fixture = try await ServerFixture.make(store: store) { $0.port = 0 }
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let group = ServiceGroup(
            configuration: .init(
                services: fixture.server.services(logger: Logger(label: "live-test")) { port in
                    portSink.yield(port)
                },
                logger: Logger(label: "live-test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            #expect(port > 0)
            // 8 clients post 10 single-event batches each, at the same time.
            try await withThrowingTaskGroup(of: Void.self) { clients in
                for c in 0..<8 {
                    clients.addTask {
                        let client = TestClient(
                            host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(120)))
                        client.connect()
                        for i in 0..<10 {
                            let response = try await client.execute(
                                .init(
                                    "/v1/events", method: .post, headers: fixture.headers("centerA1"),
                                    body: body([SampleEvents.received("L-\(c)-\(i)")])))
                            #expect(response.status == .created)
                        }
                        try await client.shutdown()
                    }
                }
                try await clients.waitForAll()
            }
            let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(120)))
            client.connect()
            let kpi = try await client.execute(
                .init("/v1/kpi?period=2025-Q1", method: .get, headers: fixture.headers("monitor")))
            #expect(kpi.status == .ok)
            let report = String(buffer: kpi.body ?? ByteBuffer())
            #expect(report.contains(#""received":80"#))
            try await client.shutdown()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let head = try await store.head()
        #expect(head.position == 83)
        let checkpoint = try await store.checkpoint(named: KPIProjection.checkpointName)
        #expect(checkpoint?.position == 83)
    }
}

/// On PostgreSQL the projection wakes on the commits the store announces: another process's appends are
/// folded without a request and without polling (the poll interval is set far beyond the test).
@Suite struct ProjectionTailerTests {
    @Test(.timeLimit(.minutes(2)))
    func foldsAnotherWritersAppendsOnAnnouncement() async throws {
        let url = try await PostgresTestServer.shared.freshDatabaseURL()
        let store = try await PostgresEventStore.connect(url, calendar: .builtIn, clock: { SampleEvents.now })
        let fixture = try await ServerFixture.make(store: store) {
            $0.port = 0
            $0.projectionPollInterval = .seconds(3600)
        }
        let group = ServiceGroup(
            configuration: .init(
                services: fixture.server.services(logger: Logger(label: "tailer-test")) { _ in },
                logger: Logger(label: "tailer-test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            // Another writer: a second store over the same database.
            let other = try await PostgresEventStore.connect(url, calendar: .builtIn, clock: { SampleEvents.now })
            // Until the tailer listens, an announcement may be missed: append until one is folded.
            var round = 0
            func append() async throws -> Int64 {
                round += 1
                _ = try await other.append(AppendBatch([SampleEvents.received("T-\(round)")]))
                return try await other.head().position
            }
            var head = try await append()
            var listening = false
            for _ in 0..<30 {
                listening = await caughtUp(fixture.server, head, within: .seconds(1))
                if listening { break }
                head = try await append()
            }
            try #require(listening, "the projection never caught up with the other writer")
            // From then on every commit of the other writer reaches the projection by its announcement.
            for _ in 0..<3 {
                head = try await append()
                #expect(await caughtUp(fixture.server, head, within: .seconds(60)))
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}

/// Whether the server's projection reaches `head` before `limit` passes (checked every 10 ms).
private func caughtUp(_ server: MotCuaServer, _ head: Int64, within limit: Duration) async -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if await server.projectionPosition >= head { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return false
}
