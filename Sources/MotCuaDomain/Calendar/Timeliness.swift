/// How a dossier's handling compares with its due time (Decision 766/QĐ-TTg, indicator 2.1).
public enum Timeliness: String, Sendable {
    /// Finished on a local date before the due date.
    case early
    /// Finished on the due date, at or before the due time.
    case onTime
    /// Finished after the due time, or supplemented more than once.
    case late
}
