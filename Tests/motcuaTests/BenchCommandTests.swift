import Foundation
import Testing

/// `motcua bench ingest` end to end on a tiny city: every figure with its baseline, and usage errors.
@Suite struct BenchCommandTests {
    @Test func ingestPrintsEachFigureBesideItsBaseline() async throws {
        let result = try await CommandRunner.run(["bench", "ingest", "--dossiers", "40", "--runs", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let events = try #require(lines.first?.firstMatch(of: /^city: (\d+) events/).flatMap { Int($0.1) })
        let simulated = try await CommandRunner.run(["simulate", "--dossiers", "40", "--seed", "2025"])
        #expect(events == simulated.stdout.split(separator: "\n").count)
        #expect(lines.contains { $0.hasPrefix("check (decode + validate)") && $0.contains("lines/s") })
        #expect(lines.contains { $0.hasPrefix("import, SQLite") && $0.contains("raw C-API insert:") })
        #expect(!lines.contains { $0.hasPrefix("import, PostgreSQL") })
    }

    @Test(arguments: [["--runs", "0"], ["--dossiers", "0"], ["--batch-size", "0"], ["--postgres", "mysql://x"]])
    func badOptionsAreUsageErrors(arguments: [String]) async throws {
        let result = try await CommandRunner.run(["bench", "ingest"] + arguments)
        #expect(result.status == 2, "\(result.stderr)")
    }
}
