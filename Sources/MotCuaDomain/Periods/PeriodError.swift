/// A period label that ``ReportPeriod/init(parsing:basis:)`` does not accept.
///
/// Source: DOMAIN.md §5 (report periods, Decree 09/2019/NĐ-CP Art. 12). The message names the label, says what is
/// wrong with it and lists every accepted form, so that it can be shown to the user as it is.
public struct PeriodError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The label exactly as it was given.
    public let label: String
    /// What is wrong with the label, in one short clause (e.g. `the quarter must be Q1–Q4`).
    public let reason: String
    /// The full message: the label (quoted and escaped), the reason and the accepted forms.
    public let message: String

    /// The accepted label forms, as listed in every message.
    ///
    /// Source: DOMAIN.md §5.
    public static let acceptedForms =
        "YYYY (year), YYYY-MM (month), YYYY-Q1…YYYY-Q4 (quarter), YYYY-H1 or YYYY-H2 (half), "
        + "YYYY-9M (nine months) or YYYY-MM-DD..YYYY-MM-DD (inclusive range, first ≤ last); "
        + "years 1900–9998, letters in upper case, no spaces"

    init(label: String, reason: String) {
        self.label = label
        self.reason = reason
        self.message =
            "invalid period label \(label.debugDescription): \(reason); accepted forms: \(PeriodError.acceptedForms)"
    }

    /// The same as ``message``.
    public var description: String { message }
}
