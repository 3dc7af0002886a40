/// Due times and deadlines for dossiers and complaints, counted in working days.
///
/// Periods in days do not count their first day (Civil Code 2015 Art. 147). Local time is UTC+7.
public enum Deadlines {
    /// Offices close at 17:00 local time; a dossier received at or after it counts as received the
    /// next working day, and due times fall at 17:00.
    public static let closingSecondOfDay = 17 * 3600
    /// A same-day dossier (0 days) received at or before 15:00 is due at 17:00 that day.
    public static let sameDayCutoffSecondOfDay = 15 * 3600
    /// A complaint (PAKN) must be rejected, if at all, within 2 working days of receipt or last transfer
    /// (National Public Service Portal rules).
    public static let complaintRejectionDays = 2
    /// A complaint must be answered within 15 working days of receipt or last transfer (Portal rules).
    public static let complaintAnswerDays = 15
    /// An answer must be published within 2 working days of the answer (Portal rules).
    public static let complaintPublicationDays = 2

    /// The due time of a dossier received at `receivedAt` with a time limit of `timeLimitDays` working days.
    ///
    /// A receipt on a non-working day, or at or after 17:00, counts as a receipt at 00:00 of the next
    /// working day. With `timeLimitDays = N ≥ 1` the due time is 17:00 on the N-th working day after the
    /// (effective) receipt day, which itself is not counted (Civil Code 2015 Art. 147). With `N = 0`
    /// (same day) it is 17:00 on the receipt day if received at or before 15:00 (a moved receipt always
    /// is), else 17:00 on the next working day.
    /// - Precondition: `timeLimitDays >= 0`.
    public static func due(receivedAt: Instant, timeLimitDays: Int, calendar: WorkingCalendar) -> Instant {
        precondition(timeLimitDays >= 0, "timeLimitDays must not be negative")
        var day = receivedAt.vietnamDate
        var received = receivedAt
        if !calendar.isWorkingDay(day) || receivedAt >= closing(day) {
            day = calendar.nextWorkingDay(onOrAfter: day.adding(days: 1))
            received = Instant(vietnam: day)
        }
        if timeLimitDays == 0 {
            let cutoff = Instant(vietnam: day).adding(nanoseconds: Int64(sameDayCutoffSecondOfDay) * 1_000_000_000)
            return received <= cutoff ? closing(day) : closing(calendar.workingDay(1, after: day))
        }
        return closing(calendar.workingDay(timeLimitDays, after: day))
    }

    /// Classifies a dossier as early, on time or late, following the National Public Service Portal's
    /// method for Decision 766/QĐ-TTg indicator 2.1.
    ///
    /// `end` is when handling ended, or the evaluation instant for a dossier still open. Supplement time
    /// is paused: `effectiveEnd = end − Σ((provided ?? end) − requested)` (a span that would be negative
    /// counts as 0). Two or more supplements make the dossier late regardless of times. Otherwise it is on
    /// time when `effectiveEnd ≤ due`: `early` if `effectiveEnd`'s local date is before the due's local
    /// date, else `onTime`; and `late` when `effectiveEnd > due`.
    public static func classify(due: Instant, end: Instant, supplements: [SupplementSpan]) -> Timeliness {
        if supplements.count >= 2 { return .late }
        let effectiveEnd = effectiveEnd(end, supplements: supplements)
        guard effectiveEnd <= due else { return .late }
        return effectiveEnd.vietnamDate < due.vietnamDate ? .early : .onTime
    }

    /// `end` less the time spent waiting for supplements: `end − Σ((provided ?? end) − requested)`, a span
    /// that would be negative counting as 0 (DOMAIN.md §4 step 2).
    public static func effectiveEnd(_ end: Instant, supplements: [SupplementSpan]) -> Instant {
        var pause: Int64 = 0
        for span in supplements {
            pause += max(0, (span.provided ?? end).nanoseconds - span.requested.nanoseconds)
        }
        return end.adding(nanoseconds: -pause)
    }

    /// The last day a complaint step limited to `days` working days may happen on: the `days`-th working
    /// day after `from` (the local date of receipt, of the last transfer, or of the answer), with no move
    /// for weekends or hours (Portal PAKN rules). `days = 0` gives `from`.
    public static func complaintDeadline(from: LocalDate, days: Int, calendar: WorkingCalendar) -> LocalDate {
        calendar.workingDay(days, after: from)
    }

    /// Whether a step at `step` meets a deadline day: its local (UTC+7) date is on or before `deadline`.
    public static func meets(_ step: Instant, deadline: LocalDate) -> Bool {
        step.vietnamDate <= deadline
    }

    /// 17:00 local on `day`.
    static func closing(_ day: LocalDate) -> Instant {
        Instant(vietnam: day).adding(nanoseconds: Int64(closingSecondOfDay) * 1_000_000_000)
    }
}
