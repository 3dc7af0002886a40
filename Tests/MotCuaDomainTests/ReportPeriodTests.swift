import MotCuaDomain
import Testing

/// A named label with its exact days on both bases (DOMAIN.md §5).
struct NamedCase: Sendable, CustomTestStringConvertible {
    let label: String
    let report: (String, String)
    let calendar: (String, String)

    init(_ label: String, report: (String, String), calendar: (String, String)) {
        self.label = label
        self.report = report
        self.calendar = calendar
    }

    var testDescription: String { label }
}

/// A malformed label and a fragment its error's reason must contain.
struct BadCase: Sendable, CustomTestStringConvertible {
    let label: String
    let reason: String

    init(_ label: String, _ reason: String) {
        self.label = label
        self.reason = reason
    }

    var testDescription: String { label.debugDescription }
}

private func day(_ text: String) -> LocalDate {
    guard let date = LocalDate(iso: text) else { preconditionFailure("bad test date \(text)") }
    return date
}

private func instant(_ rfc3339: String) throws -> Instant {
    try Timestamp(parsing: rfc3339).instant
}

private func period(_ label: String, _ basis: ReportPeriod.Basis = .report) throws -> ReportPeriod {
    try ReportPeriod(parsing: label, basis: basis)
}

private let named: [NamedCase] = [
    NamedCase("2025-Q1", report: ("2024-12-15", "2025-03-14"), calendar: ("2025-01-01", "2025-03-31")),
    NamedCase("2025-Q2", report: ("2025-03-15", "2025-06-14"), calendar: ("2025-04-01", "2025-06-30")),
    NamedCase("2025-Q3", report: ("2025-06-15", "2025-09-14"), calendar: ("2025-07-01", "2025-09-30")),
    NamedCase("2025-Q4", report: ("2025-09-15", "2025-12-14"), calendar: ("2025-10-01", "2025-12-31")),
    NamedCase("2025-H1", report: ("2024-12-15", "2025-06-14"), calendar: ("2025-01-01", "2025-06-30")),
    NamedCase("2025-H2", report: ("2025-06-15", "2025-12-14"), calendar: ("2025-07-01", "2025-12-31")),
    NamedCase("2025-9M", report: ("2024-12-15", "2025-09-14"), calendar: ("2025-01-01", "2025-09-30")),
    NamedCase("2025", report: ("2024-12-15", "2025-12-14"), calendar: ("2025-01-01", "2025-12-31")),
    NamedCase("2025-01", report: ("2024-12-15", "2025-01-14"), calendar: ("2025-01-01", "2025-01-31")),
    NamedCase("2025-02", report: ("2025-01-15", "2025-02-14"), calendar: ("2025-02-01", "2025-02-28")),
    NamedCase("2024-02", report: ("2024-01-15", "2024-02-14"), calendar: ("2024-02-01", "2024-02-29")),
    NamedCase("2025-03", report: ("2025-02-15", "2025-03-14"), calendar: ("2025-03-01", "2025-03-31")),
    NamedCase("2025-04", report: ("2025-03-15", "2025-04-14"), calendar: ("2025-04-01", "2025-04-30")),
    NamedCase("2025-12", report: ("2025-11-15", "2025-12-14"), calendar: ("2025-12-01", "2025-12-31")),
    NamedCase("2000-02", report: ("2000-01-15", "2000-02-14"), calendar: ("2000-02-01", "2000-02-29")),
    NamedCase("1900-02", report: ("1900-01-15", "1900-02-14"), calendar: ("1900-02-01", "1900-02-28")),
    NamedCase("1900-Q1", report: ("1899-12-15", "1900-03-14"), calendar: ("1900-01-01", "1900-03-31")),
    NamedCase("1900", report: ("1899-12-15", "1900-12-14"), calendar: ("1900-01-01", "1900-12-31")),
    NamedCase("9998", report: ("9997-12-15", "9998-12-14"), calendar: ("9998-01-01", "9998-12-31")),
    NamedCase("9998-12", report: ("9998-11-15", "9998-12-14"), calendar: ("9998-12-01", "9998-12-31")),
]

private let ranges: [(label: String, first: String, last: String)] = [
    ("2025-01-01..2025-03-31", "2025-01-01", "2025-03-31"),
    ("2025-02-07..2025-02-07", "2025-02-07", "2025-02-07"),
    ("2024-12-15..2025-01-14", "2024-12-15", "2025-01-14"),
    ("2024-02-29..2024-03-01", "2024-02-29", "2024-03-01"),
    ("1900-01-01..9998-12-31", "1900-01-01", "9998-12-31"),
]

/// Labels in 2025 whose instants are representable (everything in the table before 2262).
private let representable = named.map(\.label).filter { !$0.hasPrefix("9998") }

@Suite("ReportPeriod")
struct ReportPeriodTests {
    // MARK: Days

    @Test("named labels on the report basis", arguments: named)
    func reportDays(_ c: NamedCase) throws {
        let p = try period(c.label, .report)
        #expect(p.label == c.label)
        #expect(p.basis == .report)
        #expect(p.first == day(c.report.0))
        #expect(p.last == day(c.report.1))
    }

    @Test("named labels on the calendar basis", arguments: named)
    func calendarDays(_ c: NamedCase) throws {
        let p = try period(c.label, .calendar)
        #expect(p.label == c.label)
        #expect(p.basis == .calendar)
        #expect(p.first == day(c.calendar.0))
        #expect(p.last == day(c.calendar.1))
    }

    /// The quarter a monitoring scrape reports: cut on the 14th of each quarter's last month, local time.
    @Test(
        "the report-basis quarter containing an instant",
        arguments: [
            ("2025-06-14T23:59:59+07:00", "2025-Q2"), ("2025-06-15T00:00:00+07:00", "2025-Q3"),
            ("2025-12-14T12:00:00+07:00", "2025-Q4"), ("2025-12-15T00:00:00+07:00", "2026-Q1"),
            ("2025-12-14T17:30:00Z", "2026-Q1"), ("2026-03-14T08:00:00+07:00", "2026-Q1"),
        ])
    func reportQuarter(instant: String, label: String) throws {
        let period = ReportPeriod.reportQuarter(containing: try Timestamp(parsing: instant).instant)
        #expect(period.label == label && period.basis == .report)
    }

    @Test("the basis defaults to report")
    func defaultBasis() throws {
        let p = try ReportPeriod(parsing: "2025-Q1")
        #expect(p.basis == .report)
        #expect(p == (try period("2025-Q1", .report)))
        #expect(p != (try period("2025-Q1", .calendar)))
    }

    @Test("explicit ranges are the same on both bases", arguments: ranges.map(\.label), ReportPeriod.Basis.allCases)
    func explicitRange(_ label: String, _ basis: ReportPeriod.Basis) throws {
        let expected = try #require(ranges.first { $0.label == label })
        let p = try period(label, basis)
        #expect(p.label == label)
        #expect(p.basis == basis)
        #expect(p.first == day(expected.first))
        #expect(p.last == day(expected.last))
    }

    @Test("report months tile each year from 15 December to 14 December")
    func reportMonthsTile() throws {
        var expectedFirst = day("2024-12-15")
        for month in 1...12 {
            let p = try period("2025-" + (month < 10 ? "0" : "") + String(month))
            #expect(p.first == expectedFirst)
            #expect(p.last.components.day == 14)
            #expect(p.last.components.month == month)
            expectedFirst = p.last.adding(days: 1)
        }
        #expect(expectedFirst == (try period("2026-01")).first)
    }

    @Test("quarters, halves and nine months agree with their months", arguments: ReportPeriod.Basis.allCases)
    func compositesAgreeWithMonths(_ basis: ReportPeriod.Basis) throws {
        let composites: [(String, String, String)] = [
            ("2025-Q1", "2025-01", "2025-03"), ("2025-Q2", "2025-04", "2025-06"),
            ("2025-Q3", "2025-07", "2025-09"), ("2025-Q4", "2025-10", "2025-12"),
            ("2025-H1", "2025-01", "2025-06"), ("2025-H2", "2025-07", "2025-12"),
            ("2025-9M", "2025-01", "2025-09"), ("2025", "2025-01", "2025-12"),
        ]
        for (label, firstMonth, lastMonth) in composites {
            let p = try period(label, basis)
            #expect(p.first == (try period(firstMonth, basis)).first, "\(label)")
            #expect(p.last == (try period(lastMonth, basis)).last, "\(label)")
        }
    }

    // MARK: Instants

    @Test("start of 2025-Q1 on the report basis is 2024-12-14T17:00:00Z")
    func startOfQ1() throws {
        let p = try period("2025-Q1")
        #expect(p.start == (try instant("2024-12-14T17:00:00Z")))
        #expect(p.start == (try instant("2024-12-15T00:00:00+07:00")))
        #expect(p.end == (try instant("2025-03-14T23:59:59.999999999+07:00")))
        #expect(p.end == (try instant("2025-03-14T16:59:59.999999999Z")))
        let c = try period("2025-Q1", .calendar)
        #expect(c.start == (try instant("2024-12-31T17:00:00Z")))
        #expect(c.end == (try instant("2025-03-31T16:59:59.999999999Z")))
    }

    @Test(
        "start and end are the Vietnam-day instants of first and last",
        arguments: representable, ReportPeriod.Basis.allCases)
    func startAndEnd(_ label: String, _ basis: ReportPeriod.Basis) throws {
        let p = try period(label, basis)
        #expect(p.start == Instant(vietnam: p.first))
        #expect(p.end == Instant.endOfVietnamDay(p.last))
        #expect(p.end.adding(nanoseconds: 1) == Instant(vietnam: p.last.adding(days: 1)))
    }

    @Test("end is one nanosecond before the next period's start", arguments: ReportPeriod.Basis.allCases)
    func endMeetsNextStart(_ basis: ReportPeriod.Basis) throws {
        let sequences: [[String]] = [
            [
                "2024-12", "2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-08",
                "2025-09", "2025-10", "2025-11", "2025-12", "2026-01",
            ],
            ["2024-02", "2024-03"],
            ["2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"],
            ["2024-H2", "2025-H1", "2025-H2", "2026-H1"],
            ["2025-9M", "2025-Q4", "2026-Q1"],
            ["2024", "2025", "2026"],
            ["2025-01-01..2025-01-31", "2025-02-01..2025-02-01", "2025-02-02..2025-12-31"],
        ]
        for sequence in sequences {
            for (a, b) in zip(sequence, sequence.dropFirst()) {
                let (p, q) = (try period(a, basis), try period(b, basis))
                #expect(p.end.adding(nanoseconds: 1) == q.start, "\(a) → \(b)")
                #expect(p.last.adding(days: 1) == q.first, "\(a) → \(b)")
            }
        }
    }

    @Test(
        "contains both boundaries and nothing outside them",
        arguments: representable + ranges.map(\.label).filter { !$0.hasSuffix("9998-12-31") },
        ReportPeriod.Basis.allCases)
    func containsBoundaries(_ label: String, _ basis: ReportPeriod.Basis) throws {
        let p = try period(label, basis)
        #expect(p.contains(p.start))
        #expect(p.contains(p.end))
        #expect(!p.contains(p.start.adding(nanoseconds: -1)))
        #expect(!p.contains(p.end.adding(nanoseconds: 1)))
        #expect(p.contains(Instant(vietnam: p.first, hour: 12)))
        #expect(p.contains(Instant(vietnam: p.last, hour: 23, minute: 59, second: 59)))
    }

    @Test("contains at the report cut-off for 2025-01: 14 January is in, 15 January is not")
    func containsAtCutOff() throws {
        let january = try period("2025-01")
        let february = try period("2025-02")
        let lastMoment = try instant("2025-01-14T23:59:59.999999999+07:00")
        let firstMoment = try instant("2025-01-15T00:00:00+07:00")
        #expect(january.contains(lastMoment))
        #expect(!january.contains(firstMoment))
        #expect(!february.contains(lastMoment))
        #expect(february.contains(firstMoment))
        // 2025-01-14T17:30Z is already 15 January in Vietnam.
        #expect(february.contains(try instant("2025-01-14T17:30:00Z")))
        #expect(january.contains(try instant("2024-12-14T17:00:00Z")))
        #expect(!january.contains(try instant("2024-12-14T16:59:59.999999999Z")))
    }

    @Test("periods past the range of Instant saturate instead of trapping")
    func beyondInstantRange() throws {
        let max = Instant(nanoseconds: .max)
        let far = try period("9998")
        #expect(far.start == max)
        #expect(far.end == max)
        #expect(!far.contains(max))
        let straddling = try period("2262", .calendar)
        #expect(straddling.start == Instant(vietnam: day("2262-01-01")))
        #expect(straddling.end == max)
        #expect(straddling.contains(max))
        let lastExact = try period("2262-04-11..2262-04-11")
        #expect(lastExact.end == Instant.endOfVietnamDay(day("2262-04-11")))
        let whole = try period("1900-01-01..9998-12-31")
        #expect(whole.start == (try instant("1899-12-31T17:00:00Z")))
        #expect(whole.contains(max))
        #expect(whole.contains(whole.start))
        #expect(!whole.contains(whole.start.adding(nanoseconds: -1)))
    }

    // MARK: Description

    @Test("description states the label, the basis and the exact dates")
    func description() throws {
        #expect((try period("2025-Q1")).description == "2025-Q1 (report basis, 2024-12-15..2025-03-14)")
        #expect((try period("2025-Q1", .calendar)).description == "2025-Q1 (calendar basis, 2025-01-01..2025-03-31)")
        #expect(ReportPeriod.Basis.allCases.map(\.rawValue) == ["report", "calendar"])
    }

    // MARK: Malformed labels

    @Test(
        "malformed labels throw a PeriodError naming the label and the accepted forms",
        arguments: [
            BadCase("", "empty"),
            BadCase(" 2025-Q1", "whitespace"),
            BadCase("2025-Q1 ", "whitespace"),
            BadCase("2025 -Q1", "whitespace"),
            BadCase("2025-Q1\n", "whitespace"),
            BadCase("\t2025", "whitespace"),
            BadCase("2025\u{00A0}", "whitespace"),
            BadCase("2025-01-01 ..2025-03-31", "whitespace"),
            BadCase("2025-01-01.. 2025-03-31", "whitespace"),
            BadCase("2025-q1", "upper case"),
            BadCase("2025-h1", "upper case"),
            BadCase("2025-9m", "upper case"),
            BadCase("2025-Q5", "Q1–Q4"),
            BadCase("2025-Q0", "Q1–Q4"),
            BadCase("2025-QX", "Q1–Q4"),
            BadCase("2025-H0", "H1 or H2"),
            BadCase("2025-H3", "H1 or H2"),
            BadCase("2025-13", "01–12"),
            BadCase("2025-00", "01–12"),
            BadCase("2025-99", "01–12"),
            BadCase("1899", "outside 1900–9998"),
            BadCase("9999", "outside 1900–9998"),
            BadCase("0000", "outside 1900–9998"),
            BadCase("1899-12", "outside 1900–9998"),
            BadCase("9999-Q1", "outside 1900–9998"),
            BadCase("1899-12-31..2025-01-01", "outside 1900–9998"),
            BadCase("2025-01-01..9999-01-01", "outside 1900–9998"),
            BadCase("2025-02-30..2025-03-31", "not a real date"),
            BadCase("2025-02-29..2025-03-31", "not a real date"),
            BadCase("2025-01-01..2025-04-31", "not a real date"),
            BadCase("2025-13-01..2025-12-31", "not a real date"),
            BadCase("2025-03-31..2025-01-01", "reversed"),
            BadCase("2025-01-02..2025-01-01", "reversed"),
            BadCase("2025-01-01..", "form YYYY-MM-DD"),
            BadCase("..2025-01-01", "form YYYY-MM-DD"),
            BadCase("..", "form YYYY-MM-DD"),
            BadCase("2025-01-01...2025-03-31", "form YYYY-MM-DD"),
            BadCase("2025-1-1..2025-3-31", "form YYYY-MM-DD"),
            BadCase("2025/01/01..2025/03/31", "form YYYY-MM-DD"),
            BadCase("2025-01-01..2025-02-01..2025-03-01", "form YYYY-MM-DD"),
            BadCase("2025-01-01—2025-03-31", "not a period label"),
            BadCase("2025-01-01", "not a period label"),
            BadCase("25-Q1", "not a period label"),
            BadCase("2025Q1", "not a period label"),
            BadCase("2025-Q10", "not a period label"),
            BadCase("2025-1", "not a period label"),
            BadCase("2025-", "not a period label"),
            BadCase("20250", "not a period label"),
            BadCase("Q1-2025", "not a period label"),
            BadCase("2025/03", "not a period label"),
            BadCase("2025-M3", "not a period label"),
            BadCase("2025-3M", "not a period label"),
            BadCase("2025-6M", "not a period label"),
            BadCase("2025-Y1", "not a period label"),
            BadCase("+2025", "not a period label"),
            BadCase("２０２５", "not a period label"),
            BadCase("2025-Ｑ1", "not a period label"),
        ])
    func malformed(_ c: BadCase) throws {
        for basis in ReportPeriod.Basis.allCases {
            let error = try #require(throws: PeriodError.self) { try ReportPeriod(parsing: c.label, basis: basis) }
            #expect(error.label == c.label)
            #expect(error.reason.contains(c.reason), "\(error.reason)")
            #expect(error.message.contains(c.label.debugDescription))
            #expect(error.message.contains(c.reason))
            #expect(error.message.contains(PeriodError.acceptedForms))
            #expect(error.description == error.message)
        }
    }

    @Test("the error message reads as one sentence")
    func errorMessage() {
        #expect(throws: PeriodError.self) { try ReportPeriod(parsing: "2025-Q5") }
        do {
            _ = try ReportPeriod(parsing: "2025-Q5")
        } catch {
            // Typed throws: `error` is a PeriodError here without a cast.
            let expected = "invalid period label \"2025-Q5\": the quarter must be Q1–Q4; accepted forms: "
            #expect(error.message.hasPrefix(expected))
            #expect(error.message.hasSuffix("years 1900–9998, letters in upper case, no spaces"))
        }
    }
}
