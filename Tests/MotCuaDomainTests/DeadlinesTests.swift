import MotCuaDomain
import Testing

struct DeadlinesTests {
    let calendar = WorkingCalendar.builtIn

    func due(_ received: Instant, _ days: Int) -> String {
        Deadlines.due(receivedAt: received, timeLimitDays: days, calendar: calendar).vietnamRFC3339
    }

    @Test func dueAcrossTet() {
        #expect(due(calLocal("2025-01-24", 10), 5) == "2025-02-07T17:00:00+07:00")
        #expect(due(calLocal("2025-01-24", 18, 30), 5) == "2025-02-10T17:00:00+07:00")
    }

    @Test func dueFromInstantWrittenInAnotherOffset() throws {
        // 03:00Z is 10:00 in Vietnam.
        let received = try Timestamp(parsing: "2025-01-24T03:00:00Z").instant
        #expect(due(received, 5) == "2025-02-07T17:00:00+07:00")
    }

    @Test func saturdayReceiptCountsFromMonday() {
        #expect(due(calLocal("2025-03-08", 9), 1) == "2025-03-11T17:00:00+07:00")
        // A Saturday worked is a working day: received Sat 26/4/2025, due Mon 28/4.
        #expect(due(calLocal("2025-04-26", 9), 1) == "2025-04-28T17:00:00+07:00")
    }

    @Test func closingTimeMovesReceipt() {
        // Received Monday 16:59:59 vs exactly 17:00, 1 day.
        #expect(due(calLocal("2025-03-10", 16, 59, 59), 1) == "2025-03-11T17:00:00+07:00")
        #expect(due(calLocal("2025-03-10", 17), 1) == "2025-03-12T17:00:00+07:00")
    }

    @Test func holidayReceiptMoves() {
        // Received on Labour Day 2025 (Thursday), 2 days: effective receipt Mon 5/5, due Wed 7/5.
        #expect(due(calLocal("2025-05-01", 9), 2) == "2025-05-07T17:00:00+07:00")
        // Same-day dossier received on a holiday: due at 17:00 of the next working day.
        #expect(due(calLocal("2025-05-01", 16), 0) == "2025-05-05T17:00:00+07:00")
    }

    @Test func sameDayCutoff() {
        #expect(due(calLocal("2025-03-10", 15), 0) == "2025-03-10T17:00:00+07:00")
        #expect(due(calLocal("2025-03-10", 15, 1), 0) == "2025-03-11T17:00:00+07:00")
        // One nanosecond after 15:00 is after the cutoff.
        #expect(due(calLocal("2025-03-10", 15).adding(nanoseconds: 1), 0) == "2025-03-11T17:00:00+07:00")
        // Friday 15:01 → Monday; before a holiday run → the first working day after it.
        #expect(due(calLocal("2025-03-14", 15, 1), 0) == "2025-03-17T17:00:00+07:00")
        #expect(due(calLocal("2025-01-24", 15, 1), 0) == "2025-02-03T17:00:00+07:00")
        // Received after closing: moved to the next working day's start, which is before 15:00.
        #expect(due(calLocal("2025-03-10", 17, 30), 0) == "2025-03-11T17:00:00+07:00")
    }

    @Test func classificationBoundaries() {
        let dueAt = calLocal("2025-02-07", 17)
        #expect(Deadlines.classify(due: dueAt, end: calLocal("2025-02-06", 23, 59, 59), supplements: []) == .early)
        #expect(Deadlines.classify(due: dueAt, end: calLocal("2025-02-07", 0), supplements: []) == .onTime)
        #expect(Deadlines.classify(due: dueAt, end: dueAt, supplements: []) == .onTime)
        #expect(Deadlines.classify(due: dueAt, end: dueAt.adding(nanoseconds: 1), supplements: []) == .late)
        #expect(Deadlines.classify(due: dueAt, end: calLocal("2025-02-10", 9), supplements: []) == .late)
    }

    @Test func pauseForProvidedSupplement() {
        let dueAt = calLocal("2025-03-14", 17)
        // Ended 3 days late, but 3 days and 1 hour were spent waiting for the applicant.
        let span = SupplementSpan(requested: calLocal("2025-03-11", 9), provided: calLocal("2025-03-14", 10))
        #expect(Deadlines.classify(due: dueAt, end: calLocal("2025-03-16", 23), supplements: [span]) == .early)
        #expect(Deadlines.classify(due: dueAt, end: calLocal("2025-03-17", 16), supplements: [span]) == .onTime)
        // 3 days and 1 hour of pause from Mon 18:00 lands on Fri 17:00 exactly.
        #expect(Deadlines.classify(due: dueAt, end: calLocal("2025-03-17", 18), supplements: [span]) == .onTime)
        #expect(Deadlines.classify(due: dueAt, end: calLocal("2025-03-17", 18, 0, 1), supplements: [span]) == .late)
    }

    @Test func openSupplementPausesUntilEnd() {
        let dueAt = calLocal("2025-03-14", 17)
        let open = SupplementSpan(requested: calLocal("2025-03-13", 9))
        // Still waiting at evaluation time T: everything since the request is paused.
        #expect(Deadlines.classify(due: dueAt, end: calLocal("2025-03-20", 9), supplements: [open]) == .early)
        // Without the supplement the same T is late.
        #expect(Deadlines.classify(due: dueAt, end: calLocal("2025-03-20", 9), supplements: []) == .late)
    }

    @Test func twoSupplementsAreLate() {
        let dueAt = calLocal("2025-03-14", 17)
        let spans = [
            SupplementSpan(requested: calLocal("2025-03-10", 9), provided: calLocal("2025-03-10", 10)),
            SupplementSpan(requested: calLocal("2025-03-11", 9), provided: calLocal("2025-03-11", 10)),
        ]
        #expect(Deadlines.classify(due: dueAt, end: calLocal("2025-03-12", 9), supplements: spans) == .late)
        #expect(Deadlines.classify(due: dueAt, end: calLocal("2025-03-12", 9), supplements: [spans[0]]) == .early)
    }

    @Test func complaintDeadlines() {
        let received = calDay("2025-01-24")
        let rejection = Deadlines.complaintDeadline(
            from: received, days: Deadlines.complaintRejectionDays,
            calendar: calendar)
        #expect(rejection == calDay("2025-02-04"))
        let answer = Deadlines.complaintDeadline(
            from: received, days: Deadlines.complaintAnswerDays,
            calendar: calendar)
        #expect(answer == calDay("2025-02-21"))
        // Any hour of the deadline day meets it; the next day does not.
        #expect(Deadlines.meets(calLocal("2025-02-04", 23, 59), deadline: rejection))
        #expect(!Deadlines.meets(calLocal("2025-02-05", 0), deadline: rejection))
        // 2025-02-04T17:30Z is already 5 Feb in Vietnam.
        #expect(!Deadlines.meets(Instant(vietnam: calDay("2025-02-05"), hour: 0, minute: 30), deadline: rejection))
        // A transfer restarts the clock from its own date; publication counts from the answer.
        #expect(
            Deadlines.complaintDeadline(
                from: calDay("2025-02-14"), days: Deadlines.complaintAnswerDays,
                calendar: calendar) == calDay("2025-03-07"))
        #expect(
            Deadlines.complaintDeadline(
                from: calDay("2025-04-29"), days: Deadlines.complaintPublicationDays,
                calendar: calendar) == calDay("2025-05-06"))
        // A complaint received on a Saturday: no move, the deadline counts from Saturday.
        #expect(
            Deadlines.complaintDeadline(from: calDay("2025-03-08"), days: 2, calendar: calendar)
                == calDay("2025-03-11"))
    }
}
