/// Reads the members of a JSON object strictly (an event's envelope or its `data`), one typed accessor
/// per field kind.
///
/// Every accessor names the failing field as a path (`occurredAt`, `data.dueAt`) and the rule it
/// broke; `finish()` refuses members that are not declared.
struct FieldReader {
    let object: JSONObject
    /// What the messages name: the event type for `data`, "event" for the envelope.
    let subject: String
    /// `data.` for the members of `data`, empty for the envelope's.
    let prefix: String
    let eventID: EventID?

    /// A reader of an event's `data`.
    init(data object: JSONObject, type: EventType, eventID: EventID) {
        self.init(object: object, subject: type.rawValue, prefix: "data.", eventID: eventID)
    }

    init(object: JSONObject, subject: String, prefix: String, eventID: EventID?) {
        self.object = object
        self.subject = subject
        self.prefix = prefix
        self.eventID = eventID
    }

    private func fail(_ code: EventError.Code, _ name: String, _ rule: String) -> EventError {
        EventError(code, field: prefix + name, "\(subject): \(prefix)\(name) \(rule)", eventID: eventID)
    }

    /// An error about this object's member `name`.
    func invalid(_ code: EventError.Code, _ name: String, _ rule: String) -> EventError { fail(code, name, rule) }

    func required(_ name: String) throws(EventError) -> JSONValue {
        guard let value = object[name], value != .null else { throw fail(.missingField, name, "is required") }
        return value
    }

    private func optional(_ name: String) -> JSONValue? {
        guard let value = object[name], value != .null else { return nil }
        return value
    }

    func string(_ name: String) throws(EventError) -> String { try string(name, try required(name)) }

    private func string(_ name: String, _ value: JSONValue) throws(EventError) -> String {
        guard case .string(let text) = value else {
            throw fail(.wrongType, name, "must be a string, not \(value.typeName)")
        }
        return text
    }

    func code(_ name: String) throws(EventError) -> Code {
        try code(name, try required(name))
    }

    func optionalCode(_ name: String) throws(EventError) -> Code? {
        guard let value = optional(name) else { return nil }
        return try code(name, value)
    }

    private func code(_ name: String, _ value: JSONValue) throws(EventError) -> Code {
        let text = try string(name, value)
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
        guard case .bool(let flag) = value else {
            throw fail(.wrongType, name, "must be true or false, not \(value.typeName)")
        }
        return flag
    }

    /// DOMAIN.md §2: every integer in an event is 0–1,000,000 (some fields narrower).
    static let maximumInteger = 1_000_000

    func integer(_ name: String, in range: ClosedRange<Int>) throws(EventError) -> Int {
        let value = try required(name)
        guard case .number(let text) = value else {
            throw fail(.wrongType, name, "must be a number, not \(value.typeName)")
        }
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
    private func timestamp(_ name: String, _ value: JSONValue) throws(EventError) -> Timestamp {
        let text = try string(name, value)
        let timestamp: Timestamp
        do {
            timestamp = try Timestamp(parsing: text)
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

    /// Refuses members that are not declared, and tells whether the members appear as the canonical form
    /// writes them: in the declared order, none null, each a string, a boolean or an integer in plain
    /// decimal (so that a compact text of such members is its own canonical form).
    @discardableResult
    func finish(declared: [String]) throws(EventError) -> Bool {
        var next = 0
        var ordered = true
        for member in object.members {
            guard let index = declared.firstIndex(of: member.key) else {
                throw fail(
                    .unknownField, member.key, "is not a field of \(subject) (\(declared.joined(separator: ", ")))")
            }
            if index < next { ordered = false }
            next = index + 1
            switch member.value {
            case .string, .bool: break
            case .number(let text): if Int(text).map({ String($0) }) != text { ordered = false }
            case .null, .array, .object: ordered = false
            }
        }
        return ordered
    }

    /// An error about the relation between two fields of this event.
    func inconsistent(_ name: String, _ rule: String) -> EventError { fail(.inconsistentTimes, name, rule) }
}
