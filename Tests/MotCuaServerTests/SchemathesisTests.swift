import Foundation
import Logging
import MotCuaSQLite
import MotCuaServer
import MotCuaStore
import MotCuaStoreContract
import ServiceLifecycle
import Testing

/// Schemathesis (PyPI) fuzzes the live server from its own /openapi.yaml: no 5xx, every status, content
/// type and body as documented. CI installs it (`.ci/run`); elsewhere the test runs when
/// `MOTCUA_SCHEMATHESIS` names the executable or `schemathesis` is on PATH, and fails with CI=true
/// when it cannot be found.
@Suite struct SchemathesisTests {
    static let executable = ExternalTool.locate("schemathesis", variable: "MOTCUA_SCHEMATHESIS")

    @Test(.enabled(if: executable != nil || ExternalTool.required, "schemathesis is not installed (CI installs it)"))
    func theLiveServerKeepsItsOpenAPIContract() async throws {
        let executable = try #require(Self.executable, "schemathesis not found: set MOTCUA_SCHEMATHESIS or PATH")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-fuzz-\(UUID()).sqlite").path
        let store = try SQLiteEventStore(.file(path), clock: { SampleEvents.now })
        let fixture = try await ServerFixture.make(store: store) { $0.port = 0 }
        _ = try await store.append(AppendBatch(ReadRoutesTests.history()))
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "fuzz")
        logger.logLevel = .critical
        let group = ServiceGroup(
            configuration: .init(
                services: fixture.server.services(logger: logger) { portSink.yield($0) }, logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let arguments = [
                "run", "http://127.0.0.1:\(port)/openapi.yaml",
                "--header", "Authorization: Bearer \(fixture.secrets["admin"]!)",
                // Every check but positive_data_acceptance: an event can match its schema and still be
                // refused by a stream rule (an unregistered agency, a closed dossier), as documented (422).
                "--checks", "all", "--exclude-checks", "positive_data_acceptance",
                "--max-examples", "40", "--seed", "2025", "--workers", "2", "--request-timeout", "60",
            ]
            let (status, output) = try await ExternalTool.run(executable, arguments)
            #expect(status == 0, "schemathesis found problems:\n\(output)")
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
