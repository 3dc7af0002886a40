import ArgumentParser
import MotCuaDomain
import MotCuaProjections

/// The options `replay` and `kpi` share: which period, as of when, grouped how, printed how.
struct ReportOptions: ParsableArguments {
    @Option(help: "The period: 2025-Q1, 2025-H1, 2025-9M, 2025, 2025-03 or 2025-01-01..2025-03-31.")
    var period: String

    @OptionGroup var basis: BasisOption

    @Option(
        help: "Evaluate at this instant (RFC 3339) or the end of this date (YYYY-MM-DD), if before the period's end.")
    var asOf: String?

    @Option(help: "Group by agency, sector, field, level or procedure.")
    var by: String?

    @Option(help: "table (default), json or csv.")
    var format = "table"

    @Flag(help: "Attribute agencies to their successors once the succession is effective.")
    var foldSuccessors = false

    @Flag(
        help: "Print the Decision 766 score card (reconstructed from the log) instead of the KPI table.")
    var scores = false

    @OptionGroup var calendar: CalendarOptions

    func validate() throws {
        _ = try query(knownAt: nil, agency: nil)
        guard ["table", "json", "csv"].contains(format) else {
            throw ValidationError("--format must be table, json or csv, got \(format)")
        }
        if scores, format != "table" {
            throw ValidationError("--scores is a table view: --format \(format) always carries the score card")
        }
    }

    /// The query these options describe.
    func query(knownAt: String?, agency: Code?) throws -> KPIQuery {
        let grouping = try by.map { text in
            guard let grouping = KPIQuery.Grouping(rawValue: text) else {
                throw ValidationError("--by must be agency, sector, field, level or procedure, got \(text)")
            }
            return grouping
        }
        return KPIQuery(
            period: try basis.period(period), asOf: try asOf.map { try parseInstant($0, option: "--as-of") },
            grouping: grouping, agency: agency, foldSuccessors: foldSuccessors, knownAt: knownAt)
    }

    /// The report rendered in the chosen format.
    func render(_ report: KPIReport) -> String {
        switch format {
        case "json": report.json
        case "csv": report.csv
        default: scores ? report.scoreTable : report.table
        }
    }
}

/// An RFC 3339 instant, or a `YYYY-MM-DD` date meaning the end of that day (Vietnam time).
func parseInstant(_ text: String, option: String) throws -> Instant {
    if let date = LocalDate(iso: text) { return Instant.endOfVietnamDay(date) }
    return try parseTimestamp(text, option: option).instant
}
