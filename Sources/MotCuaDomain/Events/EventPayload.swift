/// The `data` of one event type: decoded strictly, written canonically.
protocol EventPayload: Sendable, Hashable {
    /// The event type this payload belongs to.
    static var type: EventType { get }
    /// The members in canonical order (DOMAIN.md §2).
    static var fields: [String] { get }
    /// The code naming the event's stream.
    var subject: Code { get }
    init(reading reader: FieldReader) throws(EventError)
    func write(to writer: inout CanonicalWriter)
}
