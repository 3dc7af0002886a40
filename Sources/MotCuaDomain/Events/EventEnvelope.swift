/// One event of the interchange format: `{"id", "type", "occurredAt", "data"}` (DESIGN.md).
public struct EventEnvelope: Sendable, Hashable {
    /// Chosen by the sender; makes a post idempotent.
    public let id: EventID
    /// When it happened at the center; drives every KPI.
    public let occurredAt: Timestamp
    /// The typed content.
    public let data: EventData

    /// The event's type.
    public var type: EventType { data.type }
    /// The event's stream.
    public var stream: StreamID { data.stream }

    /// The envelope's members, in canonical order.
    static let members = ["id", "type", "occurredAt", "data"]

    /// The canonical JSON bytes of this event (docs/canonical-form.md): the bytes the store hashes.
    /// Encoded once, where the event is decoded (off the writer's core), and shared from then on.
    public let canonicalJSON: [UInt8]

    /// An event; `canonical` is its canonical form when the caller has it already (decoded bytes that
    /// were canonical), else it is written here.
    init(id: EventID, occurredAt: Timestamp, data: EventData, canonical: [UInt8]? = nil) {
        self.id = id
        self.occurredAt = occurredAt
        self.data = data
        if let canonical {
            self.canonicalJSON = canonical
            #if DEBUG
                // Every test that decodes an event checks the pass-through against the writer.
                var w = CanonicalWriter()
                EventEnvelope.writeCanonical(id: id, occurredAt: occurredAt, data: data, to: &w)
                assert(
                    w.bytes == canonical,
                    "bytes taken as canonical are not: \(String(decoding: canonical, as: UTF8.self))")
            #endif
        } else {
            var w = CanonicalWriter()
            EventEnvelope.writeCanonical(id: id, occurredAt: occurredAt, data: data, to: &w)
            self.canonicalJSON = w.bytes
        }
    }

    /// Decodes one interchange event from JSON bytes, strictly (DOMAIN.md §2): unknown types or
    /// fields, missing fields, wrong JSON types, values out of range, codes of the wrong syntax,
    /// timestamps without offset, `dueAt` not after `occurredAt` and `submittedAt` after it are
    /// refused with the field and the rule.
    ///
    /// Bytes already in canonical form (docs/canonical-form.md) become the event's `canonicalJSON` as
    /// they are; only other spellings are written anew.
    public static func decode(json bytes: [UInt8]) throws(EventError) -> EventEnvelope {
        let parsed: (value: JSONValue, compact: Bool)
        do {
            parsed = try JSONParser.parseNoting(bytes)
        } catch {
            throw EventError(.malformedJSON, field: nil, "not a JSON event: \(error)")
        }
        return try decode(parsed.value, text: parsed.compact ? bytes : nil)
    }

    /// Decodes one interchange event from a parsed JSON value.
    package static func decode(_ value: JSONValue) throws(EventError) -> EventEnvelope {
        try decode(value, text: nil)
    }

    /// Decodes an event; `text` is the JSON text it was parsed from when that text was compact
    /// (`JSONParser.parseNoting`), so that a canonical text is kept as it is.
    package static func decode(_ value: JSONValue, text: [UInt8]?) throws(EventError) -> EventEnvelope {
        guard case .object(let object) = value else {
            throw EventError(.wrongType, field: nil, "an event must be a JSON object, not \(value.typeName)")
        }
        var eventID: EventID?
        if case .string(let text)? = object["id"] { eventID = EventID(text) }
        let envelope = FieldReader(object: object, subject: "event", prefix: "", eventID: eventID)
        try envelope.finish(declared: members)
        let idText = try envelope.string("id")
        guard let id = eventID else {
            throw envelope.invalid(
                .invalidValue, "id", "must be a UUID like 0b9e2f7c-5d1a-4c3e-9f2a-7a6b5c4d3e2f, got \"\(idText)\"")
        }
        let typeText = try envelope.string("type")
        guard let type = EventType(rawValue: typeText) else {
            throw envelope.invalid(.unknownType, "type", "\"\(typeText)\" is not an event type of MotCua")
        }
        let occurredAt = try envelope.timestamp("occurredAt")
        let dataValue = try envelope.required("data")
        guard case .object(let dataObject) = dataValue else {
            throw envelope.invalid(.wrongType, "data", "must be an object, not \(dataValue.typeName)")
        }
        let reader = FieldReader(data: dataObject, type: type, eventID: id)
        var dataInOrder = false
        let data = try EventData.decode(type, reader, inCanonicalOrder: &dataInOrder)
        if case .dossierReceived(let received) = data {
            if let due = received.dueAt, due.instant <= occurredAt.instant {
                throw reader.inconsistent("dueAt", "must be after occurredAt (\(occurredAt.text)), got \"\(due.text)\"")
            }
            if let submitted = received.submittedAt, submitted.instant > occurredAt.instant {
                throw reader.inconsistent(
                    "submittedAt", "must not be after occurredAt (\(occurredAt.text)), got \"\(submitted.text)\"")
            }
        }
        // Compact, members in canonical order, and the id in lower case: the text is the canonical form.
        let canonical =
            dataInOrder && object.members.count == members.count
                && zip(object.members, members).allSatisfy({ $0.key == $1 })
                && !idText.utf8.contains(where: { (UInt8(ascii: "A")...UInt8(ascii: "F")).contains($0) })
            ? text : nil
        return EventEnvelope(id: id, occurredAt: occurredAt, data: data, canonical: canonical)
    }

    /// Writes `{"id":…,"type":…,"occurredAt":…,"data":{…}}` canonically.
    private static func writeCanonical(id: EventID, occurredAt: Timestamp, data: EventData, to w: inout CanonicalWriter)
    {
        w.beginObject()
        w.field("id", plainUTF8: id.utf8)
        w.field("type", data.type.rawValue)
        w.field("occurredAt", occurredAt)
        w.key("data")
        w.beginObject()
        data.write(to: &w)
        w.endObject()
        w.endObject()
    }
}
