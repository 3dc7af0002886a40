/// A calendar date in Vietnam local time (UTC+7), with no time of day.
///
/// Stored as the number of days since 1970-01-01 so that arithmetic and comparison are integer
/// operations; the civil conversions follow Howard Hinnant's `days_from_civil` algorithms
/// (proleptic Gregorian calendar).
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let dayNumber: Int

    /// The date `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int) {
        self.dayNumber = dayNumber
    }

    /// The date with the given year, month (1–12) and day (1–31), or `nil` if no such date exists.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= LocalDate.daysIn(month: month, year: year)
        else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        self.dayNumber = era * 146_097 + doe - 719_468
    }

    /// The local years of the instants and dates an event may carry (DOMAIN.md §2).
    public static let eventYears = YearSpan(first: 2000, last: 2099)
    /// The local years of everything the domain derives from valid events (due dates included).
    public static let domainYears = YearSpan(first: 2000, last: 2199)

    /// Parses `YYYY-MM-DD` exactly (ten characters, a real date).
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let y = LocalDate.digits(bytes, 0, 4), let m = LocalDate.digits(bytes, 5, 2),
            let d = LocalDate.digits(bytes, 8, 2)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The date `dayNumber` days after 1970-01-01 if it lies in `years`, else `nil`: for day numbers read
    /// from stored bytes, which must not reach arithmetic unchecked.
    public init?(dayNumber: Int64, in years: YearSpan) {
        guard dayNumber >= Int64(years.first.dayNumber), dayNumber <= Int64(years.last.dayNumber) else { return nil }
        self.init(dayNumber: Int(dayNumber))
    }

    /// Year, month and day of this date.
    public var components: (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The year of this date.
    public var year: Int { components.year }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (4).
        let r = (dayNumber + 3) % 7
        return (r < 0 ? r + 7 : r) + 1
    }

    /// Saturday or Sunday.
    public var isWeekend: Bool { weekday >= 6 }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = components
        return LocalDate.pad(y, 4) + "-" + LocalDate.pad(m, 2) + "-" + LocalDate.pad(d, 2)
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    /// Number of days in a month of the proleptic Gregorian calendar.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func digits<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ start: Int, _ count: Int) -> Int?
    where Bytes.Index == Int {
        var value = 0
        for i in start..<(start + count) {
            let b = bytes[i]
            guard b >= 48, b <= 57 else { return nil }
            value = value * 10 + Int(b - 48)
        }
        return value
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

/// An inclusive span of years, with its first and last day.
public struct YearSpan: Sendable, Hashable {
    /// The first year of the span.
    public let firstYear: Int
    /// The last year of the span.
    public let lastYear: Int
    /// 1 January of the first year.
    public let first: LocalDate
    /// 31 December of the last year.
    public let last: LocalDate

    /// The years `first…last`, both within 1…9999.
    init(first: Int, last: Int) {
        precondition((1...9999).contains(first) && first <= last && last <= 9999, "a year span within 1…9999")
        self.firstYear = first
        self.lastYear = last
        self.first = LocalDate(year: first, month: 1, day: 1) ?? LocalDate(dayNumber: 0)
        self.last = LocalDate(year: last, month: 12, day: 31) ?? LocalDate(dayNumber: 0)
    }

    /// Whether `date` lies in the span.
    public func contains(_ date: LocalDate) -> Bool { first <= date && date <= last }

    /// `2000–2099`.
    public var label: String { "\(firstYear)–\(lastYear)" }
}
