import Foundation
import Testing

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
        var generator = SplitMix(seed: 2026)
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
            let at = Int.random(in: 0..<mutated.count, using: &generator)
            mutated[at] = Mutations.one(mutated[at], using: &generator)
            let file = directory.appendingPathComponent("import-\(round).ndjson")
            try Data(mutated.joined(separator: [UInt8(ascii: "\n")])).write(to: file)
            let imported = try await CommandRunner.run(["import", file.path, "--db", db, "--batch-size", "3"])
            #expect([0, 1].contains(imported.status), "round \(round): \(imported.status) \(imported.stderr)")
        }
        let verified = try await CommandRunner.run(["verify", "--db", db])
        #expect(verified.status == 0, "\(verified.stderr)")
    }
}
