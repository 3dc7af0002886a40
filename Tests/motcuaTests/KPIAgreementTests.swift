import Foundation
import Testing

/// On a simulated city, the maintained projection (`kpi`) and the auditor's rebuild from the log
/// (`replay`, from the store and from the file) print the same reports.
@Suite("kpi and replay agree")
struct KPIAgreementTests {
    @Test("on a simulated store, for four periods and every grouping")
    func agree() async throws {
        let work = try CommandRunner.temporaryDirectory()
        let simulated = try await CommandRunner.run(
            ["simulate", "--dossiers", "3000", "--seed", "11", "--from", "2025-01-01", "--to", "2025-09-30"], in: work)
        #expect(simulated.status == 0, "\(simulated.stderr)")
        try simulated.stdout.write(to: work.appendingPathComponent("city.ndjson"), atomically: true, encoding: .utf8)
        let imported = try await CommandRunner.run(["import", "city.ndjson", "--db", "sqlite:city.sqlite"], in: work)
        #expect(imported.status == 0, "\(imported.stderr)")
        for period in ["2025-Q1", "2025-Q2", "2025-H1", "2025-9M"] {
            for grouping in [
                [], ["--by", "agency"], ["--by", "sector"], ["--by", "field"], ["--by", "level"],
                ["--by", "procedure"],
            ] {
                let args = ["--period", period, "--format", "json"] + grouping
                let kpi = try await CommandRunner.run(["kpi", "--db", "sqlite:city.sqlite"] + args, in: work)
                let replay = try await CommandRunner.run(["replay", "--db", "sqlite:city.sqlite"] + args, in: work)
                #expect(kpi.status == 0 && replay.status == 0, "\(kpi.stderr) \(replay.stderr)")
                #expect(kpi.stdout == replay.stdout, "\(period) \(grouping)")
                #expect(kpi.stdout.contains("\"received\":"), "a real report")
            }
        }
        // The score card view: the same in both, in Vietnamese, ranking the groups; a table view only.
        let card = ["--period", "2025-Q2", "--by", "agency", "--scores"]
        let kpiCard = try await CommandRunner.run(["kpi", "--db", "sqlite:city.sqlite"] + card, in: work)
        let replayCard = try await CommandRunner.run(["replay", "--db", "sqlite:city.sqlite"] + card, in: work)
        #expect(kpiCard.status == 0 && kpiCard.stdout == replayCard.stdout)
        #expect(kpiCard.stdout.contains("Quyết định 766/QĐ-TTg") && kpiCard.stdout.contains("Xếp hạng cơ quan"))
        #expect(kpiCard.stdout.contains("Hồ sơ nộp trực tuyến") && kpiCard.stdout.contains("/ 56"))
        let cardJSON = try await CommandRunner.run(
            ["kpi", "--db", "sqlite:city.sqlite", "--period", "2025-Q2", "--scores", "--format", "json"], in: work)
        #expect(cardJSON.status == 2 && cardJSON.stderr.contains("--scores is a table view"))

        // Folded successors and the file path agree too (the simulated districts end on 30/6/2025).
        let args = ["--period", "2025-Q3", "--by", "agency", "--fold-successors", "--format", "json"]
        let kpi = try await CommandRunner.run(["kpi", "--db", "sqlite:city.sqlite"] + args, in: work)
        let fromFile = try await CommandRunner.run(["replay", "city.ndjson"] + args, in: work)
        #expect(kpi.stdout == fromFile.stdout)
        let total = try #require(kpi.stdout.range(of: "\"total\":{\"counts\":{\"received\":"))
        #expect(!kpi.stdout[total.upperBound...].hasPrefix("0,"), "Q3 has receipts")
        // So does an export (recorded lines, read in chunks decoded on every core).
        let exported = try await CommandRunner.run(["export", "--db", "sqlite:city.sqlite"], in: work)
        try exported.stdout.write(to: work.appendingPathComponent("export.ndjson"), atomically: true, encoding: .utf8)
        let fromExport = try await CommandRunner.run(["replay", "export.ndjson"] + args, in: work)
        #expect(fromExport.status == 0, "\(fromExport.stderr)")
        #expect(kpi.stdout == fromExport.stdout)

        // The first bad line is the one reported, though a later one fails sooner (it does not decode).
        var lines = simulated.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count > 9000, "more than one chunk of lines")
        let idPattern = /"id":"[0-9a-f-]{36}"/
        let earlierID = try #require(lines[8999].firstMatch(of: idPattern)).output
        lines[9000] = lines[9000].replacing(idPattern, with: { _ in earlierID })
        lines[9500] = "{not json"
        try lines.joined(separator: "\n").write(
            to: work.appendingPathComponent("bad.ndjson"), atomically: true, encoding: .utf8)
        let bad = try await CommandRunner.run(["replay", "bad.ndjson", "--period", "2025"], in: work)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("bad.ndjson:9001:") && bad.stderr.contains("other content"), "\(bad.stderr)")
    }
}
