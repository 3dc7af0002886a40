/// A reporting period: a label, the basis it was read on, and the exact first and last local days it covers.
///
/// Source: DOMAIN.md §5; report basis per Decree 09/2019/NĐ-CP Art. 12 with the Hanoi plan's cut-offs (a period
/// runs from the 15th of the month before its first month to the 14th of its last month); calendar basis per the
/// National Public Service Portal dashboard (natural months). A period runs from 00:00 of `first` to the end of
/// `last`, Vietnam local time (UTC+7). Every report states `basis`, `first` and `last`.
///
/// Two periods are equal only if label, basis and dates are all equal: `2025-Q1` and `2025-01-01..2025-03-31` on
/// the calendar basis cover the same days but are different values.
public struct ReportPeriod: Sendable, Hashable, CustomStringConvertible {
    /// How a named period (month, quarter, half, nine months, year) is mapped to days.
    ///
    /// Source: DOMAIN.md §5; Decree 09/2019/NĐ-CP Art. 12 (report basis); the Portal dashboard (calendar basis).
    public enum Basis: String, Sendable, CaseIterable {
        /// Cut-offs on the 15th: month M = 15th of M−1 to 14th of M; Q1 = 15/12 (previous year) to 14/3, … ;
        /// H1 = 15/12 (previous year) to 14/6; H2 = 15/6 to 14/12 (our extension); 9M = 15/12 (previous year) to
        /// 14/9; year = 15/12 (previous year) to 14/12.
        ///
        /// Source: Decree 09/2019/NĐ-CP Art. 12 and the Hanoi plan's cut-offs; H2 is a DOMAIN.md §5 extension.
        case report
        /// Natural months, quarters, halves, nine months (1/1–30/9) and years.
        ///
        /// Source: the National Public Service Portal dashboard (DOMAIN.md §5).
        case calendar
    }

    /// The label exactly as given, e.g. `2025-Q1`, `2025-03` or `2025-01-01..2025-03-31`.
    public let label: String
    /// The basis the label was read on (recorded even for explicit ranges, which it does not change).
    public let basis: Basis
    /// The first local day of the period, included.
    public let first: LocalDate
    /// The last local day of the period, included.
    public let last: LocalDate

    /// Reads a period label on a basis.
    ///
    /// Accepted (case-sensitive, no whitespace): `YYYY`, `YYYY-MM`, `YYYY-Q1`…`YYYY-Q4`, `YYYY-H1`, `YYYY-H2`,
    /// `YYYY-9M` and `YYYY-MM-DD..YYYY-MM-DD` (inclusive, first ≤ last, same on both bases); every year involved
    /// must be 1900–9998. Lower-case letters (`2025-q1`) are refused so that a label has exactly one spelling.
    ///
    /// Source: DOMAIN.md §5; Decree 09/2019/NĐ-CP Art. 12.
    /// - Throws: ``PeriodError`` naming the label and listing the accepted forms.
    public init(parsing label: String, basis: Basis = .report) throws(PeriodError) {
        let (first, last) = try ReportPeriod.days(of: label, basis: basis)
        self.label = label
        self.basis = basis
        self.first = first
        self.last = last
    }

    /// 00:00:00 of `first`, Vietnam time: `Instant(vietnam: first)`.
    ///
    /// Source: DOMAIN.md §5 (a period starts at 00:00 local time of its first day, UTC+7). Past the range of
    /// ``Instant`` (after 2262-04-11) the value saturates at `Instant(nanoseconds: .max)` instead of trapping.
    public var start: Instant { ReportPeriod.startOfVietnamDay(first) }

    /// The last instant of `last`, Vietnam time: `Instant.endOfVietnamDay(last)`, one nanosecond before the next
    /// day starts.
    ///
    /// Source: DOMAIN.md §5 (a period ends at the end of its last day, UTC+7). Past the range of ``Instant``
    /// (after 2262-04-11) the value saturates at `Instant(nanoseconds: .max)` instead of trapping.
    public var end: Instant {
        let next = ReportPeriod.startOfVietnamDay(last.adding(days: 1))
        return next.nanoseconds == .max ? next : next.adding(nanoseconds: -1)
    }

    /// Whether an instant falls in the period: `start <= instant <= end`.
    ///
    /// Source: DOMAIN.md §5. Decided on the instant's Vietnam date, so it is exact for every instant, including
    /// periods that reach past the range of ``Instant``.
    public func contains(_ instant: Instant) -> Bool {
        let day = instant.vietnamDate
        return first <= day && day <= last
    }

    /// `2025-Q1 (report basis, 2024-12-15..2025-03-14)`: the label, its basis and its exact dates.
    ///
    /// Source: DOMAIN.md §5 (every report states its basis and its exact dates).
    public var description: String { "\(label) (\(basis.rawValue) basis, \(first)..\(last))" }

    // MARK: - Parsing

    static let years = 1900...9998

    private static func days(of label: String, basis: Basis) throws(PeriodError) -> (LocalDate, LocalDate) {
        func fail(_ reason: String) -> PeriodError { PeriodError(label: label, reason: reason) }

        guard !label.isEmpty else { throw fail("the label is empty") }
        guard !label.unicodeScalars.contains(where: { $0.properties.isWhitespace }) else {
            throw fail("the label contains whitespace")
        }
        let b = Array(label.utf8)
        let dot = UInt8(ascii: ".")
        if let i = b.indices.dropLast().first(where: { b[$0] == dot && b[$0 + 1] == dot }) {
            let lhs = String(decoding: b[..<i], as: UTF8.self)
            return try range(lhs, String(decoding: b[(i + 2)...], as: UTF8.self), fail)
        }
        guard b.count == 4 || (b.count == 7 && b[4] == UInt8(ascii: "-")),
            let year = LocalDate.digits(b, 0, 4)
        else { throw fail("it is not a period label") }
        guard years.contains(year) else { throw fail(outside(year)) }
        if b.count == 4 { return named(year: year, months: 1...12, basis: basis) }

        let (x, y) = (b[5], b[6])
        if let month = LocalDate.digits(b, 5, 2) {
            guard (1...12).contains(month) else { throw fail("the month must be 01–12") }
            return named(year: year, months: month...month, basis: basis)
        }
        switch (x, y) {
        case (UInt8(ascii: "Q"), UInt8(ascii: "1")...UInt8(ascii: "4")):
            let q = Int(y - UInt8(ascii: "0"))
            return named(year: year, months: (3 * q - 2)...(3 * q), basis: basis)
        case (UInt8(ascii: "Q"), _):
            throw fail("the quarter must be Q1–Q4")
        case (UInt8(ascii: "H"), UInt8(ascii: "1")):
            return named(year: year, months: 1...6, basis: basis)
        case (UInt8(ascii: "H"), UInt8(ascii: "2")):
            return named(year: year, months: 7...12, basis: basis)
        case (UInt8(ascii: "H"), _):
            throw fail("the half must be H1 or H2")
        case (UInt8(ascii: "9"), UInt8(ascii: "M")):
            return named(year: year, months: 1...9, basis: basis)
        case (UInt8(ascii: "q"), _), (UInt8(ascii: "h"), _), (UInt8(ascii: "9"), UInt8(ascii: "m")):
            throw fail("letters must be upper case (Q, H, M)")
        default:
            throw fail("it is not a period label")
        }
    }

    /// The days of the calendar months `months` of `year` on a basis.
    private static func named(year: Int, months: ClosedRange<Int>, basis: Basis) -> (LocalDate, LocalDate) {
        switch basis {
        case .calendar:
            let last = LocalDate.daysIn(month: months.upperBound, year: year)
            return (date(year, months.lowerBound, 1), date(year, months.upperBound, last))
        case .report:
            let before = months.lowerBound == 1 ? (year - 1, 12) : (year, months.lowerBound - 1)
            return (date(before.0, before.1, 15), date(year, months.upperBound, 14))
        }
    }

    private static func range(
        _ lhs: String, _ rhs: String, _ fail: (String) -> PeriodError
    ) throws(PeriodError) -> (LocalDate, LocalDate) {
        func day(_ text: String) throws(PeriodError) -> LocalDate {
            let b = Array(text.utf8)
            guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
                let year = LocalDate.digits(b, 0, 4), LocalDate.digits(b, 5, 2) != nil,
                LocalDate.digits(b, 8, 2) != nil
            else { throw fail("\(text.debugDescription) is not a date in the form YYYY-MM-DD") }
            guard let date = LocalDate(iso: text) else { throw fail("\(text) is not a real date") }
            guard years.contains(year) else { throw fail(outside(year)) }
            return date
        }
        let first = try day(lhs)
        let last = try day(rhs)
        guard first <= last else { throw fail("the range is reversed: \(first) is after \(last)") }
        return (first, last)
    }

    private static func outside(_ year: Int) -> String {
        "the year \(year) is outside \(years.lowerBound)–\(years.upperBound)"
    }

    /// A date known to exist (callers pass checked years and months, days 1, 14, 15 or the month's length).
    private static func date(_ year: Int, _ month: Int, _ day: Int) -> LocalDate {
        guard let date = LocalDate(year: year, month: month, day: day) else {
            preconditionFailure("no date \(year)-\(month)-\(day)")
        }
        return date
    }

    /// 00:00 of a Vietnam day, saturating at the ends of ``Instant``'s range.
    private static func startOfVietnamDay(_ date: LocalDate) -> Instant {
        let seconds = Int64(date.dayNumber) * 86_400 - Int64(Instant.vietnamOffsetSeconds)
        let (nanoseconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return Instant(nanoseconds: seconds < 0 ? .min : .max) }
        return Instant(nanoseconds: nanoseconds)
    }
}

extension ReportPeriod {
    /// The report-basis quarter containing `t` (DOMAIN.md §5: Q1 = 15/12 of the previous year to 14/3, …, Q4 to
    /// 14/12; from 15/12 on, the next year's Q1): the period a monitoring scrape reports now.
    /// - Precondition: `t`'s year is one a label can name (1899–9998).
    public static func reportQuarter(containing t: Instant) -> ReportPeriod {
        let year = t.vietnamDate.year
        for label in [year, year + 1].flatMap({ y in (1...4).map { "\(y)-Q\($0)" } }) {
            if let period = try? ReportPeriod(parsing: label, basis: .report), period.contains(t) { return period }
        }
        preconditionFailure("every instant of the years labels name lies in a report-basis quarter")
    }
}
