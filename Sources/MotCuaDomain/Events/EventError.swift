/// Why an event was refused: a stable code, the field at fault and a sentence an operator understands.
///
/// Codes never change meaning once released; HTTP `type` URIs and CLI output are derived from them.
public struct EventError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, machine-readable reason.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        // Shape of the input.
        /// The line or body is not JSON.
        public static let malformedJSON = Code(rawValue: "malformedJSON")
        /// A value has the wrong JSON type (string where a number belongs, …).
        public static let wrongType = Code(rawValue: "wrongType")
        /// A required field is absent.
        public static let missingField = Code(rawValue: "missingField")
        /// A field that this event type does not have.
        public static let unknownField = Code(rawValue: "unknownField")
        /// `type` names no event of DOMAIN.md §2.
        public static let unknownType = Code(rawValue: "unknownType")
        /// A value outside its vocabulary or range.
        public static let invalidValue = Code(rawValue: "invalidValue")
        /// A code that is not 1–64 characters of `[A-Za-z0-9._-]`.
        public static let invalidCode = Code(rawValue: "invalidCode")
        /// Not an RFC 3339 timestamp.
        public static let invalidTimestamp = Code(rawValue: "invalidTimestamp")
        /// A timestamp without `Z` or `±HH:MM`.
        public static let timestampWithoutOffset = Code(rawValue: "timestampWithoutOffset")
        /// `dueAt` not after `occurredAt`, `submittedAt` after `occurredAt`.
        public static let inconsistentTimes = Code(rawValue: "inconsistentTimes")

        // Stream rules.
        /// A first event (`…Received`, `…Registered`, `…Published`) for a stream that already exists.
        public static let streamExists = Code(rawValue: "streamExists")
        /// A follow-up event for a stream that has no first event.
        public static let streamNotFound = Code(rawValue: "streamNotFound")
        /// `occurredAt` earlier than the stream's previous event.
        public static let outOfOrder = Code(rawValue: "outOfOrder")
        /// `occurredAt` more than five minutes after the server's clock.
        public static let inFuture = Code(rawValue: "inFuture")
        /// A referenced agency is not registered.
        public static let unknownAgency = Code(rawValue: "unknownAgency")
        /// A referenced procedure is not published.
        public static let unknownProcedure = Code(rawValue: "unknownProcedure")
        /// A referenced procedure has been repealed.
        public static let procedureRepealed = Code(rawValue: "procedureRepealed")
        /// The event is not allowed in the stream's current state (DOMAIN.md §2, "allowed when").
        public static let notAllowed = Code(rawValue: "notAllowed")
        /// The same event id was seen before with other content.
        public static let idConflict = Code(rawValue: "idConflict")
        /// The caller's expected stream version does not match.
        public static let versionMismatch = Code(rawValue: "versionMismatch")

        // Authorisation.
        /// The stream is not held by an agency of the caller's scope, or the event needs an admin.
        public static let outOfScope = Code(rawValue: "outOfScope")
    }

    /// The stable reason.
    public let code: Code
    /// The field at fault as a path (`occurredAt`, `data.dueAt`), when one field is.
    public let field: String?
    /// What is wrong, in a sentence that names the subject and the rule.
    public let message: String
    /// The event's id, when it could be read.
    public var eventID: EventID?

    /// An error with its reason, field and message.
    public init(_ code: Code, field: String?, _ message: String, eventID: EventID? = nil) {
        self.code = code
        self.field = field
        self.message = message
        self.eventID = eventID
    }

    public var description: String {
        var text = message + " [" + code.rawValue
        if let field { text += ", field " + field }
        return text + "]"
    }
}
