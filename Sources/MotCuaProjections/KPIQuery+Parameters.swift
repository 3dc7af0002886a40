public import MotCuaDomain

extension KPIQuery {
    /// A query parameter that does not say what a report needs: its name and why.
    public struct ParameterError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The parameter at fault (`period`, `asOf`, …).
        public let name: String
        /// What is wrong and what is allowed.
        public let message: String
        public var description: String { "\(name): \(message)" }
    }

    /// The query that HTTP parameters describe: `period` (required), `basis`, `by`, `agency`, `asOf`,
    /// `foldSuccessors`, as `GET /v1/kpi` takes them (docs/http-api.md). Other names are ignored.
    /// - Parameter value: the value of a parameter by name, or `nil` when absent.
    /// - Throws: ``ParameterError`` naming the first parameter that does not parse.
    public init(parameter value: (String) -> String?) throws(ParameterError) {
        func fail(_ name: String, _ message: String) -> ParameterError { ParameterError(name: name, message: message) }
        guard let label = value("period") else {
            throw fail("period", "period is required: 2025-Q1, 2025-H1, 2025-9M, 2025, 2025-03 or a range")
        }
        let basisText = value("basis") ?? "report"
        guard let basis = ReportPeriod.Basis(rawValue: basisText) else {
            throw fail("basis", "basis must be report or calendar")
        }
        do {
            self.init(period: try ReportPeriod(parsing: label, basis: basis))
        } catch {
            throw fail("period", error.description)
        }
        if let by = value("by") {
            guard let grouping = Grouping(rawValue: by) else {
                throw fail("by", "by must be agency, sector, field, level or procedure")
            }
            self.grouping = grouping
        }
        if let agency = value("agency") {
            guard let code = Code(agency) else { throw fail("agency", "agency must be an agency code") }
            self.agency = code
        }
        if let asOf = value("asOf") {
            guard let instant = KPIQuery.instant(parsing: asOf) else {
                throw fail("asOf", "asOf must be a date (YYYY-MM-DD) or an RFC 3339 timestamp with offset")
            }
            self.asOf = instant
        }
        if let fold = value("foldSuccessors") {
            guard fold == "true" || fold == "false" else {
                throw fail("foldSuccessors", "foldSuccessors must be true or false")
            }
            self.foldSuccessors = fold == "true"
        }
    }

    /// An evaluation instant: an RFC 3339 timestamp with offset, or a `YYYY-MM-DD` date meaning the end of
    /// that day in Vietnam (DOMAIN.md §6); `nil` for anything else, or an instant ``Instant`` cannot hold.
    public static func instant(parsing text: String) -> Instant? {
        if let date = LocalDate(iso: text) { return Instant.endOfVietnamDay(date) }
        return try? Timestamp(parsing: text).instant
    }
}
