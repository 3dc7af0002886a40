public import MotCuaDomain

extension KPIQuery {
    /// A query parameter that does not say what a report needs: its name and why.
    public struct ParameterError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The parameter at fault (`period`, `asOf`, …), as `GET /v1/kpi` names it.
        public let name: String
        /// What is wrong and what is allowed, as a clause that follows the parameter's name
        /// (`must be report or calendar`), so that the CLI can put its option's name in front instead.
        public let reason: String
        /// The name and the reason: `basis must be report or calendar`.
        public var message: String { "\(name) \(reason)" }
        public var description: String { message }
    }

    /// The query that HTTP parameters describe: `period` (required), `basis`, `by`, `agency`, `asOf`,
    /// `foldSuccessors`, as `GET /v1/kpi` takes them (docs/http-api.md), and as `motcua kpi` and `replay`
    /// read their options. Other names are ignored.
    /// - Parameter value: the value of a parameter by name, or `nil` when absent.
    /// - Throws: ``ParameterError`` naming the first parameter that does not parse.
    public init(parameter value: (String) -> String?) throws(ParameterError) {
        func fail(_ name: String, _ reason: String) -> ParameterError { ParameterError(name: name, reason: reason) }
        guard let label = value("period") else {
            throw fail("period", "is required: 2025-Q1, 2025-H1, 2025-9M, 2025, 2025-03 or a range")
        }
        let basisText = value("basis") ?? "report"
        guard let basis = ReportPeriod.Basis(rawValue: basisText) else {
            throw fail("basis", "must be report or calendar, got \(basisText)")
        }
        do {
            self.init(period: try ReportPeriod(parsing: label, basis: basis))
        } catch {
            throw fail("period", "is not a period: \(error.message)")
        }
        if let by = value("by") {
            guard let grouping = Grouping(rawValue: by) else {
                throw fail("by", "must be agency, sector, field, level or procedure, got \(by)")
            }
            self.grouping = grouping
        }
        if let agency = value("agency") {
            guard let code = Code(agency) else { throw fail("agency", "must be an agency code, got \(agency)") }
            self.agency = code
        }
        if let asOf = value("asOf") {
            self.asOf = try KPIQuery.instant(parsing: asOf, name: "asOf")
        }
        if let fold = value("foldSuccessors") {
            guard fold == "true" || fold == "false" else {
                throw fail("foldSuccessors", "must be true or false, got \(fold)")
            }
            self.foldSuccessors = fold == "true"
        }
    }

    /// An evaluation instant: an RFC 3339 timestamp with offset, or a `YYYY-MM-DD` date meaning the end of
    /// that day in Vietnam (DOMAIN.md §6).
    /// - Parameter name: the parameter the text came from, for the error.
    /// - Throws: ``ParameterError`` saying what is wrong: not a date or timestamp, no UTC offset, or an
    ///   instant ``Instant`` cannot hold.
    public static func instant(parsing text: String, name: String) throws(ParameterError) -> Instant {
        if let date = LocalDate(iso: text) { return Instant.endOfVietnamDay(date) }
        do {
            return try Timestamp(parsing: text).instant
        } catch .missingOffset {
            throw ParameterError(name: name, reason: "needs a UTC offset (Z or ±HH:MM), e.g. 2025-01-24T10:00:00+07:00")
        } catch .outOfRange {
            throw ParameterError(name: name, reason: "must lie between 1677-09-21 and 2262-04-11 (UTC), got \(text)")
        } catch {
            throw ParameterError(
                name: name, reason: "must be a date (YYYY-MM-DD) or an RFC 3339 timestamp with offset, got \(text)")
        }
    }
}
