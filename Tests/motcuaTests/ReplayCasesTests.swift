import Foundation
import MotCuaPostgresTestSupport
import Testing

/// Every case of Replays/ replayed through the store: `replay` must print its expected report byte for
/// byte, and `kpi` (the maintained projection) the same. `MOTCUA_RECORD_REPLAYS=1` rewrites the expected
/// files from the current output instead (for a deliberate change of the report; review the diff).
@Suite("Replays")
struct ReplayCasesTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let directory: URL
        var testDescription: String { directory.lastPathComponent }
    }

    struct Manifest: Decodable {
        struct Report: Decodable {
            let args: [String]
            let expected: String
        }
        let reports: [Report]
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Replays")

    static let cases: [Case] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted().map { Case(directory: root.appendingPathComponent($0)) }.filter {
            FileManager.default.fileExists(atPath: $0.directory.appendingPathComponent("case.json").path)
        }
    }()

    @Test("Replays/ holds at least 10 cases")
    func enoughCases() {
        #expect(Self.cases.count >= 10)
    }

    @Test("replay and kpi reproduce the expected reports", arguments: cases, ["sqlite", "postgres"])
    func replay(_ replayCase: Case, backend: String) async throws {
        let manifest = try JSONDecoder().decode(
            Manifest.self, from: Data(contentsOf: replayCase.directory.appendingPathComponent("case.json")))
        let work = try CommandRunner.temporaryDirectory()
        let log = replayCase.directory.appendingPathComponent("log.ndjson").path
        let db = backend == "sqlite" ? "sqlite:store.sqlite" : try await PostgresTestServer.shared.freshDatabaseURL()
        let imported = try await CommandRunner.run(["import", log, "--db", db], in: work)
        #expect(imported.status == 0, "\(imported.stderr)")
        let record = ProcessInfo.processInfo.environment["MOTCUA_RECORD_REPLAYS"] == "1"
        for report in manifest.reports {
            let expectedFile = replayCase.directory.appendingPathComponent(report.expected)
            let replayed = try await CommandRunner.run(
                ["replay", "--db", db, "--format", "json"] + report.args, in: work)
            #expect(replayed.status == 0, "\(report.expected): \(replayed.stderr)")
            if record, backend == "sqlite" {
                try replayed.stdout.write(to: expectedFile, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try String(contentsOf: expectedFile, encoding: .utf8)
            #expect(replayed.stdout == expected, "\(backend): \(replayCase.testDescription)/\(report.expected)")
            // The same report from the file alone (no store) when it needs no recording times.
            if !report.args.contains("--known-at") {
                let fromFile = try await CommandRunner.run(["replay", log, "--format", "json"] + report.args, in: work)
                #expect(fromFile.stdout == expected, "replay FILE: \(report.expected) \(fromFile.stderr)")
                let kpi = try await CommandRunner.run(
                    ["kpi", "--db", db, "--format", "json"] + report.args, in: work)
                #expect(kpi.stdout == expected, "kpi: \(report.expected) \(kpi.stderr)")
            }
        }
    }
}
