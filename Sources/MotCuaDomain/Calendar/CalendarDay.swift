/// A day that departs from the Monday-to-Friday rule: a weekday off, or a Saturday worked.
///
/// Days off are public holidays (Labour Code 2019 Art. 112), days made up for a holiday falling on a
/// weekly rest day (Art. 111(3)) and weekdays swapped with a Saturday by government notice.
public struct CalendarDay: Sendable, Hashable {
    /// Whether the day is taken off or worked.
    public enum Kind: String, Sendable, Hashable {
        /// A Monday-to-Friday date that is not worked.
        case dayOff
        /// A Saturday that is worked (in exchange for a weekday off).
        case saturdayWorked
    }

    /// The local date.
    public let date: LocalDate
    /// Day off or Saturday worked.
    public let kind: Kind
    /// The Vietnamese name, e.g. `Tết Nguyên đán` or `Nghỉ bù Ngày Quốc tế Lao động`.
    public let name: String
    /// True when computed by the calendar's rules for a year without a government notice; false when it
    /// comes from a notice.
    public let provisional: Bool

    /// A special day; `provisional` is false for days taken from a notice.
    public init(date: LocalDate, kind: Kind, name: String, provisional: Bool = false) {
        self.date = date
        self.kind = kind
        self.name = name
        self.provisional = provisional
    }
}
