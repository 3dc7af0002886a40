import MotCuaDomain
import Testing

struct LunarCalendarTests {
    @Test(arguments: [
        (2024, "2024-02-10"), (2025, "2025-01-29"), (2026, "2026-02-17"), (2027, "2027-02-06"),
        (2030, "2030-02-02"),
        // Years where the Vietnamese (UTC+7) and Chinese (UTC+8) calendars differ.
        (1985, "1985-01-21"), (2007, "2007-02-17"),
    ])
    func tetFollowsTheVietnameseCalendar(year: Int, expected: String) {
        #expect(LunarCalendar.tet(year) == calDay(expected))
    }

    @Test(arguments: [
        (2023, "2023-04-29"), (2024, "2024-04-18"), (2025, "2025-04-07"), (2026, "2026-04-26"),
        (2027, "2027-04-16"),
    ])
    func hungKingsIsTenthDayOfThirdMonth(year: Int, expected: String) {
        #expect(LunarCalendar.hungKingsDay(year) == calDay(expected))
        #expect(LunarCalendar.solarDate(lunarDay: 10, lunarMonth: 3, lunarYear: year) == calDay(expected))
    }

    @Test func otherLunarDates() {
        // Mid-Autumn (15/8) 2025 and the last day of lunar year Ất Tỵ (29/12, a 29-day month).
        #expect(LunarCalendar.solarDate(lunarDay: 15, lunarMonth: 8, lunarYear: 2025) == calDay("2025-10-06"))
        #expect(LunarCalendar.solarDate(lunarDay: 1, lunarMonth: 12, lunarYear: 2025) == calDay("2026-01-19"))
        #expect(LunarCalendar.tet(2026).adding(days: -1) == calDay("2026-02-16"))
    }

    @Test func leapMonths() {
        #expect(LunarCalendar.leapMonth(in: 2020) == 4)
        #expect(LunarCalendar.leapMonth(in: 2023) == 2)
        #expect(LunarCalendar.leapMonth(in: 2025) == 6)
        #expect(LunarCalendar.leapMonth(in: 2024) == nil)
        #expect(LunarCalendar.leapMonth(in: 2026) == nil)
        // 2023: the regular 2nd month starts 20 Feb, the leap 2nd month 22 Mar.
        #expect(LunarCalendar.solarDate(lunarDay: 1, lunarMonth: 2, lunarYear: 2023) == calDay("2023-02-20"))
        let leapSecond = LunarCalendar.solarDate(lunarDay: 1, lunarMonth: 2, lunarYear: 2023, leap: true)
        #expect(leapSecond == calDay("2023-03-22"))
    }

    @Test func tetIsAlwaysInLateJanuaryOrFebruary() {
        for year in 1900...2199 {
            let tet = LunarCalendar.tet(year)
            #expect(tet >= LocalDate(year: year, month: 1, day: 21)!, "\(year)")
            #expect(tet <= LocalDate(year: year, month: 2, day: 20)!, "\(year)")
            // A lunar year has 353–355 days, or 383–385 with a leap month.
            let length = LunarCalendar.tet(year + 1).dayNumber - tet.dayNumber
            #expect([353, 354, 355, 383, 384, 385].contains(length), "\(year): \(length)")
        }
    }
}
