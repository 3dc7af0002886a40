/// Why calendar data (a notice or a notice file) was refused.
public struct CalendarError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A sentence naming the problem and where it is, e.g.
    /// `notices[0].daysOff[1]: 2027-02-06 is a Saturday, not a weekday`.
    public let message: String

    /// An error with the given message.
    init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
