/// The special days of a year that has no government notice, computed from the statutory rules.
///
/// Holidays (Labour Code 2019 Art. 112(1); Resolution 28/2026/QH16 for 24/11): 1/1; Tết — the last day
/// of the lunar year and lunar days 1–4; Hùng Kings (10/3 lunar); 30/4; 1/5; 2/9 plus one adjacent day;
/// from 2026, 24/11. Each holiday day falling on a Saturday or Sunday is made up on the next weekday that
/// is neither a holiday nor an earlier make-up day (Art. 111(3)), processed in date order.
///
/// Our choices where the law leaves it to a yearly notice:
/// - the day adjacent to 2/9 is 1/9, unless 1/9 is a Sunday, then 3/9;
/// - when two holidays fall on the same date (e.g. Hùng Kings on 30/4), the second is made up like a
///   weekend holiday, so that no statutory day is lost;
/// - no Saturdays are worked.
enum ProvisionalHolidays {
    /// Weekday days off (holidays and make-up days) of `year`, in date order, all marked provisional.
    static func days(in year: Int) -> [CalendarDay] {
        let holidays = holidayDays(in: year)
        var off: [LocalDate: String] = [:]
        var pending: [(LocalDate, String)] = []
        for (date, name) in holidays {
            if date.isWeekend || off[date] != nil {
                pending.append((date, name))
            } else {
                off[date] = name
            }
        }
        let holidayDates = Set(holidays.map(\.0))
        for (date, name) in pending {
            var candidate = date.adding(days: 1)
            while candidate.isWeekend || holidayDates.contains(candidate) || off[candidate] != nil {
                candidate = candidate.adding(days: 1)
            }
            off[candidate] = HolidayNames.makeUp(for: name)
        }
        return off.keys.sorted().map {
            CalendarDay(date: $0, kind: .dayOff, name: off[$0] ?? "", provisional: true)
        }
    }

    /// Every statutory holiday day of `year` (weekends included), in date order.
    static func holidayDays(in year: Int) -> [(LocalDate, String)] {
        func date(_ m: Int, _ d: Int) -> LocalDate {
            LocalDate(year: year, month: m, day: d) ?? LocalDate(dayNumber: 0)
        }
        typealias N = HolidayNames
        var list: [(LocalDate, String)] = [(date(1, 1), N.newYear)]
        let tet = LunarCalendar.tet(year)
        for offset in -1...3 {
            list.append((tet.adding(days: offset), N.tet))
        }
        list.append((LunarCalendar.hungKingsDay(year), N.hungKings))
        list.append((date(4, 30), N.victoryDay))
        list.append((date(5, 1), N.labourDay))
        let adjacent = date(9, 1).weekday == 7 ? date(9, 3) : date(9, 1)
        list.append((adjacent, N.nationalDay))
        list.append((date(9, 2), N.nationalDay))
        if year >= 2026 {
            list.append((date(11, 24), N.cultureDay))
        }
        // Stable sort: on equal dates the fixed order above decides which holiday is made up.
        return list.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element)
    }
}
