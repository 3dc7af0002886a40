/// A government notice fixing the days off and the Saturdays worked of one calendar year.
///
/// Notices are complete for their year: they list every weekday off (holidays, make-up days, swapped
/// days) and every Saturday worked. Tết is placed each year by such a notice (Labour Code 2019
/// Art. 112(1)(b) and (3)); swaps follow the Prime Minister's approval (e.g. CV 2450/VPCP-KGVX).
public struct CalendarNotice: Sendable, Hashable {
    /// The calendar year the notice covers.
    public let year: Int
    /// The notice's reference, e.g. `TB 6150/TB-BLĐTBXH`.
    public let reference: String
    /// Weekdays (Monday–Friday) off, in date order.
    public let daysOff: [CalendarDay]
    /// Saturdays worked, in date order.
    public let saturdaysWorked: [CalendarDay]

    /// A validated notice.
    ///
    /// - Throws: ``CalendarError`` when the reference is blank, a day is outside `year`, a day off is not
    ///   Monday–Friday, a Saturday worked is not a Saturday, a day has the wrong kind or a blank name, or a
    ///   date appears twice.
    public init(
        year: Int, reference: String, daysOff: [CalendarDay], saturdaysWorked: [CalendarDay]
    ) throws(CalendarError) {
        try self.init(
            year: year, reference: reference, daysOff: daysOff, saturdaysWorked: saturdaysWorked,
            context: "notice \(year)")
    }

    /// A validated notice; `context` prefixes error messages (e.g. `notices[2]`).
    init(
        year: Int, reference: String, daysOff: [CalendarDay], saturdaysWorked: [CalendarDay], context: String
    ) throws(CalendarError) {
        guard (1900...2199).contains(year) else {
            throw CalendarError("\(context).year: \(year) is outside the supported range 1900…2199")
        }
        guard !reference.allSatisfy(\.isWhitespace) else {
            throw CalendarError("\(context).reference: must not be empty")
        }
        var seen: Set<LocalDate> = []
        let lists: [(String, [CalendarDay], CalendarDay.Kind)] = [
            ("daysOff", daysOff, .dayOff), ("saturdaysWorked", saturdaysWorked, .saturdayWorked),
        ]
        for (field, days, kind) in lists {
            for (index, day) in days.enumerated() {
                let at = "\(context).\(field)[\(index)]"
                guard day.kind == kind else {
                    throw CalendarError("\(at): \(day.date) has kind \(day.kind.rawValue), expected \(kind.rawValue)")
                }
                guard day.date.year == year else {
                    throw CalendarError("\(at): \(day.date) is outside the notice's year \(year)")
                }
                if kind == .dayOff, day.date.isWeekend {
                    throw CalendarError(
                        "\(at): \(day.date) is a \(Self.weekdayName(day.date)), not a weekday (Monday–Friday)")
                }
                if kind == .saturdayWorked, day.date.weekday != 6 {
                    throw CalendarError("\(at): \(day.date) is a \(Self.weekdayName(day.date)), not a Saturday")
                }
                guard !day.name.allSatisfy(\.isWhitespace) else {
                    throw CalendarError("\(at).name: must not be empty")
                }
                guard seen.insert(day.date).inserted else {
                    throw CalendarError("\(at): \(day.date) appears more than once in the notice")
                }
            }
        }
        self.year = year
        self.reference = reference
        self.daysOff = daysOff.sorted { $0.date < $1.date }
        self.saturdaysWorked = saturdaysWorked.sorted { $0.date < $1.date }
    }

    /// The notice's days, both kinds, in date order.
    var allDays: [CalendarDay] { (daysOff + saturdaysWorked).sorted { $0.date < $1.date } }

    static func weekdayName(_ date: LocalDate) -> String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][date.weekday - 1]
    }
}
