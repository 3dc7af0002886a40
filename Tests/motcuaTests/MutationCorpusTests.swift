import Foundation
import MotCuaSimulation
import Testing

@testable import motcua

/// No input stops MotCua (issue 10): the fuzzers' corpora replayed through their targets, and a corpus of
/// mutated valid logs through `check` and `import`, which must exit 0 or 1, never by a signal.
@Suite struct MutationCorpusTests {
    static let root = HostileRequestTests.root
    static let fuzzTargets = ["event-line", "recorded-line", "notice-file", "kpi-query", "stream-head", "snapshot"]

    /// The `motcua-fuzz` binary beside `motcua`.
    static var fuzzExecutable: URL {
        CommandRunner.executable.deletingLastPathComponent().appendingPathComponent("motcua-fuzz")
    }

    /// Every seed, and every input a fuzzer once crashed on (Tests/Fuzz/regressions/TARGET/, each named
    /// after what it found), runs through its target to the end.
    @Test(arguments: fuzzTargets)
    func fuzzCorpusRunsClean(target: String) async throws {
        var paths = [Self.root.appendingPathComponent("Tests/Fuzz/\(target)").path]
        let regressions = Self.root.appendingPathComponent("Tests/Fuzz/regressions/\(target)").path
        if FileManager.default.fileExists(atPath: regressions) { paths.append(regressions) }
        let result = try await CommandRunner.run([target] + paths, executable: Self.fuzzExecutable)
        #expect(result.status == 0, "\(result.stderr)")
        let ran = result.stdout.firstMatch(of: /(\d+) inputs ran/).flatMap { Int($0.1) } ?? 0
        #expect(ran >= 3, "\(result.stdout)")
    }

    /// Mutated lines of every Replays log: `check` reads them all and exits 1 (some lines are bad), never
    /// by a signal; `import` of files of mutated lines exits 0 or 1 and stores no half batch.
    @Test func mutatedLogsNeverStopCheckOrImport() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        var generator = SplitMix64(seed: 2026)
        var lines: [[UInt8]] = []
        let replays = try FileManager.default.contentsOfDirectory(
            atPath: Self.root.appendingPathComponent("Replays").path)
        for name in replays.sorted() {
            let log = Self.root.appendingPathComponent("Replays/\(name)/log.ndjson")
            guard let data = try? Data(contentsOf: log) else { continue }
            for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
                lines.append(Array(line))
                lines += Mutations.of(Array(line), using: &generator, count: 6)
            }
        }
        #expect(lines.count > 1000)
        let corpus = directory.appendingPathComponent("mutated.ndjson")
        try Data(lines.joined(separator: [UInt8(ascii: "\n")])).write(to: corpus)
        let checked = try await CommandRunner.run([
            "check", corpus.path, "--now", "2026-01-01T00:00:00+07:00",
        ])
        #expect(checked.status == 1, "\(checked.stderr.suffix(500))")
        #expect(checked.stderr.contains("invalid event(s) among"), "\(checked.stderr.suffix(500))")

        // Import: one file per mutation of the demo log (each stops at its first bad line), on one store.
        let db = "sqlite:" + directory.appendingPathComponent("import.sqlite").path
        let demo = try Data(contentsOf: Self.root.appendingPathComponent("Replays/demo.ndjson"))
        let demoLines = demo.split(separator: UInt8(ascii: "\n")).map(Array.init)
        for round in 0..<40 {
            var mutated = demoLines
            let at = generator.int(0...(mutated.count - 1))
            mutated[at] = Mutations.one(mutated[at], using: &generator)
            let file = directory.appendingPathComponent("import-\(round).ndjson")
            try Data(mutated.joined(separator: [UInt8(ascii: "\n")])).write(to: file)
            let imported = try await CommandRunner.run(["import", file.path, "--db", db, "--batch-size", "3"])
            #expect([0, 1].contains(imported.status), "round \(round): \(imported.status) \(imported.stderr)")
        }
        let verified = try await CommandRunner.run(["verify", "--db", db])
        #expect(verified.status == 0, "\(verified.stderr)")
    }

    /// Extreme option values end in a report, a usage error (2) or an error (1), never a signal: the
    /// evaluation instant of a far-future `--as-of` once overflowed and trapped.
    @Test func extremeOptionValuesNeverTrap() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        let db = "sqlite:" + directory.appendingPathComponent("extreme.sqlite").path
        let demo = Self.root.appendingPathComponent("Replays/demo.ndjson").path
        #expect(try await CommandRunner.run(["import", demo, "--db", db]).status == 0)
        let cases: [([String], Int32)] = [
            (["kpi", "--db", db, "--period", "9998-Q4", "--as-of", "9999-12-31"], 0),
            (["kpi", "--db", db, "--period", "1900-01-01..9998-12-31", "--by", "agency"], 0),
            (["kpi", "--db", db, "--period", "2025", "--as-of", "0001-01-01"], 0),
            (["replay", "--db", db, "--period", "2025", "--known-at", "9999-12-31T23:59:59Z"], 2),
            (["replay", "--db", db, "--period", "2025", "--known-at", "0001-01-01"], 0),
            (["calendar", "due", "--from", "9999-12-31T10:00:00+07:00", "--days", "3650"], 2),
            (["calendar", "due", "--from", "2099-12-31T10:00:00+07:00", "--days", "3650"], 0),
            (["check", "--now", "2262-04-12T00:00:00Z", demo], 2),
            (["period", "9999-Q9"], 2),
        ]
        for (arguments, status) in cases {
            let result = try await CommandRunner.run(arguments)
            #expect(result.status == status, "\(arguments): \(result.stderr.prefix(300))")
        }
    }
}
