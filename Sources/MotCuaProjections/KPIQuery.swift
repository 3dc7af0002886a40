public import MotCuaDomain

/// What a report is asked for: the period, the evaluation instant, the grouping and filters.
public struct KPIQuery: Sendable, Hashable {
    /// How groups are keyed.
    public enum Grouping: String, Sendable, CaseIterable {
        case agency, sector, field, level, procedure
    }

    public var period: ReportPeriod
    /// Evaluate at this instant when earlier than the period's end (`--as-of`).
    public var asOf: Instant?
    public var grouping: Grouping?
    /// Only this agency's dossiers and complaints (`kpi --agency`).
    public var agency: Code?
    /// Attribute to successors agencies whose succession is effective by T (`--fold-successors`).
    public var foldSuccessors: Bool
    /// The `--known-at` text, reported as given (the caller folded only events recorded by then).
    public var knownAt: String?

    public init(
        period: ReportPeriod, asOf: Instant? = nil, grouping: Grouping? = nil, agency: Code? = nil,
        foldSuccessors: Bool = false, knownAt: String? = nil
    ) {
        self.period = period
        self.asOf = asOf
        self.grouping = grouping
        self.agency = agency
        self.foldSuccessors = foldSuccessors
        self.knownAt = knownAt
    }

    /// T = min(end of the period, as-of) (DOMAIN.md §6).
    public var evaluatedAt: Instant {
        guard let asOf else { return period.end }
        return min(asOf, period.end)
    }
}
