import Foundation
import Testing

@Suite("motcua simulate")
struct SimulateCommandTests {
    static let now = "2026-01-01T00:00:00+07:00"

    /// `simulate` output for the given arguments, checked to have exited 0.
    static func simulate(_ arguments: [String]) async throws -> String {
        let result = try await CommandRunner.run(["simulate"] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    /// The `occurredAt` text of one NDJSON line (written in canonical form: id, type, occurredAt, data).
    static func occurredAt(_ line: Substring) -> String? {
        guard let start = line.range(of: #""occurredAt":""#)?.upperBound,
            let end = line[start...].firstIndex(of: "\"")
        else { return nil }
        return String(line[start..<end])
    }

    @Test("2000 dossiers pass check, with every kind of event a year brings")
    func validHistory() async throws {
        let output = try await Self.simulate(["--dossiers", "2000", "--seed", "7"])
        let check = try await CommandRunner.run(["check", "-", "--now", Self.now], stdin: Data(output.utf8))
        #expect(check.status == 0, "\(check.stderr.prefix(2000))")
        let summary = check.stdout
        for type in [
            "AgencyRegistered", "AgencySucceeded", "ProcedurePublished", "OnlineServiceChanged", "ProcedureRepealed",
            "DossierReceived", "ComponentsDigitized", "SupplementRequested", "SupplementProvided",
            "DossierTransferred", "ApologyIssued", "DossierProcessed", "ResultDigitized", "ResultReturned",
            "DossierWithdrawn", "DossierStopped", "DossierRated", "ComplaintReceived", "ComplaintTransferred",
            "ComplaintRejected", "ComplaintAnswered", "ComplaintPublished",
        ] {
            #expect(summary.contains(" \(type) "), "\(type) missing from \(summary)")
        }
        #expect(summary.contains("DossierReceived 2000,"), "\(summary)")
        #expect(summary.contains("ComplaintReceived 100,"), "\(summary)")
    }

    @Test("the same seed gives the same bytes; another seed other bytes")
    func deterministic() async throws {
        let arguments = ["--dossiers", "300", "--from", "2025-06-01", "--to", "2025-08-31"]
        let first = try await Self.simulate(arguments + ["--seed", "42"])
        let again = try await Self.simulate(arguments + ["--seed", "42"])
        let other = try await Self.simulate(arguments + ["--seed", "43"])
        #expect(!first.isEmpty)
        #expect(first == again)
        #expect(first != other)
    }

    @Test("lines are canonical, in non-decreasing occurredAt order, none after --to")
    func ordered() async throws {
        let output = try await Self.simulate(["--dossiers", "500", "--complaints", "50", "--to", "2025-03-31"])
        let lines = output.split(separator: "\n")
        #expect(lines.count > 500)
        let limit = "2025-03-31T23:59:59+07:00"
        var previous = ""
        for line in lines {
            #expect(line.hasPrefix(#"{"id":""#) && !line.contains(" \""))
            guard let at = Self.occurredAt(line) else {
                Issue.record("no occurredAt in \(line)")
                continue
            }
            // Every timestamp is written at +07:00 with whole seconds, so text order is time order.
            #expect(at.hasSuffix("+07:00") && at.count == 25, "\(at)")
            #expect(at >= previous, "\(at) after \(previous)")
            #expect(at <= limit, "\(at)")
            previous = at
        }
        let ids = lines.compactMap { $0.dropFirst(7).prefix(36) }
        #expect(Set(ids).count == lines.count)
        #expect(ids.allSatisfy { $0.dropFirst(14).first == "4" && "89ab".contains($0.dropFirst(19).first ?? "x") })
    }

    @Test(
        "bad usage exits 2",
        arguments: [
            ["--dossiers", "0"], ["--dossiers=-5"], ["--dossiers", "10", "--complaints=-1"],
            ["--dossiers", "10", "--from", "2025-12-31", "--to", "2025-01-01"],
            ["--dossiers", "10", "--from", "2025-02-30"], ["--dossiers", "10", "--to", "yesterday"],
            ["--dossiers", "10", "--seed", "x"], [],
        ])
    func usage(arguments: [String]) async throws {
        let result = try await CommandRunner.run(["simulate"] + arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
