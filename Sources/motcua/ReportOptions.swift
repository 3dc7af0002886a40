// Public: the conformances of the domain's public Grouping and Basis to ExpressibleByArgument are public.
public import ArgumentParser
import MotCuaDomain
import MotCuaProjections

/// The options `replay` and `kpi` share: which period, as of when, grouped how, printed how. They are
/// read as `GET /v1/kpi` reads its parameters (`KPIQuery(parameter:)`), so that the CLI and the server
/// accept the same values with the same errors.
struct ReportOptions: ParsableArguments {
    @Option(help: "The period: 2025-Q1, 2025-H1, 2025-9M, 2025, 2025-03 or 2025-01-01..2025-03-31.")
    var period: String

    @OptionGroup var basis: BasisOption

    @Option(
        help: "Evaluate at this instant (RFC 3339) or the end of this date (YYYY-MM-DD), if before the period's end.")
    var asOf: String?

    @Option(help: "Group by agency, sector, field, level or procedure.")
    var by: KPIQuery.Grouping?

    @Option(help: "How the report is printed.")
    var format = ReportFormat.table

    @Flag(help: "Attribute agencies to their successors once the succession is effective.")
    var foldSuccessors = false

    @Flag(
        help: "Print the Decision 766 score card (reconstructed from the log) instead of the KPI table.")
    var scores = false

    @OptionGroup var calendar: CalendarOptions

    func validate() throws {
        _ = try query(knownAt: nil, agency: nil)
        if scores, format != .table {
            throw ValidationError("--scores is a table view: --format \(format) always carries the score card")
        }
    }

    /// The query these options describe, for `agency` (a code) when given.
    func query(knownAt: String?, agency: String?) throws -> KPIQuery {
        let parameters = [
            "period": period, "basis": basis.basis.rawValue, "by": by?.rawValue, "asOf": asOf, "agency": agency,
            "foldSuccessors": String(foldSuccessors),
        ]
        do {
            var query = try KPIQuery(parameter: { parameters[$0] ?? nil })
            query.knownAt = knownAt
            return query
        } catch {
            throw ValidationError(error, option: Self.option(error.name))
        }
    }

    /// The option that stands for a query parameter: `asOf` is `--as-of`.
    static func option(_ parameter: String) -> String {
        "--" + parameter.map { $0.isUppercase ? "-" + $0.lowercased() : String($0) }.joined()
    }

    /// The report rendered in the chosen format.
    func render(_ report: KPIReport) -> String {
        switch format {
        case .json: report.json
        case .csv: report.csv
        case .table: scores ? report.scoreTable : report.table
        }
    }
}

/// How `kpi` and `replay` print a report.
enum ReportFormat: String, CaseIterable, ExpressibleByArgument {
    case table, json, csv
}

extension KPIQuery.Grouping: ExpressibleByArgument {}

extension ReportPeriod.Basis: ExpressibleByArgument {}

extension ValidationError {
    /// A query parameter's error said of the option that gave it: `--as-of needs a UTC offset …`.
    init(_ error: KPIQuery.ParameterError, option: String) {
        self.init("\(option) \(error.reason)")
    }
}

/// An RFC 3339 instant, or a `YYYY-MM-DD` date meaning the end of that day (Vietnam time), as `--as-of`
/// reads it.
func parseInstant(_ text: String, option: String) throws -> Instant {
    do {
        return try KPIQuery.instant(parsing: text, name: option)
    } catch {
        throw ValidationError(error, option: option)
    }
}
