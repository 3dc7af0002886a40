/// Which dates are working days for state agencies in Vietnam.
///
/// A working day is Monday to Friday, minus public holidays and notice days off, plus Saturdays worked
/// by notice (Labour Code 2019 Art. 111–112; Decree 145/2020/NĐ-CP). The calendar is data: the built-in
/// government notices for 2024–2026, plus notices loaded by the user; a loaded notice replaces the
/// built-in notice or the provisional computation for its year. Years without a notice get provisional
/// days computed by statutory rules (see ``specialDays(in:)``).
///
/// Dates in 2000…2100 are answered from tables precomputed at initialisation; other dates in 1900…2199
/// are computed on demand.
public struct WorkingCalendar: Sendable {
    /// The built-in calendar: notices for 2024–2026, version `vn-2026.1`.
    public static let builtIn = WorkingCalendar(extra: [:])

    /// The data version that reports carry: `vn-2026.1` for the built-in data, or
    /// `vn-2026.1+<8 hex digits>` when notices are loaded, the digits being the first half of the FNV-1a
    /// 64-bit hash of the loaded notices' canonical content.
    public let version: String

    /// Notices in force, by year (built-in, overridden by loaded ones).
    private let notices: [Int: CalendarNotice]
    /// Loaded notices, by year.
    private let extra: [Int: CalendarNotice]
    /// Special days of each year in ``tableYears``, indexed by `year - tableYears.lowerBound`.
    private let tableDays: [[CalendarDay]]
    /// Whether each date from ``tableStart`` on is a working day.
    private let tableWorking: [Bool]
    /// `tableCount[i]` = number of working days among the first `i` dates of the table.
    private let tableCount: [Int32]

    /// Years answered from the precomputed tables.
    static let tableYears = 2000...2100
    private static let tableStart = LocalDate(year: 2000, month: 1, day: 1) ?? LocalDate(dayNumber: 0)
    private static let tableEnd = LocalDate(year: 2100, month: 12, day: 31) ?? LocalDate(dayNumber: 0)

    private init(extra: [Int: CalendarNotice]) {
        var notices: [Int: CalendarNotice] = [:]
        for notice in BuiltInNotices.all { notices[notice.year] = notice }
        notices.merge(extra) { _, loaded in loaded }
        self.notices = notices
        self.extra = extra
        self.version =
            extra.isEmpty
            ? BuiltInNotices.version
            : BuiltInNotices.version + "+" + Self.contentHash(of: extra.values.sorted { $0.year < $1.year })

        let days = Self.tableYears.map { Self.specialDays(in: $0, notices: notices) }
        let start = Self.tableStart.dayNumber
        var working = (start...Self.tableEnd.dayNumber).map { !LocalDate(dayNumber: $0).isWeekend }
        for year in days {
            for day in year {
                working[day.date.dayNumber - start] = day.kind == .saturdayWorked
            }
        }
        var count: [Int32] = [0]
        count.reserveCapacity(working.count + 1)
        for isWorking in working {
            count.append(count[count.count - 1] + (isWorking ? 1 : 0))
        }
        self.tableDays = days
        self.tableWorking = working
        self.tableCount = count
    }

    /// This calendar with more notices; each replaces the built-in notice or the provisional days of its
    /// year, and a notice for a year loaded earlier. Among `notices`, a later one for the same year wins
    /// (``notices(fromJSON:)`` refuses duplicate years).
    public func adding(_ notices: [CalendarNotice]) -> WorkingCalendar {
        var merged = extra
        for notice in notices { merged[notice.year] = notice }
        return WorkingCalendar(extra: merged)
    }

    /// Reads notices from a JSON file, validating it strictly.
    ///
    /// The format: `{"notices": [{"year": 2027, "reference": "TB …", "daysOff": [{"date": "2027-02-05",
    /// "name": "Tết Nguyên đán"}], "saturdaysWorked": [{"date": "2027-…", "name": "…"}]}]}`. All keys are
    /// required (lists may be empty); unknown keys, a day off on a weekend, a Saturday worked that is not a
    /// Saturday, a date outside the notice's year, a date listed twice and two notices for one year are
    /// refused.
    /// - Throws: ``CalendarError`` whose message names the problem and its place, e.g.
    ///   `notices[0].daysOff[1]: 2027-02-06 is a Saturday, not a weekday (Monday–Friday)`.
    public static func notices(fromJSON bytes: [UInt8]) throws -> [CalendarNotice] {
        try NoticeFile.parse(bytes)
    }

    /// Whether `date` is a working day.
    public func isWorkingDay(_ date: LocalDate) -> Bool {
        if let index = tableIndex(date) { return tableWorking[index] }
        return Self.computedWorking(date, special: specialDays(in: date.year))
    }

    /// The year's weekday days off and Saturdays worked, in date order.
    ///
    /// For a year with a notice these are the notice's days. Otherwise they are computed (marked
    /// `provisional`): the statutory holidays that fall on weekdays, and for each holiday day on a
    /// Saturday or Sunday a make-up day on the next weekday that is not itself a holiday, in date order
    /// (Labour Code 2019 Art. 111(3)). Tết is the last day of the lunar year and lunar days 1–4 of the
    /// Vietnamese calendar; the day adjacent to 2/9 is 1/9, or 3/9 when 1/9 is a Sunday (our choice).
    /// Provisional years have no Saturdays worked.
    public func specialDays(in year: Int) -> [CalendarDay] {
        if Self.tableYears.contains(year) { return tableDays[year - Self.tableYears.lowerBound] }
        return Self.specialDays(in: year, notices: notices)
    }

    /// The number of working days `d` with `from < d ≤ to`: the first day is not counted (Civil Code
    /// 2015 Art. 147). Returns 0 when `to ≤ from` (never negative).
    public func workingDays(after from: LocalDate, through to: LocalDate) -> Int {
        guard from < to else { return 0 }
        if let a = tableIndex(from), let b = tableIndex(to) {
            return Int(tableCount[b + 1] - tableCount[a + 1])
        }
        var cursor = YearCursor(calendar: self)
        var count = 0
        var date = from.adding(days: 1)
        while date <= to {
            if cursor.isWorking(date) { count += 1 }
            date = date.adding(days: 1)
        }
        return count
    }

    /// The `n`-th working day after `date`, not counting `date` itself (Civil Code 2015 Art. 147): for
    /// `n = 1` the first working day after it. `n = 0` gives `date`.
    /// - Precondition: `n >= 0`.
    public func workingDay(_ n: Int, after date: LocalDate) -> LocalDate {
        precondition(n >= 0, "n must not be negative")
        if n == 0 { return date }
        if let a = tableIndex(date) {
            let target = tableCount[a + 1] + Int32(clamping: n)
            if target <= tableCount[tableCount.count - 1] {
                // Smallest index i with tableCount[i + 1] >= target; that day is working.
                var low = a + 1
                var high = tableWorking.count - 1
                while low < high {
                    let mid = (low + high) / 2
                    if tableCount[mid + 1] >= target { high = mid } else { low = mid + 1 }
                }
                return Self.tableStart.adding(days: low)
            }
        }
        var cursor = YearCursor(calendar: self)
        var remaining = n
        var day = date
        while remaining > 0 {
            day = day.adding(days: 1)
            if cursor.isWorking(day) { remaining -= 1 }
        }
        return day
    }

    /// `date` if it is a working day, else the first working day after it.
    public func nextWorkingDay(onOrAfter date: LocalDate) -> LocalDate {
        isWorkingDay(date) ? date : workingDay(1, after: date)
    }

    // MARK: - Internals

    private func tableIndex(_ date: LocalDate) -> Int? {
        date >= Self.tableStart && date <= Self.tableEnd ? date.dayNumber - Self.tableStart.dayNumber : nil
    }

    private static func specialDays(in year: Int, notices: [Int: CalendarNotice]) -> [CalendarDay] {
        if let notice = notices[year] { return notice.allDays }
        return ProvisionalHolidays.days(in: year)
    }

    private static func computedWorking(_ date: LocalDate, special: [CalendarDay]) -> Bool {
        if let day = special.first(where: { $0.date == date }) { return day.kind == .saturdayWorked }
        return !date.isWeekend
    }

    /// Answers `isWorkingDay` while walking through dates, computing each year's special days once.
    private struct YearCursor {
        let calendar: WorkingCalendar
        var year = Int.min
        var special: [LocalDate: CalendarDay.Kind] = [:]

        mutating func isWorking(_ date: LocalDate) -> Bool {
            if let index = calendar.tableIndex(date) { return calendar.tableWorking[index] }
            let (y, _, _) = date.components
            if y != year {
                year = y
                special = Dictionary(calendar.specialDays(in: y).map { ($0.date, $0.kind) }) { a, _ in a }
            }
            if let kind = special[date] { return kind == .saturdayWorked }
            return !date.isWeekend
        }
    }

    /// FNV-1a 64 of the notices' canonical content, as 8 hex digits (the hash's high 32 bits).
    ///
    /// Canonical content: for each notice in year order, the lines `notice|<year>|<reference>` then
    /// `<kind>|<date>|<name>` for each day in date order (days off, then Saturdays worked), UTF-8, each
    /// line ended by a line feed.
    static func contentHash(of notices: [CalendarNotice]) -> String {
        var text = ""
        for notice in notices {
            text += "notice|\(notice.year)|\(notice.reference)\n"
            for day in notice.daysOff + notice.saturdaysWorked {
                text += "\(day.kind.rawValue)|\(day.date)|\(day.name)\n"
            }
        }
        let hash = Hashing.fnv1a(text.utf8)
        let high = String(hash >> 32, radix: 16)
        return String(repeating: "0", count: 8 - high.count) + high
    }
}
