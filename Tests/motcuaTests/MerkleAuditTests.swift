import Foundation
import MotCuaPostgresTestSupport
import MotCuaStore
import Testing

/// The auditor's view of issue 13: a checkpoint signed before the tampering, then every kind of change an
/// operator with the database file could make (truncation, deletion, swap, byte flip, and a rewrite with
/// the chain recomputed), each reported by `motcua verify --checkpoint` and by docs/verify-proof.py.
@Suite("signed checkpoints and proofs against tampering")
struct MerkleAuditTests {
    static let script = StoreCommandTests.repository.appendingPathComponent("docs/verify-proof.py").path

    static func motcua(_ arguments: [String], in directory: URL) async throws -> CommandRunner.Result {
        try await CommandRunner.run(arguments, in: directory)
    }

    static func sqlite(_ database: String, _ sql: String, in directory: URL) async throws {
        let result = try await Shell.run("sqlite3", [database, sql], in: directory)
        #expect(result.status == 0, "sqlite3: \(result.stderr)")
    }

    /// A store of a simulated city whose first `signed` events are under a signed checkpoint (cp.txt, key
    /// v.txt), with more events appended after it; its export (e.ndjson) and two proofs (inc.json, con.json).
    static func signedStore(db: String, in directory: URL) async throws -> (signed: Int, total: Int) {
        let city = try await motcua(["simulate", "--dossiers", "25"], in: directory)
        let lines = city.stdout.split(separator: "\n", omittingEmptySubsequences: true)
        let signed = lines.count * 2 / 3
        try (lines[..<signed].joined(separator: "\n") + "\n").write(
            to: directory.appendingPathComponent("first.ndjson"), atomically: true, encoding: .utf8)
        try (lines[signed...].joined(separator: "\n") + "\n").write(
            to: directory.appendingPathComponent("rest.ndjson"), atomically: true, encoding: .utf8)
        #expect(try await motcua(["import", "first.ndjson", "--db", db], in: directory).status == 0)
        let key = try await motcua(
            ["key", "create", "--name", "hanoi.example/motcua", "--output", "k.key"], in: directory)
        #expect(key.status == 0, "\(key.stderr)")
        try key.stdout.write(to: directory.appendingPathComponent("v.txt"), atomically: true, encoding: .utf8)
        let mode =
            try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("k.key").path)[
                .posixPermissions] as? Int
        #expect(mode == 0o600, "the private key is readable by its owner only")
        let checkpoint = try await motcua(["checkpoint", "--db", db, "--key", "k.key"], in: directory)
        #expect(checkpoint.status == 0, "\(checkpoint.stderr)")
        #expect(checkpoint.stdout.hasPrefix("hanoi.example/motcua\n\(signed)\n"))
        try checkpoint.stdout.write(to: directory.appendingPathComponent("cp.txt"), atomically: true, encoding: .utf8)
        #expect(try await motcua(["import", "rest.ndjson", "--db", db], in: directory).status == 0)
        let export = try await motcua(["export", "--db", db, "--output", "e.ndjson"], in: directory)
        #expect(export.status == 0, "\(export.stderr)")
        let inclusion = try await motcua(
            ["proof", "inclusion", "--db", db, "--position", "7", "--size", String(signed)], in: directory)
        try inclusion.stdout.write(to: directory.appendingPathComponent("inc.json"), atomically: true, encoding: .utf8)
        let consistency = try await motcua(
            ["proof", "consistency", "--db", db, "--from", String(signed)], in: directory)
        #expect(consistency.stdout.hasPrefix(#"{"from":\#(signed),"to":\#(lines.count),"hashes":["#))
        try consistency.stdout.write(
            to: directory.appendingPathComponent("con.json"), atomically: true, encoding: .utf8)
        return (signed, lines.count)
    }

    static func auditor(_ export: String, in directory: URL) async throws -> CommandRunner.Result {
        try await Python.run(
            [
                script, export, "--key", "@v.txt", "--checkpoint", "cp.txt", "--inclusion", "inc.json", "--consistency",
                "con.json",
            ], in: directory)
    }

    @Test("the auditor's script passes its own self-test (RFC 6962 vectors, Go's note example, every proof shape)")
    func scriptSelfTest() async throws {
        let result = try await Python.run([Self.script, "--self-test"], in: try CommandRunner.temporaryDirectory())
        #expect(result.status == 0 && result.stdout.contains("self-test ok"), "\(result.stdout)\(result.stderr)")
    }

    @Test("an untouched store extends its checkpoint; the script verifies checkpoint and proofs from the export")
    func untouched() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        let (signed, total) = try await Self.signedStore(db: "sqlite:a.sqlite", in: directory)
        let verify = try await Self.motcua(
            ["verify", "--db", "sqlite:a.sqlite", "--checkpoint", "cp.txt", "--key", "v.txt"], in: directory)
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("ok: \(total) events"))
        #expect(verify.stdout.contains("extends the signed checkpoint of \(signed) events"))
        let script = try await Self.auditor("e.ndjson", in: directory)
        #expect(script.status == 0, "\(script.stderr)")
        #expect(script.stdout.contains("ok: \(total) events"))
        // Another key's verifier refuses the checkpoint.
        let other = try await Self.motcua(
            ["key", "create", "--name", "hanoi.example/motcua", "--output", "o.key"], in: directory)
        let refused = try await Self.motcua(
            ["verify", "--db", "sqlite:a.sqlite", "--checkpoint", "cp.txt", "--key", other.stdout], in: directory)
        #expect(refused.status == 1 && refused.stderr.contains("cp.txt:"), "\(refused.stderr)")
    }

    /// Each change is made on a copy of the store with its triggers dropped, as an operator could.
    static let tampering: [(name: String, sql: @Sendable (Int) -> String, verify: String, script: String)] = [
        (
            "truncation of the last signed events",
            { "DROP TRIGGER events_no_delete; DELETE FROM events WHERE position > \($0 - 3);" },
            "truncated", "truncated?"
        ),
        (
            "deletion of a signed event",
            { _ in "DROP TRIGGER events_no_delete; DELETE FROM events WHERE position = 9;" }, "position", "position"
        ),
        (
            "two signed events swapped",
            { _ in
                """
                DROP TRIGGER events_no_update;
                UPDATE events SET event = CASE position WHEN 10 THEN (SELECT event FROM events WHERE position = 11)
                    ELSE (SELECT event FROM events WHERE position = 10) END WHERE position IN (10, 11);
                """
            }, "position 10", "position 10"
        ),
        (
            "one byte of a signed event flipped",
            { _ in
                """
                DROP TRIGGER events_no_update;
                UPDATE events SET event = CAST(replace(CAST(event AS TEXT), '"level":"province"', '"level":"provincf"')
                    AS BLOB) WHERE position = 2;
                """
            }, "hash mismatch", "hash"
        ),
    ]

    @Test("truncation, deletion, swap and byte flip are each reported by verify and by the script", arguments: 0..<4)
    func tampered(_ index: Int) async throws {
        let (name, sql, verifyText, scriptText) = Self.tampering[index]
        let directory = try CommandRunner.temporaryDirectory()
        let (signed, _) = try await Self.signedStore(db: "sqlite:a.sqlite", in: directory)
        try await Self.sqlite("a.sqlite", ".backup t.sqlite", in: directory)
        try await Self.sqlite("t.sqlite", sql(signed), in: directory)
        let verify = try await Self.motcua(
            ["verify", "--db", "sqlite:t.sqlite", "--checkpoint", "cp.txt", "--key", "v.txt"], in: directory)
        #expect(verify.status == 1, "\(name): \(verify.stdout)")
        #expect(verify.stderr.contains(verifyText), "\(name): \(verify.stderr)")
        let export = try await Self.motcua(
            ["export", "--db", "sqlite:t.sqlite", "--output", "t.ndjson"], in: directory)
        #expect(export.status == 0, "\(name): \(export.stderr)")
        let script = try await Self.auditor("t.ndjson", in: directory)
        #expect(script.status == 1, "\(name): \(script.stdout)")
        #expect(script.stderr.contains(scriptText), "\(name): \(script.stderr)")
    }

    /// The operator edits a signed event and recomputes the whole chain: every hash checks out, the store
    /// (rebuilt from the forged export) is self-consistent, and only the signed root betrays it.
    @Test("a rewrite with the chain recomputed is reported by verify and by the script")
    func recomputedChain() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        _ = try await Self.signedStore(db: "sqlite:a.sqlite", in: directory)
        let lines = try String(contentsOf: directory.appendingPathComponent("e.ndjson"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        var forged: [String] = []
        var previous = HashChain.genesis
        for (index, line) in lines.enumerated() {
            // The record: the line without `,"hash":"<64 hex>"`.
            var record = String(line.dropLast(75)) + "}"
            if index == 0 {
                record = record.replacingOccurrences(of: #""name":"Sở "#, with: #""name":"Sở Hà Nội "#)
                #expect(record != String(line.dropLast(75)) + "}")
            }
            previous = HashChain.next(after: previous, record: Array(record.utf8))
            forged.append(String(record.dropLast()) + #","hash":""# + HashChain.hexString(previous) + #""}"#)
        }
        try (forged.joined(separator: "\n") + "\n").write(
            to: directory.appendingPathComponent("f.ndjson"), atomically: true, encoding: .utf8)
        let chain = try await Python.run(
            [StoreCommandTests.repository.appendingPathComponent("docs/verify-export.py").path, "f.ndjson"],
            in: directory)
        #expect(chain.status == 0, "the forged export's chain checks out: \(chain.stderr)")
        #expect(try await Self.motcua(["import", "f.ndjson", "--db", "sqlite:f.sqlite"], in: directory).status == 0)
        let verify = try await Self.motcua(
            ["verify", "--db", "sqlite:f.sqlite", "--checkpoint", "cp.txt", "--key", "v.txt"], in: directory)
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("rewritten"), "\(verify.stderr)")
        let plain = try await Self.motcua(["verify", "--db", "sqlite:f.sqlite"], in: directory)
        #expect(plain.status == 0, "without the checkpoint nothing shows")
        let script = try await Self.auditor("f.ndjson", in: directory)
        #expect(script.status == 1)
        #expect(script.stderr.contains("rewritten?"), "\(script.stderr)")
    }

    @Test("on PostgreSQL: checkpoint and proofs verify with the script; a truncated copy is reported")
    func postgres() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        let url = try await PostgresTestServer.shared.freshDatabaseURL()
        let (signed, total) = try await Self.signedStore(db: url, in: directory)
        let verify = try await Self.motcua(
            ["verify", "--db", url, "--checkpoint", "cp.txt", "--key", "v.txt"], in: directory)
        #expect(verify.status == 0, "\(verify.stderr)")
        let script = try await Self.auditor("e.ndjson", in: directory)
        #expect(script.status == 0, "\(script.stderr)")
        #expect(script.stdout.contains("ok: \(total) events"))
        // The export holds everything: a copy made from it into SQLite proves the same.
        #expect(try await Self.motcua(["import", "e.ndjson", "--db", "sqlite:c.sqlite"], in: directory).status == 0)
        let copy = try await Self.motcua(
            ["proof", "inclusion", "--db", "sqlite:c.sqlite", "--position", "7", "--size", String(signed)],
            in: directory)
        #expect(copy.stdout == (try String(contentsOf: directory.appendingPathComponent("inc.json"), encoding: .utf8)))
        let truncated = lines(of: directory.appendingPathComponent("e.ndjson")).prefix(signed - 1)
        try (truncated.joined(separator: "\n") + "\n").write(
            to: directory.appendingPathComponent("t.ndjson"), atomically: true, encoding: .utf8)
        let cut = try await Python.run(
            [Self.script, "t.ndjson", "--key", "@v.txt", "--checkpoint", "cp.txt"], in: directory)
        #expect(cut.status == 1 && cut.stderr.contains("truncated?"), "\(cut.stderr)")
    }

    func lines(of file: URL) -> [String] {
        ((try? String(contentsOf: file, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
}
