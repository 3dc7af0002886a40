import Foundation
import Testing

@Suite("motcua import, export and verify")
struct StoreCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let demo = repository.appendingPathComponent("Replays/demo.ndjson").path

    static func run(_ arguments: [String], in directory: URL) async throws -> CommandRunner.Result {
        try await CommandRunner.run(arguments, in: directory)
    }

    @Test("import, export, re-import: identical positions and hashes; a second import appends nothing")
    func roundTrip() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        let first = try await Self.run(["import", Self.demo, "--db", "sqlite:a.sqlite"], in: directory)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "imported: 8 appended, 1 already present\n")
        let again = try await Self.run(["import", Self.demo, "--db", "sqlite:a.sqlite"], in: directory)
        #expect(again.stdout == "imported: 0 appended, 9 already present\n")
        let exportA = try await Self.run(["export", "--db", "sqlite:a.sqlite"], in: directory)
        #expect(exportA.status == 0)
        #expect(exportA.stdout.split(separator: "\n").count == 8)
        try exportA.stdout.write(to: directory.appendingPathComponent("a.ndjson"), atomically: true, encoding: .utf8)
        let copy = try await Self.run(["import", "a.ndjson", "--db", "sqlite:b.sqlite"], in: directory)
        #expect(copy.stdout == "imported: 8 appended, 0 already present\n")
        let exportB = try await Self.run(["export", "--db", "sqlite:b.sqlite"], in: directory)
        #expect(exportB.stdout == exportA.stdout)
        let recopy = try await Self.run(["import", "a.ndjson", "--db", "sqlite:b.sqlite"], in: directory)
        #expect(recopy.stdout == "imported: 0 appended, 8 already present\n")
        let tail = try await Self.run(["export", "--db", "sqlite:b.sqlite", "--after", "6"], in: directory)
        #expect(tail.stdout.split(separator: "\n").map { $0.prefix(14) } == [#"{"position":7,"#, #"{"position":8,"#])
    }

    @Test("the auditor's script verifies an export without our code")
    func auditorScript() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        _ = try await Self.run(["import", Self.demo, "--db", "sqlite:a.sqlite"], in: directory)
        let export = try await Self.run(["export", "--db", "sqlite:a.sqlite", "--output", "a.ndjson"], in: directory)
        #expect(export.status == 0 && export.stdout.isEmpty)
        let verify = try await Self.run(["verify", "--db", "sqlite:a.sqlite"], in: directory)
        let script = try await Python.run(
            [Self.repository.appendingPathComponent("docs/verify-export.py").path, "a.ndjson"], in: directory)
        #expect(script.status == 0, "\(script.stderr)")
        // Both name the same head: the script agrees with the store, byte for byte.
        #expect(script.stdout == verify.stdout)
        // One altered byte in the export: the script names its position.
        let exported = try String(contentsOf: directory.appendingPathComponent("a.ndjson"), encoding: .utf8)
        let altered = exported.replacingOccurrences(of: "\"documents\":3", with: "\"documents\":4")
        #expect(altered != exported)
        try altered.write(to: directory.appendingPathComponent("b.ndjson"), atomically: true, encoding: .utf8)
        let tampered = try await Python.run(
            [Self.repository.appendingPathComponent("docs/verify-export.py").path, "b.ndjson"], in: directory)
        #expect(tampered.status == 1)
        #expect(tampered.stderr.hasPrefix("position 4: hash mismatch"))
        // And the store refuses to import it.
        let refused = try await Self.run(["import", "b.ndjson", "--db", "sqlite:c.sqlite"], in: directory)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("b.ndjson:4:"))
        #expect(refused.stderr.contains("does not match the record"))
    }

    @Test("verify names the first position whose stored bytes were changed")
    func tamper() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        _ = try await Self.run(["import", Self.demo, "--db", "sqlite:a.sqlite"], in: directory)
        let clean = try await Self.run(["verify", "--db", "sqlite:a.sqlite"], in: directory)
        #expect(clean.status == 0)
        #expect(clean.stdout.hasPrefix("ok: 8 events, head position 8, hash "))
        // The triggers refuse the change until they are dropped, as an attacker with the file would.
        let blocked = try await Shell.run(
            "sqlite3", ["a.sqlite", "UPDATE events SET version = 9 WHERE position = 5"], in: directory)
        #expect(blocked.status != 0)
        #expect(blocked.stderr.contains("append-only"))
        let sql = """
            DROP TRIGGER events_no_update;
            UPDATE events SET event = CAST(replace(CAST(event AS TEXT), '"reused":1', '"reused":2') AS BLOB)
            WHERE position = 4;
            """
        let changed = try await Shell.run("sqlite3", ["a.sqlite", sql], in: directory)
        #expect(changed.status == 0, "\(changed.stderr)")
        let broken = try await Self.run(["verify", "--db", "sqlite:a.sqlite"], in: directory)
        #expect(broken.status == 1)
        #expect(broken.stderr.hasPrefix("Error: position 4: hash mismatch"))
    }

    @Test("an invalid event stops the import, names line, id and rule, and stores nothing of its batch")
    func invalidBatch() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        var lines = CheckCommandTests.catalogue + [CheckCommandTests.received]
        lines.append(
            CheckCommandTests.event(
                9, "SupplementProvided", "2025-01-24T15:00:00+07:00", #""dossier":"\#(CheckCommandTests.dossier)""#))
        let file = try CheckCommandTests.write(lines, in: directory)
        let result = try await Self.run(["import", file.path, "--db", "sqlite:a.sqlite"], in: directory)
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "log.ndjson:4: event 00000000-0000-4000-8000-000000000009: dossier \(CheckCommandTests.dossier): "
                    + "SupplementProvided without an open SupplementRequested [notAllowed]"))
        #expect(result.stderr.contains("nothing of that batch was stored; 0 events appended before it"))
        let export = try await Self.run(["export", "--db", "sqlite:a.sqlite"], in: directory)
        #expect(export.stdout.isEmpty)
        // With batches of 2, the first batch (the catalogue) lands and the second does not.
        let small = try await Self.run(
            ["import", file.path, "--db", "sqlite:b.sqlite", "--batch-size", "2"], in: directory)
        #expect(small.stderr.contains("2 events appended before it"))
        let kept = try await Self.run(["export", "--db", "sqlite:b.sqlite"], in: directory)
        #expect(kept.stdout.split(separator: "\n").count == 2)
    }

    @Test("an unreachable PostgreSQL server is an error that names the URL without its password")
    func unreachable() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        let result = try await Self.run(
            ["verify", "--db", "postgres://motcua:secret@127.0.0.1:1/motcua"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot open postgres://motcua:***@127.0.0.1:1/motcua"))
        #expect(result.stderr.contains("cannot connect"))
        #expect(!result.stderr.contains("secret"))
    }

    @Test("bad --db values are usage errors", arguments: ["mysql://x", "sqlite:", "motcua.sqlite"])
    func badURL(url: String) async throws {
        let directory = try CommandRunner.temporaryDirectory()
        let result = try await Self.run(["verify", "--db", url], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--db"))
    }
}

/// Runs other programs for the tests (the auditor's Python script, the sqlite3 shell).
enum Shell {
    static func run(_ program: String, _ arguments: [String], in directory: URL) async throws -> CommandRunner.Result {
        try await CommandRunner.run(
            arguments, in: directory, executable: URL(fileURLWithPath: "/usr/bin/env"), prefix: [program])
    }
}

enum Python {
    static func run(_ arguments: [String], in directory: URL) async throws -> CommandRunner.Result {
        try await Shell.run("python3", arguments, in: directory)
    }
}
