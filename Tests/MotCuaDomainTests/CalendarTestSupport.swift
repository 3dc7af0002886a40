import MotCuaDomain

/// `YYYY-MM-DD` as a date; traps on a typo in a test.
func calDay(_ text: String) -> LocalDate {
    guard let date = LocalDate(iso: text) else { fatalError("bad test date \(text)") }
    return date
}

/// A local (UTC+7) wall-clock time as an instant.
func calLocal(_ date: String, _ hour: Int, _ minute: Int = 0, _ second: Int = 0) -> Instant {
    Instant(vietnam: calDay(date), hour: hour, minute: minute, second: second)
}
