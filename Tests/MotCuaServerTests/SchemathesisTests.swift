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
    static let executable: String? = {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["MOTCUA_SCHEMATHESIS"] { return path }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(directory)/schemathesis"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    static let required = ProcessInfo.processInfo.environment["CI"] == "true"

    @Test(.enabled(if: executable != nil || required, "schemathesis is not installed (CI installs it)"))
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
            let (status, output) = try await Self.run(executable, arguments)
            #expect(status == 0, "schemathesis found problems:\n\(output)")
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// Runs a process on a thread of its own (never blocking the cooperative pool) and returns its
    /// exit status and combined output.
    static func run(_ executable: String, _ arguments: [String]) async throws -> (Int32, String) {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = arguments
                var environment = ProcessInfo.processInfo.environment
                environment["NO_COLOR"] = "1"
                process.environment = environment
                let pipe = Pipe()
                process.standardOutput = pipe
                process.standardError = pipe
                process.standardInput = FileHandle.nullDevice
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                let output = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: (process.terminationStatus, String(decoding: output, as: UTF8.self)))
            }
            thread.start()
        }
    }
}
