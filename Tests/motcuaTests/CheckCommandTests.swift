import Foundation
import Testing

@Suite("motcua check")
struct CheckCommandTests {
    static let agency = "000.00.20.H26"
    static let dossier = "000.20.31.H26-250124-0001"

    static func event(_ n: Int, _ type: String, _ at: String, _ data: String) -> String {
        let id = String(format: "00000000-0000-4000-8000-%012d", n)
        return #"{"id":"\#(id)","type":"\#(type)","occurredAt":"\#(at)","data":{\#(data)}}"#
    }

    static let catalogue = [
        event(
            1, "AgencyRegistered", "2025-01-02T08:00:00+07:00",
            #""agency":"\#(agency)","name":"Sở Tư pháp","level":"province""#),
        event(
            2, "ProcedurePublished", "2025-01-02T08:00:00+07:00",
            #""procedure":"1.004227","name":"Cấp phiếu lý lịch tư pháp","sector":"TP","field":"LLTP","#
                + #""timeLimitDays":10,"writtenResult":true,"fullOnlineEligible":true"#),
    ]

    static let received = event(
        3, "DossierReceived", "2025-01-24T10:00:00+07:00",
        #""dossier":"\#(dossier)","procedure":"1.004227","agency":"\#(agency)","channel":"online","#
            + #""applicant":"citizen""#)

    static let validLog =
        catalogue + [
            received,
            event(4, "SupplementRequested", "2025-01-24T15:00:00+07:00", #""dossier":"\#(dossier)""#),
            event(5, "SupplementProvided", "2025-02-03T09:00:00+07:00", #""dossier":"\#(dossier)""#),
            event(
                6, "DossierProcessed", "2025-02-05T16:00:00+07:00",
                #""dossier":"\#(dossier)","outcome":"approved","electronicResult":true"#),
            "",
            received,
        ]

    static func write(_ lines: [String], in directory: URL) throws -> URL {
        let file = directory.appendingPathComponent("log.ndjson")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
        return file
    }

    @Test("a valid log gives a one-line summary and exit 0")
    func valid() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        let file = try Self.write(Self.validLog, in: directory)
        let result = try await CommandRunner.run(["check", file.path, "--now", "2026-01-01T00:00:00+07:00"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout
                == "ok: 7 events (1 duplicates) in 3 streams (agency 1, procedure 1, dossier 1, complaint 0); "
                + "by type: AgencyRegistered 1, ProcedurePublished 1, DossierReceived 1, SupplementRequested 1, "
                + "SupplementProvided 1, DossierProcessed 1\n")
    }

    @Test("stdin is read with -")
    func standardInput() async throws {
        let input = Data((Self.validLog.joined(separator: "\n")).utf8)
        let result = try await CommandRunner.run(["check", "-", "--now", "2026-01-01T00:00:00+07:00"], stdin: input)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("ok: 7 events"))
    }

    @Test("every bad line is named with its line, event id, field and rule; exit 1; nothing is written")
    func invalid() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        let lines =
            Self.catalogue + [
                Self.received,
                Self.event(4, "SupplementProvided", "2025-01-24T15:00:00+07:00", #""dossier":"\#(Self.dossier)""#),
                Self.event(
                    5, "DossierProcessed", "2025-01-24T16:00:00+07:00",
                    #""dossier":"\#(Self.dossier)","outcome":"maybe","electronicResult":true"#),
                "{not json",
                Self.event(
                    6, "DossierProcessed", "2025-01-24T16:00:00+07:00",
                    #""dossier":"\#(Self.dossier)","outcome":"denied","electronicResult":false"#),
            ]
        let file = try Self.write(lines, in: directory)
        let result = try await CommandRunner.run(
            ["check", "log.ndjson", "--now", "2026-01-01T00:00:00+07:00"], in: directory)
        #expect(result.status == 1)
        let errors = result.stderr.split(separator: "\n").map(String.init)
        #expect(
            errors.first
                == "log.ndjson:4: event 00000000-0000-4000-8000-000000000004: dossier \(Self.dossier): "
                + "SupplementProvided without an open SupplementRequested [notAllowed]")
        #expect(
            errors.contains {
                $0.hasPrefix("log.ndjson:5: event 00000000-0000-4000-8000-000000000005: field data.outcome:")
                    && $0.hasSuffix("[invalidValue]")
            })
        #expect(errors.contains { $0.hasPrefix("log.ndjson:6: event ?: ") && $0.hasSuffix("[malformedJSON]") })
        #expect(!errors.contains { $0.hasPrefix("log.ndjson:7:") })
        #expect(errors.last == "Error: 3 invalid event(s) among 7; nothing was stored")
        #expect(result.stdout.isEmpty)
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(left == [file.lastPathComponent])
    }

    @Test("an id reused with other content is a conflict")
    func idConflict() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        let other = Self.received.replacingOccurrences(of: "\"online\"", with: "\"direct\"")
        let file = try Self.write(Self.catalogue + [Self.received, other], in: directory)
        let result = try await CommandRunner.run(["check", file.path, "--now", "2026-01-01T00:00:00+07:00"])
        #expect(result.status == 1)
        #expect(result.stderr.contains(":4: event 00000000-0000-4000-8000-000000000003: field id:"))
        #expect(result.stderr.contains("[idConflict]"))
    }

    @Test("the future limit uses --now")
    func future() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        let file = try Self.write(Self.catalogue, in: directory)
        let result = try await CommandRunner.run(["check", file.path, "--now", "2025-01-02T00:54:59Z"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("[inFuture]"))
        let accepted = try await CommandRunner.run(["check", file.path, "--now", "2025-01-02T00:55:00Z"])
        #expect(accepted.status == 0)
    }

    @Test("a missing file is an error, not a crash")
    func missingFile() async throws {
        let result = try await CommandRunner.run(["check", "/nonexistent/log.ndjson"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot open /nonexistent/log.ndjson"))
    }
}
