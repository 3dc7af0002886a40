import Foundation
import MotCuaDomain
import Testing

@testable import motcua

/// `motcua bench ingest` end to end on a tiny city: every figure with its baseline, and usage errors.
@Suite struct BenchCommandTests {
    @Test func ingestPrintsEachFigureBesideItsBaseline() async throws {
        let result = try await CommandRunner.run([
            "bench", "ingest", "--dossiers", "40", "--runs", "1", "--http-seconds", "0.5", "--clients", "4",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let events = try #require(lines.first?.firstMatch(of: /^city: (\d+) events/).flatMap { Int($0.1) })
        let simulated = try await CommandRunner.run(["simulate", "--dossiers", "40", "--seed", "2025"])
        #expect(events == simulated.stdout.split(separator: "\n").count)
        #expect(lines.contains { $0.hasPrefix("check (decode + validate)") && $0.contains("lines/s") })
        #expect(
            lines.contains {
                $0.hasPrefix("import, SQLite") && $0.contains("raw C-API insert, events and streams rows:")
            })
        #expect(lines.contains { $0.contains("raw C-API insert, events rows alone:") })
        #expect(!lines.contains { $0.hasPrefix("import, PostgreSQL") })
        // The HTTP rows: a real server posted to by 4 connections; every request answered 201 (else the
        // command fails), the rate and latencies printed, and the writer's group commits counted.
        for label in ["single events", "batches of 100"] {
            let row = try #require(lines.first { $0.hasPrefix("HTTP, SQLite, 4 clients, \(label)") })
            let rate = try #require(
                row.firstMatch(of: /\s\s([\d,]+) events\/s/).flatMap { Int($0.1.filter(\.isNumber)) })
            #expect(rate > 0)
            #expect(row.contains(/p50 [\d.]+ ms, p99 [\d.]+ ms/))
            let commits = try #require(lines.first { $0.hasPrefix("group commits, \(label)") })
            let count = try #require(commits.firstMatch(of: /: (\d+) commits, mean ([\d.]+) requests/))
            #expect(Int(count.1)! > 0 && Double(count.2)! >= 1 && Double(count.2)! <= 4)
            // The next line splits the mean request time between the writer and the rest.
            let index = try #require(lines.firstIndex(of: commits))
            let split = try #require(
                lines[index + 1].firstMatch(
                    of: /request time, mean ([\d.]+) ms: ([\d.]+) ms at the writer .* commit of ([\d.]+) ms/))
            #expect(Double(split.1)! > 0 && Double(split.2)! > 0 && Double(split.3)! > 0)
        }
    }

    @Test func queryPrintsEachReadFigure() async throws {
        let result = try await CommandRunner.run([
            "bench", "query", "--dossiers", "60", "--runs", "1", "--seconds", "0.5", "--clients", "2",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        func rate(_ prefix: String) throws -> Int {
            let row = try #require(lines.first { $0.hasPrefix(prefix) }, "\(prefix)")
            return try #require(row.firstMatch(of: /\s\s([\d,]+)\s/).flatMap { Int($0.1.filter(\.isNumber)) })
        }
        #expect(try rate("replay --db, SQLite") > 0)
        #expect(try rate("replay FILE (export)") > 0)
        #expect(!lines.contains { $0.hasPrefix("replay --db, PostgreSQL") })
        #expect(lines.contains { $0.hasPrefix("kpi as a process") && $0.contains(/\d+ ms/) })
        #expect(lines.contains { $0.hasPrefix("GET /v1/kpi, first after start") && $0.contains(/[\d.]+ ms/) })
        // Every query answered 200 (else the command fails), alone and while 2 connections post.
        #expect(lines.contains { $0.hasPrefix("GET /v1/kpi, 28 queries in turn") && $0.contains(/p50 [\d.]+ ms/) })
        for label in ["dated now", "dated 2 June 2025"] {
            let loaded = try #require(
                lines.first { $0.hasPrefix("GET /v1/kpi, the same, 2 clients posting events \(label)") })
            let posted = try #require(
                loaded.firstMatch(of: /\(([\d,]+) events\/s\)/).flatMap { Int($0.1.filter(\.isNumber)) })
            #expect(posted > 0)
        }
    }

    @Test func dossierBodiesAreValidBatchesWithUniqueIDs() throws {
        let body = BenchIngestCommand.dossierEvents(batch: 3, run: 2)
        var ids = Set<String>()
        for (client, request) in [(0, 0), (0, 1), (1, 0), (31, 7)] {
            let bytes = body(client, request)
            let document = try JSONParser.scan(bytes)
            guard document.root.kind == .array else {
                Issue.record("not an array")
                continue
            }
            let items = JSONParser.elements(bytes, of: document.root)
            #expect(items.count == 3)
            for item in items { ids.insert("\(try EventEnvelope.decode(json: bytes, in: item.start..<item.end).id)") }
        }
        #expect(ids.count == 12)
    }

    @Test(arguments: [
        ["--runs", "0"], ["--dossiers", "0"], ["--batch-size", "0"], ["--postgres", "mysql://x"],
        ["--http-seconds", "-1"], ["--clients", "0"],
    ])
    func badOptionsAreUsageErrors(arguments: [String]) async throws {
        let result = try await CommandRunner.run(["bench", "ingest"] + arguments)
        #expect(result.status == 2, "\(result.stderr)")
    }
}
