/// Reads the members of a scanned JSON object strictly (an event's envelope or its `data`), one typed
/// accessor per field kind, straight from the bytes: a value is converted only when it is read.
///
/// Every accessor names the failing field as a path (`occurredAt`, `data.dueAt`) and the rule it
/// broke; `finish()` refuses members that are not declared.
struct FieldReader {
    /// The text the members were scanned from.
    let bytes: [UInt8]
    /// The names this object may have, in canonical order.
    let declared: [String]
    /// The value of each declared name (null included), or `nil` when absent.
    private var values: [JSONSpan?]
    /// Whether the members appear as the canonical form writes them: in the declared order, none null,
    /// each a string, a boolean, an integer in plain decimal or an object (the envelope's `data`, read
    /// by a reader of its own), so that a compact text of such members is its own canonical form.
    private(set) var inCanonicalOrder = true
    /// What the messages name: the event type for `data`, "event" for the envelope.
    let subject: String
    /// `data.` for the members of `data`, empty for the envelope's.
    let prefix: String
    let eventID: EventID?

    /// A reader of an event's `data`; refuses members that are not declared.
    init(bytes: [UInt8], data members: [JSONMember], declared: [String], type: EventType, eventID: EventID)
        throws(EventError)
    {
        try self.init(
            bytes: bytes, members: members, declared: declared, subject: type.rawValue, prefix: "data.",
            eventID: eventID)
    }

    /// A reader of `members`; refuses those whose name is not `declared`.
    init(
        bytes: [UInt8], members: [JSONMember], declared: [String], subject: String, prefix: String, eventID: EventID?
    ) throws(EventError) {
        self.bytes = bytes
        self.declared = declared
        self.subject = subject
        self.prefix = prefix
        self.eventID = eventID
        values = Array(repeating: nil, count: declared.count)
        var next = 0
        for member in members {
            guard let index = declared.firstIndex(where: { JSONParser.string(bytes, member.key, equals: $0) }) else {
                let key = JSONParser.string(bytes, member.key)
                throw fail(.unknownField, key, "is not a field of \(subject) (\(declared.joined(separator: ", ")))")
            }
            values[index] = member.value
            if index < next { inCanonicalOrder = false }
            next = index + 1
            switch member.value.kind {
            case .string, .true, .false, .object: break
            case .number:
                let text = JSONParser.text(bytes, member.value)
                if Int(text).map({ String($0) }) != text { inCanonicalOrder = false }
            case .null, .array: inCanonicalOrder = false
            }
        }
    }

    /// The value of member `name` (a declared name), null included, or `nil` when absent.
    func member(_ name: String) -> JSONSpan? {
        guard let index = declared.firstIndex(of: name) else {
            preconditionFailure("\(name) is not a declared field of \(subject)")
        }
        return values[index]
    }

    private func fail(_ code: EventError.Code, _ name: String, _ rule: String) -> EventError {
        EventError(code, field: prefix + name, "\(subject): \(prefix)\(name) \(rule)", eventID: eventID)
    }

    /// An error about this object's member `name`.
    func invalid(_ code: EventError.Code, _ name: String, _ rule: String) -> EventError { fail(code, name, rule) }

    func required(_ name: String) throws(EventError) -> JSONSpan {
        guard let value = member(name), value.kind != .null else { throw fail(.missingField, name, "is required") }
        return value
    }

    private func optional(_ name: String) -> JSONSpan? {
        guard let value = member(name), value.kind != .null else { return nil }
        return value
    }

    func string(_ name: String) throws(EventError) -> String { try string(name, try required(name)) }

    private func string(_ name: String, _ value: JSONSpan) throws(EventError) -> String {
        try stringSpan(name, value)
        return JSONParser.string(bytes, value)
    }

    private func stringSpan(_ name: String, _ value: JSONSpan) throws(EventError) {
        guard value.kind == .string else {
            throw fail(.wrongType, name, "must be a string, not \(value.typeName)")
        }
    }

    func code(_ name: String) throws(EventError) -> Code {
        try code(name, try required(name))
    }

    func optionalCode(_ name: String) throws(EventError) -> Code? {
        guard let value = optional(name) else { return nil }
        return try code(name, value)
    }

    private func code(_ name: String, _ value: JSONSpan) throws(EventError) -> Code {
        try stringSpan(name, value)
        if !value.escaped, let code = Code(utf8: bytes[(value.start + 1)..<(value.end - 1)]) { return code }
        let text = JSONParser.string(bytes, value)
        guard let code = Code(text) else {
            throw fail(.invalidCode, name, "must be 1–64 characters of [A-Za-z0-9._-], got \"\(text)\"")
        }
        return code
    }

    /// Free text (names, reasons): non-empty after trimming, at most `maximumLength` characters.
    func text(_ name: String, maximumLength: Int) throws(EventError) -> String {
        let text = try string(name, try required(name))
        guard text.contains(where: { !$0.isWhitespace }) else { throw fail(.invalidValue, name, "must not be empty") }
        guard text.count <= maximumLength else {
            throw fail(.invalidValue, name, "must be at most \(maximumLength) characters")
        }
        return text
    }

    func bool(_ name: String) throws(EventError) -> Bool {
        let value = try required(name)
        guard value.kind == .true || value.kind == .false else {
            throw fail(.wrongType, name, "must be true or false, not \(value.typeName)")
        }
        return value.kind == .true
    }

    /// DOMAIN.md §2: every integer in an event is 0–1,000,000 (some fields narrower).
    static let maximumInteger = 1_000_000

    func integer(_ name: String, in range: ClosedRange<Int>) throws(EventError) -> Int {
        let value = try required(name)
        guard value.kind == .number else {
            throw fail(.wrongType, name, "must be a number, not \(value.typeName)")
        }
        let text = JSONParser.text(bytes, value)
        guard let number = Int(text) else { throw fail(.invalidValue, name, "must be a whole number, got \(text)") }
        guard range.contains(number) else {
            throw fail(.invalidValue, name, "must be between \(range.lowerBound) and \(range.upperBound), got \(text)")
        }
        return number
    }

    func timestamp(_ name: String) throws(EventError) -> Timestamp {
        try timestamp(name, try required(name))
    }

    func optionalTimestamp(_ name: String) throws(EventError) -> Timestamp? {
        guard let value = optional(name) else { return nil }
        return try timestamp(name, value)
    }

    /// DOMAIN.md §2: every instant in an event lies in local (UTC+7) years 2000–2099.
    private func timestamp(_ name: String, _ value: JSONSpan) throws(EventError) -> Timestamp {
        let text = try string(name, value)
        let timestamp: Timestamp
        do {
            timestamp =
                try value.escaped
                ? Timestamp(parsing: text) : Timestamp(bytes[(value.start + 1)..<(value.end - 1)], text: text)
        } catch .missingOffset {
            throw fail(.timestampWithoutOffset, name, "must carry a UTC offset (Z or ±HH:MM), got \"\(text)\"")
        } catch .outOfRange {
            throw outOfEventYears(name, text)
        } catch {
            throw fail(.invalidTimestamp, name, "must be an RFC 3339 timestamp, got \"\(text)\"")
        }
        guard Instant.eventRange.contains(timestamp.instant) else { throw outOfEventYears(name, text) }
        return timestamp
    }

    /// A date of an event (`effective`): `YYYY-MM-DD` in years 2000–2099, like its instants (our choice:
    /// DOMAIN.md §2 bounds instants, and a date of effect outside them could never be compared with one).
    func date(_ name: String) throws(EventError) -> LocalDate {
        let text = try string(name, try required(name))
        guard let date = LocalDate(iso: text) else {
            throw fail(.invalidValue, name, "must be a date YYYY-MM-DD, got \"\(text)\"")
        }
        guard LocalDate.eventYears.contains(date) else { throw outOfEventYears(name, text) }
        return date
    }

    private func outOfEventYears(_ name: String, _ text: String) -> EventError {
        fail(.invalidValue, name, "must lie in the local years \(LocalDate.eventYears.label) (UTC+7), got \"\(text)\"")
    }

    func choice<Choice: RawRepresentable<String> & CaseIterable>(_ name: String, _: Choice.Type) throws(EventError)
        -> Choice
    {
        let text = try string(name, try required(name))
        guard let choice = Choice(rawValue: text) else {
            let allowed = Choice.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw fail(.invalidValue, name, "must be one of \(allowed), got \"\(text)\"")
        }
        return choice
    }

}
