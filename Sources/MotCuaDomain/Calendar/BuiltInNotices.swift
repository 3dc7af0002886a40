/// The government notices shipped with the calendar (version ``version``).
///
/// Each notice is complete for its year, make-up and swapped days included.
enum BuiltInNotices {
    /// The data version reported for the built-in calendar.
    static let version = "vn-2026.1"

    /// Notices for 2024, 2025 and 2026.
    static let all: [CalendarNotice] = [notice2024, notice2025, notice2026]

    private typealias N = HolidayNames

    private static func off(_ y: Int, _ m: Int, _ d: Int, _ name: String) -> CalendarDay {
        CalendarDay(date: date(y, m, d), kind: .dayOff, name: name)
    }

    private static func worked(_ y: Int, _ m: Int, _ d: Int, for dayOff: LocalDate) -> CalendarDay {
        CalendarDay(date: date(y, m, d), kind: .saturdayWorked, name: N.saturdayWorked(for: dayOff))
    }

    private static func date(_ y: Int, _ m: Int, _ d: Int) -> LocalDate {
        LocalDate(year: y, month: m, day: d) ?? LocalDate(dayNumber: 0)
    }

    /// TB 5015/TB-LĐTBXH; CV 2450/VPCP-KGVX (29/4 swapped with Saturday 4/5).
    static let notice2024 = CalendarNotice(
        uncheckedYear: 2024, reference: "TB 5015/TB-LĐTBXH, CV 2450/VPCP-KGVX",
        daysOff: [
            off(2024, 1, 1, N.newYear),
            off(2024, 2, 8, N.tet), off(2024, 2, 9, N.tet), off(2024, 2, 12, N.tet),
            off(2024, 2, 13, N.tet), off(2024, 2, 14, N.tet),
            off(2024, 4, 18, N.hungKings),
            off(2024, 4, 29, N.swapped(workedOn: date(2024, 5, 4))),
            off(2024, 4, 30, N.victoryDay), off(2024, 5, 1, N.labourDay),
            off(2024, 9, 2, N.nationalDay), off(2024, 9, 3, N.nationalDay),
        ],
        saturdaysWorked: [worked(2024, 5, 4, for: date(2024, 4, 29))])

    /// TB 6150/TB-BLĐTBXH (2/5 swapped with Saturday 26/4).
    static let notice2025 = CalendarNotice(
        uncheckedYear: 2025, reference: "TB 6150/TB-BLĐTBXH",
        daysOff: [
            off(2025, 1, 1, N.newYear),
            off(2025, 1, 27, N.tet), off(2025, 1, 28, N.tet), off(2025, 1, 29, N.tet),
            off(2025, 1, 30, N.tet), off(2025, 1, 31, N.tet),
            off(2025, 4, 7, N.hungKings),
            off(2025, 4, 30, N.victoryDay), off(2025, 5, 1, N.labourDay),
            off(2025, 5, 2, N.swapped(workedOn: date(2025, 4, 26))),
            off(2025, 9, 1, N.nationalDay), off(2025, 9, 2, N.nationalDay),
        ],
        saturdaysWorked: [worked(2025, 4, 26, for: date(2025, 5, 2))])

    /// TB 9441/TB-BNV; CV 12729/VPCP-KGVX (2/1 and 31/8 swapped with Saturdays 10/1 and 22/8; Hùng Kings
    /// on Sunday 26/4 made up on 27/4; 24/11 per Resolution 28/2026/QH16).
    static let notice2026 = CalendarNotice(
        uncheckedYear: 2026, reference: "TB 9441/TB-BNV, CV 12729/VPCP-KGVX",
        daysOff: [
            off(2026, 1, 1, N.newYear),
            off(2026, 1, 2, N.swapped(workedOn: date(2026, 1, 10))),
            off(2026, 2, 16, N.tet), off(2026, 2, 17, N.tet), off(2026, 2, 18, N.tet),
            off(2026, 2, 19, N.tet), off(2026, 2, 20, N.tet),
            off(2026, 4, 27, N.makeUp(for: N.hungKings)),
            off(2026, 4, 30, N.victoryDay), off(2026, 5, 1, N.labourDay),
            off(2026, 8, 31, N.swapped(workedOn: date(2026, 8, 22))),
            off(2026, 9, 1, N.nationalDay), off(2026, 9, 2, N.nationalDay),
            off(2026, 11, 24, N.cultureDay),
        ],
        saturdaysWorked: [
            worked(2026, 1, 10, for: date(2026, 1, 2)),
            worked(2026, 8, 22, for: date(2026, 8, 31)),
        ])
}

extension CalendarNotice {
    /// A notice from trusted built-in data, without validation (the tests validate it).
    init(uncheckedYear year: Int, reference: String, daysOff: [CalendarDay], saturdaysWorked: [CalendarDay]) {
        self.year = year
        self.reference = reference
        self.daysOff = daysOff
        self.saturdaysWorked = saturdaysWorked
    }
}
