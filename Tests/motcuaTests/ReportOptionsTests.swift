import ArgumentParser
import MotCuaDomain
import MotCuaProjections
import Testing

@testable import motcua

/// `kpi` and `replay` read their report options as `GET /v1/kpi` reads its parameters: the same values
/// give the same query, and the same bad value the same reason, said of the option.
@Suite struct ReportOptionsTests {
    /// Options and the HTTP parameters that say the same.
    static let agreeing: [([String], [String: String])] = [
        (["--period", "2025-Q1"], ["period": "2025-Q1"]),
        (
            ["--period", "2025-H1", "--basis", "calendar", "--by", "procedure", "--fold-successors"],
            ["period": "2025-H1", "basis": "calendar", "by": "procedure", "foldSuccessors": "true"]
        ),
        (
            ["--period", "2025-01-01..2025-03-31", "--as-of", "2025-02-10", "--by", "level"],
            ["period": "2025-01-01..2025-03-31", "asOf": "2025-02-10", "by": "level"]
        ),
        (["--period", "2025", "--as-of", "2025-06-30T12:00:00Z"], ["period": "2025", "asOf": "2025-06-30T12:00:00Z"]),
    ]

    @Test(arguments: agreeing)
    func theOptionsGiveTheQueryTheParametersGive(_ arguments: [String], _ parameters: [String: String]) throws {
        let options = try ReportOptions.parse(arguments)
        #expect(try options.query(knownAt: nil, agency: nil) == KPIQuery(parameter: { parameters[$0] }))
    }

    /// Bad values and the reason both give; the CLI says it of the option.
    static let refused: [([String], parameter: String, name: String, option: String)] = [
        (["--period", "2025-Q5"], "2025-Q5", "period", "--period"),
        (["--period", "2025-Q1", "--as-of", "2025-03-01T10:00:00"], "2025-03-01T10:00:00", "asOf", "--as-of"),
        (["--period", "2025-Q1", "--as-of", "yesterday"], "yesterday", "asOf", "--as-of"),
    ]

    @Test(arguments: refused)
    func aBadValueIsRefusedForTheSameReason(
        _ arguments: [String], parameter: String, name: String, option: String
    ) throws {
        var parameters = ["period": "2025-Q1"]
        parameters[name] = parameter
        let reason: String
        do {
            _ = try KPIQuery(parameter: { parameters[$0] })
            Issue.record("\(name)=\(parameter) was accepted")
            return
        } catch {
            #expect(error.name == name)
            reason = error.reason
        }
        do {
            _ = try ReportOptions.parse(arguments)
            Issue.record("\(arguments) were accepted")
        } catch {
            #expect(ReportOptions.message(for: error) == "\(option) \(reason)")
        }
    }

    @Test func enumeratedOptionsRefuseOtherValues() {
        for arguments in [["--by", "nope"], ["--basis", "fiscal"], ["--format", "xml"]] {
            #expect(throws: (any Error).self) { try ReportOptions.parse(["--period", "2025-Q1"] + arguments) }
        }
        #expect(ReportOptions.option("foldSuccessors") == "--fold-successors")
    }
}
