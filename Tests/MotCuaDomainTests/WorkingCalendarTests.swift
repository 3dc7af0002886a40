import MotCuaDomain
import Testing

struct WorkingCalendarTests {
    let calendar = WorkingCalendar.builtIn

    /// The notice table from DOMAIN.md, written independently of the calendar's data (month, day).
    static let noticeDaysOff: [Int: [(Int, Int)]] = [
        2024: [(1, 1), (2, 8), (2, 9), (2, 12), (2, 13), (2, 14), (4, 18), (4, 29), (4, 30), (5, 1), (9, 2), (9, 3)],
        2025: [(1, 1), (1, 27), (1, 28), (1, 29), (1, 30), (1, 31), (4, 7), (4, 30), (5, 1), (5, 2), (9, 1), (9, 2)],
        2026: [
            (1, 1), (1, 2), (2, 16), (2, 17), (2, 18), (2, 19), (2, 20), (4, 27), (4, 30), (5, 1), (8, 31), (9, 1),
            (9, 2), (11, 24),
        ],
    ]
    static let noticeSaturdaysWorked: [Int: [(Int, Int)]] = [
        2024: [(5, 4)], 2025: [(4, 26)], 2026: [(1, 10), (8, 22)],
    ]

    @Test(arguments: [2024, 2025, 2026])
    func noticeYearsDayByDay(year: Int) {
        let off = Set(Self.noticeDaysOff[year]!.map { LocalDate(year: year, month: $0.0, day: $0.1)! })
        let worked = Set(Self.noticeSaturdaysWorked[year]!.map { LocalDate(year: year, month: $0.0, day: $0.1)! })
        var date = LocalDate(year: year, month: 1, day: 1)!
        var workingCount = 0
        while date.year == year {
            let expected = (date.weekday <= 5 && !off.contains(date)) || worked.contains(date)
            #expect(calendar.isWorkingDay(date) == expected, "\(date)")
            if expected { workingCount += 1 }
            date = date.adding(days: 1)
        }
        let special = calendar.specialDays(in: year)
        #expect(Set(special.filter { $0.kind == .dayOff }.map(\.date)) == off)
        #expect(Set(special.filter { $0.kind == .saturdayWorked }.map(\.date)) == worked)
        #expect(special.map(\.date) == special.map(\.date).sorted())
        #expect(special.allSatisfy { !$0.provisional })
        let dec31Before = LocalDate(year: year - 1, month: 12, day: 31)!
        #expect(
            calendar.workingDays(after: dec31Before, through: LocalDate(year: year, month: 12, day: 31)!)
                == workingCount)
    }

    @Test func builtInNoticesAreValidAndNamed() throws {
        for year in 2024...2026 {
            let days = calendar.specialDays(in: year)
            _ = try CalendarNotice(
                year: year, reference: "check", daysOff: days.filter { $0.kind == .dayOff },
                saturdaysWorked: days.filter { $0.kind == .saturdayWorked })
        }
        let names = Dictionary(
            uniqueKeysWithValues: (2024...2026).flatMap { calendar.specialDays(in: $0) }
                .map { ($0.date, $0.name) })
        #expect(names[calDay("2024-01-01")] == "Tết Dương lịch")
        #expect(names[calDay("2024-02-08")] == "Tết Nguyên đán")
        #expect(names[calDay("2024-04-18")] == "Giỗ Tổ Hùng Vương")
        #expect(names[calDay("2024-04-29")] == "Nghỉ hoán đổi (làm bù thứ Bảy 04/05/2024)")
        #expect(names[calDay("2024-05-04")] == "Làm bù cho 29/04/2024")
        #expect(names[calDay("2024-04-30")] == "Ngày Chiến thắng")
        #expect(names[calDay("2025-05-01")] == "Ngày Quốc tế Lao động")
        #expect(names[calDay("2025-05-02")] == "Nghỉ hoán đổi (làm bù thứ Bảy 26/04/2025)")
        #expect(names[calDay("2025-09-01")] == "Quốc khánh")
        #expect(names[calDay("2026-01-02")] == "Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)")
        #expect(names[calDay("2026-01-10")] == "Làm bù cho 02/01/2026")
        #expect(names[calDay("2026-04-27")] == "Nghỉ bù Giỗ Tổ Hùng Vương")
        #expect(names[calDay("2026-08-31")] == "Nghỉ hoán đổi (làm bù thứ Bảy 22/08/2026)")
        #expect(names[calDay("2026-08-22")] == "Làm bù cho 31/08/2026")
        #expect(names[calDay("2026-11-24")] == "Ngày Văn hóa Việt Nam")
        #expect(calendar.version == "vn-2026.1")
    }

    @Test func provisional2027() {
        let days = calendar.specialDays(in: 2027)
        let expected: [(String, String)] = [
            ("2027-01-01", "Tết Dương lịch"),
            // Tết: 5 Feb (last day of the lunar year), 6–9 Feb; 6 and 7 are a weekend.
            ("2027-02-05", "Tết Nguyên đán"), ("2027-02-08", "Tết Nguyên đán"), ("2027-02-09", "Tết Nguyên đán"),
            ("2027-02-10", "Nghỉ bù Tết Nguyên đán"), ("2027-02-11", "Nghỉ bù Tết Nguyên đán"),
            ("2027-04-16", "Giỗ Tổ Hùng Vương"), ("2027-04-30", "Ngày Chiến thắng"),
            // 1 May 2027 is a Saturday.
            ("2027-05-03", "Nghỉ bù Ngày Quốc tế Lao động"),
            ("2027-09-01", "Quốc khánh"), ("2027-09-02", "Quốc khánh"),
            ("2027-11-24", "Ngày Văn hóa Việt Nam"),
        ]
        #expect(days.map(\.date) == expected.map { calDay($0.0) })
        #expect(days.map(\.name) == expected.map(\.1))
        #expect(days.allSatisfy { $0.provisional && $0.kind == .dayOff })
        #expect(!calendar.isWorkingDay(calDay("2027-05-03")))
        #expect(calendar.isWorkingDay(calDay("2027-05-04")))
        #expect(!calendar.isWorkingDay(calDay("2027-05-01")))
    }

    @Test func provisionalMakeUpsDoNotCollide() {
        // 2023: Hùng Kings Sat 29/4, Victory Day Sun 30/4, Labour Day Mon 1/5 → make-ups Tue 2/5, Wed 3/5.
        let days = calendar.specialDays(in: 2023).filter { $0.date.components.month == 5 }
        #expect(days.map(\.date) == [calDay("2023-05-01"), calDay("2023-05-02"), calDay("2023-05-03")])
        #expect(days.map(\.name) == ["Ngày Quốc tế Lao động", "Nghỉ bù Giỗ Tổ Hùng Vương", "Nghỉ bù Ngày Chiến thắng"])
        // 1/1/2023 is a Sunday.
        #expect(calendar.specialDays(in: 2023).first?.date == calDay("2023-01-02"))
        // No 24/11 before 2026.
        #expect(!calendar.specialDays(in: 2025).contains { $0.date == calDay("2025-11-24") })
        #expect(calendar.isWorkingDay(calDay("2023-11-24")))
    }

    @Test func dayAdjacentToNationalDay() {
        // 2030: 1/9 is a Sunday, so the adjacent day is 3/9 and nothing is made up.
        let sep2030 = calendar.specialDays(in: 2030).filter { $0.date.components.month == 9 }.map(\.date)
        #expect(sep2030 == [calDay("2030-09-02"), calDay("2030-09-03")])
        #expect(calendar.isWorkingDay(calDay("2030-09-04")))
        // 2029: 1/9 Saturday and 2/9 Sunday are both made up, on Monday 3/9 and Tuesday 4/9.
        let sep2029 = calendar.specialDays(in: 2029).filter { $0.date.components.month == 9 }
        #expect(sep2029.map(\.date) == [calDay("2029-09-03"), calDay("2029-09-04")])
        #expect(sep2029.allSatisfy { $0.name == "Nghỉ bù Quốc khánh" })
    }

    @Test func workingDaysCount() {
        #expect(calendar.workingDays(after: calDay("2025-01-20"), through: calDay("2025-02-12")) == 12)
        #expect(calendar.workingDays(after: calDay("2025-02-12"), through: calDay("2025-01-20")) == 0)
        #expect(calendar.workingDays(after: calDay("2025-02-12"), through: calDay("2025-02-12")) == 0)
        // From a Friday to the following Monday: only Monday counts.
        #expect(calendar.workingDays(after: calDay("2025-03-07"), through: calDay("2025-03-10")) == 1)
    }

    @Test func workingDayAndNextWorkingDay() {
        #expect(calendar.workingDay(1, after: calDay("2025-01-24")) == calDay("2025-02-03"))
        #expect(calendar.workingDay(12, after: calDay("2025-01-20")) == calDay("2025-02-12"))
        #expect(calendar.workingDay(0, after: calDay("2025-01-25")) == calDay("2025-01-25"))
        #expect(calendar.nextWorkingDay(onOrAfter: calDay("2025-01-25")) == calDay("2025-02-03"))
        #expect(calendar.nextWorkingDay(onOrAfter: calDay("2025-02-03")) == calDay("2025-02-03"))
        // Saturday worked.
        #expect(calendar.nextWorkingDay(onOrAfter: calDay("2025-04-26")) == calDay("2025-04-26"))
    }

    @Test(arguments: ["1900-01-01", "1999-11-15", "2099-12-10", "2100-12-20", "2150-01-20", "2198-11-01"])
    func computedRangeAgreesWithDayByDayWalk(start: String) {
        // Outside 2000…2100 answers are computed; across the boundary both paths must agree.
        let from = calDay(start)
        var date = from
        var count = 0
        for n in 1...80 {
            date = date.adding(days: 1)
            while !calendar.isWorkingDay(date) { date = date.adding(days: 1) }
            count += 1
            #expect(calendar.workingDay(n, after: from) == date, "\(start) + \(n)")
            #expect(calendar.workingDays(after: from, through: date) == count)
        }
        // New Year's Day is off (or made up) in computed years too.
        let year = from.year + 1
        let jan1 = LocalDate(year: year, month: 1, day: 1)!
        if !jan1.isWeekend { #expect(!calendar.isWorkingDay(jan1)) }
        #expect(calendar.specialDays(in: year).first?.name.hasSuffix("Tết Dương lịch") == true)
    }
}

// MARK: - Notice files

extension WorkingCalendarTests {
    static let notice2027 = """
        {"notices": [{"year": 2027, "reference": "TB 1/TB-BNV",
          "daysOff": [{"date": "2027-01-01", "name": "Tết Dương lịch"},
                      {"date": "2027-02-05", "name": "Tết Nguyên đán"},
                      {"date": "2027-02-08", "name": "Tết Nguyên đán"},
                      {"date": "2027-02-09", "name": "Tết Nguyên đán"},
                      {"date": "2027-02-10", "name": "Tết Nguyên đán"},
                      {"date": "2027-02-11", "name": "Nghỉ hoán đổi (làm bù thứ Bảy 20/02/2027)"}],
          "saturdaysWorked": [{"date": "2027-02-20", "name": "Làm bù cho 11/02/2027"}]}]}
        """

    func load(_ json: String) throws -> [CalendarNotice] {
        try WorkingCalendar.notices(fromJSON: Array(json.utf8))
    }

    /// The message of the error thrown for `json`, or nil if it loads.
    func failure(_ json: String) -> String? {
        do {
            _ = try load(json)
            return nil
        } catch let error as CalendarError {
            return error.message
        } catch {
            return "unexpected error type \(error)"
        }
    }

    @Test func loadedNoticeReplacesProvisionalYear() throws {
        let notices = try load(Self.notice2027)
        #expect(notices.count == 1)
        #expect(notices[0].year == 2027 && notices[0].reference == "TB 1/TB-BNV")
        let loaded = calendar.adding(notices)
        let days = loaded.specialDays(in: 2027)
        #expect(days.count == 7)
        #expect(days.allSatisfy { !$0.provisional })
        #expect(days.last?.kind == .saturdayWorked)
        // Provisional make-up for 1 May (Saturday) no longer exists; the notice is complete for its year.
        #expect(loaded.isWorkingDay(calDay("2027-05-03")))
        #expect(!calendar.isWorkingDay(calDay("2027-05-03")))
        #expect(loaded.isWorkingDay(calDay("2027-04-16")))
        #expect(loaded.isWorkingDay(calDay("2027-02-20")))
        #expect(!loaded.isWorkingDay(calDay("2027-02-11")))
        // Other years are untouched.
        #expect(loaded.specialDays(in: 2026) == calendar.specialDays(in: 2026))
        #expect(loaded.specialDays(in: 2028) == calendar.specialDays(in: 2028))
        // Deadlines use the loaded data: received Thu 4/2/2027, 2 days → Fri 5/2 off, 8–11 off → 12, 15.
        let due = Deadlines.due(receivedAt: calLocal("2027-02-04", 9), timeLimitDays: 2, calendar: loaded)
        #expect(due.vietnamRFC3339 == "2027-02-15T17:00:00+07:00")
    }

    @Test func loadedNoticeReplacesBuiltInYear() throws {
        let json = """
            {"notices": [{"year": 2025, "reference": "test", "daysOff": [], "saturdaysWorked": []}]}
            """
        let loaded = calendar.adding(try load(json))
        #expect(loaded.specialDays(in: 2025).isEmpty)
        #expect(loaded.isWorkingDay(calDay("2025-01-29")))
        #expect(!loaded.isWorkingDay(calDay("2025-04-26")))
        #expect(!calendar.isWorkingDay(calDay("2025-01-29")))
    }

    @Test func versionReflectsLoadedContent() throws {
        let a = calendar.adding(try load(Self.notice2027))
        let again = calendar.adding(try load(Self.notice2027))
        let renamed = calendar.adding(try load(Self.notice2027.replacingOccurrences("TB 1/TB-BNV", "TB 2/TB-BNV")))
        #expect(calendar.version == "vn-2026.1")
        #expect(a.version.hasPrefix("vn-2026.1+"))
        let suffix = a.version.dropFirst("vn-2026.1+".count)
        #expect(suffix.count == 8 && suffix.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(a.version == again.version)
        #expect(a.version != renamed.version)
        #expect(calendar.adding([]).version == "vn-2026.1")
    }

    @Test func invalidFilesAreRefusedWithSpecificErrors() {
        func notice(_ body: String) -> String { "{\"notices\": [\(body)]}" }
        let ok = "\"year\": 2027, \"reference\": \"R\""
        let cases: [(String, String)] = [
            ("{\"notices\": [], \"extra\": 1}", "unknown key \"extra\""),
            (
                notice("{\(ok), \"daysOff\": [], \"saturdaysWorked\": [], \"comment\": \"x\"}"),
                "notices[0]: unknown key \"comment\""
            ),
            (
                notice(
                    "{\(ok), \"daysOff\": [{\"date\": \"2027-02-05\", \"name\": \"T\", \"note\": 1}], "
                        + "\"saturdaysWorked\": []}"), "notices[0].daysOff[0]: unknown key \"note\""
            ),
            (
                notice("{\(ok), \"daysOff\": [{\"date\": \"2027-02-06\", \"name\": \"T\"}], \"saturdaysWorked\": []}"),
                "notices[0].daysOff[0]: 2027-02-06 is a Saturday, not a weekday"
            ),
            (
                notice("{\(ok), \"daysOff\": [], \"saturdaysWorked\": [{\"date\": \"2027-02-07\", \"name\": \"L\"}]}"),
                "notices[0].saturdaysWorked[0]: 2027-02-07 is a Sunday, not a Saturday"
            ),
            (
                notice("{\(ok), \"daysOff\": [{\"date\": \"2028-01-03\", \"name\": \"T\"}], \"saturdaysWorked\": []}"),
                "notices[0].daysOff[0]: 2028-01-03 is outside the notice's year 2027"
            ),
            (
                notice(
                    "{\(ok), \"daysOff\": [], \"saturdaysWorked\": []}, {\(ok), \"daysOff\": [], "
                        + "\"saturdaysWorked\": []}"), "notices[1].year: 2027 already has a notice (notices[0])"
            ),
            (
                notice("{\(ok), \"daysOff\": [{\"date\": \"2027-02-30\", \"name\": \"T\"}], \"saturdaysWorked\": []}"),
                "notices[0].daysOff[0].date: \"2027-02-30\" is not a date"
            ),
            (
                notice(
                    "{\(ok), \"daysOff\": [{\"date\": \"2027-02-05\", \"name\": \"T\"}, "
                        + "{\"date\": \"2027-02-05\", \"name\": \"U\"}], \"saturdaysWorked\": []}"),
                "notices[0].daysOff[1]: 2027-02-05 appears more than once"
            ),
            (notice("{\(ok), \"daysOff\": []}"), "notices[0]: missing key \"saturdaysWorked\""),
            (
                notice("{\"year\": \"2027\", \"reference\": \"R\", \"daysOff\": [], \"saturdaysWorked\": []}"),
                "notices[0].year"
            ),
            (
                notice("{\(ok), \"daysOff\": [{\"date\": \"2027-02-05\", \"name\": \" \"}], \"saturdaysWorked\": []}"),
                "notices[0].daysOff[0].name: must not be empty"
            ),
            (
                notice("{\"year\": 2027.5, \"reference\": \"R\", \"daysOff\": [], \"saturdaysWorked\": []}"),
                "notices[0].year: 2027.5 is not a whole year"
            ),
            (
                notice("{\(ok), \"reference\": \"S\", \"daysOff\": [], \"saturdaysWorked\": []}"),
                "duplicate key \"reference\""
            ),
            ("{\"notices\": [", "not valid JSON"),
            ("[]", "(top level): must be an object, not an array"),
            ("{\"notices\": []} []", "not valid JSON"),
            (
                notice("{\(ok), \"daysOff\": null, \"saturdaysWorked\": []}"),
                "notices[0].daysOff: must be an array, not null"
            ),
            (
                notice("{\(ok), \"daysOff\": [{\"date\": 20270205, \"name\": \"T\"}], \"saturdaysWorked\": []}"),
                "notices[0].daysOff[0].date: must be a string, not a number"
            ),
            (
                notice(
                    "{\(ok), \"daysOff\": [{\"date\": \"2027-02-05\", \"name\": \"T\", \"name\": \"U\"}], "
                        + "\"saturdaysWorked\": []}"), "duplicate key \"name\""
            ),
        ]
        for (json, expected) in cases {
            let message = failure(json)
            #expect(message?.contains(expected) == true, "\(json) → \(message ?? "accepted")")
        }
    }

    @Test func noticeFilesAreJSONAsTheEventsAre() throws {
        // Escaped keys and strings read as their text; a 2027.0 year is the whole year 2027.
        let escaped =
            #"{"\u006eotices": [{"year": 2027.0, "reference": "TB \u0031", "daysOff": "#
            + #"[{"date": "2027-02-05", "name": "T\u1ebft"}], "saturdaysWorked": []}]}"#
        let notices = try WorkingCalendar.notices(fromJSON: Array(escaped.utf8))
        #expect(notices.map(\.year) == [2027])
        #expect(notices.first?.reference == "TB 1")
        #expect(notices.first?.daysOff.map(\.name) == ["Tết"])
        // Bytes that are not UTF-8 are refused, as in an event.
        let invalid =
            Array(#"{"notices": [{"year": 2027, "reference": ""#.utf8) + [0xC3, 0x28]
            + Array(#"", "daysOff": [], "saturdaysWorked": []}]}"#.utf8)
        #expect(throws: CalendarError.self) { try WorkingCalendar.notices(fromJSON: invalid) }
    }

    @Test func noticesBuiltInCodeAreValidatedToo() {
        let saturday = CalendarDay(date: calDay("2027-02-06"), kind: .dayOff, name: "T")
        #expect(throws: CalendarError.self) {
            try CalendarNotice(year: 2027, reference: "R", daysOff: [saturday], saturdaysWorked: [])
        }
        let wrongKind = CalendarDay(date: calDay("2027-02-05"), kind: .saturdayWorked, name: "T")
        #expect(throws: CalendarError.self) {
            try CalendarNotice(year: 2027, reference: "R", daysOff: [wrongKind], saturdaysWorked: [])
        }
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
