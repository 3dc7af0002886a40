import MotCuaDomain

/// Time arithmetic of the simulator in epoch seconds, on the working-day calendar (DOMAIN.md §3–4).
struct SimulationClock {
    /// The calendar that decides working days and due dates.
    let calendar: WorkingCalendar

    /// Seconds in a day.
    static let day: Int64 = 86_400

    /// The local (UTC+7) date of an instant.
    static func date(_ seconds: Int64) -> LocalDate {
        Instant(epochSeconds: seconds).vietnamDate
    }

    /// Epoch seconds of a local time: `secondOfDay` after 00:00+07:00 on `day`.
    static func at(_ day: LocalDate, secondOfDay: Int) -> Int64 {
        Instant(vietnam: day).epochSeconds + Int64(secondOfDay)
    }

    /// 17:00 local on `day`, when offices close and dues fall.
    static func closing(_ day: LocalDate) -> Int64 {
        at(day, secondOfDay: Deadlines.closingSecondOfDay)
    }

    /// The instant as an event's timestamp: `+07:00` RFC 3339 text with whole seconds.
    static func timestamp(_ seconds: Int64) -> Timestamp {
        Timestamp(vietnam: Instant(epochSeconds: seconds))
    }

    func isWorkingDay(_ day: LocalDate) -> Bool {
        calendar.isWorkingDay(day)
    }

    /// The `n`-th working day after `day` (`n = 0`: `day` itself).
    func workingDay(_ n: Int, after day: LocalDate) -> LocalDate {
        calendar.workingDay(n, after: day)
    }

    /// `day` if it is a working day, else the next one.
    func nextWorkingDay(onOrAfter day: LocalDate) -> LocalDate {
        calendar.nextWorkingDay(onOrAfter: day)
    }

    /// Working days `d` with `from < d ≤ to`.
    func workingDays(after from: LocalDate, through to: LocalDate) -> Int {
        calendar.workingDays(after: from, through: to)
    }

    /// The due of a dossier received at `received` for a limit of `days` working days (§4).
    func due(received: Int64, days: Int) -> Int64 {
        Deadlines.due(receivedAt: Instant(epochSeconds: received), timeLimitDays: days, calendar: calendar)
            .epochSeconds
    }

    /// A time during office hours (08:00–17:00) on `day`, or shortly after `previous` when that
    /// office time would not be later than it.
    func officeTime(on day: LocalDate, after previous: Int64, random: inout SplitMix64) -> Int64 {
        let candidate = Self.at(day, secondOfDay: 8 * 3600 + random.int(0...(9 * 3600 - 1)))
        return candidate > previous ? candidate : previous + random.int64(60...3600)
    }
}
