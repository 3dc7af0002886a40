/// One event of the interchange format: `{"id", "type", "occurredAt", "data"}` (DESIGN.md).
///
/// A value with its parts in one shared, immutable box: an event passes through decoding, the rules,
/// the writer and the projections, and each copy costs one reference count instead of one per field.
public struct EventEnvelope: Sendable, Hashable {
    private final class Parts: Sendable {
        let id: EventID
        let occurredAt: Timestamp
        let data: EventData
        let canonicalJSON: [UInt8]

        init(id: EventID, occurredAt: Timestamp, data: EventData, canonicalJSON: [UInt8]) {
            self.id = id
            self.occurredAt = occurredAt
            self.data = data
            self.canonicalJSON = canonicalJSON
        }
    }

    private let parts: Parts

    /// Chosen by the sender; makes a post idempotent.
    public var id: EventID { parts.id }
    /// When it happened at the center; drives every KPI.
    public var occurredAt: Timestamp { parts.occurredAt }
    /// The typed content.
    public var data: EventData { parts.data }

    /// The event's type.
    public var type: EventType { data.type }
    /// The event's stream.
    public var stream: StreamID { data.stream }

    /// The envelope's members, in canonical order.
    package static let members = ["id", "type", "occurredAt", "data"]

    /// The canonical JSON bytes of this event (docs/canonical-form.md): the bytes the store hashes.
    /// Encoded once, where the event is decoded (off the writer's core), and shared from then on.
    public var canonicalJSON: [UInt8] { parts.canonicalJSON }

    /// An event built from values, not decoded (the simulator's), its canonical form written here.
    /// Nothing is checked: decoding is what checks outside events, and the builder's tests decode its
    /// events' `canonicalJSON` again.
    package init(id: EventID, occurredAt: Timestamp, data: EventData) {
        self.init(id: id, occurredAt: occurredAt, data: data, canonical: nil)
    }

    /// An event; `canonical` is its canonical form when the caller has it already (decoded bytes that
    /// were canonical), else it is written here.
    init(id: EventID, occurredAt: Timestamp, data: EventData, canonical: [UInt8]?) {
        let canonicalJSON: [UInt8]
        if let canonical {
            canonicalJSON = canonical
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
            canonicalJSON = w.bytes
        }
        parts = Parts(id: id, occurredAt: occurredAt, data: data, canonicalJSON: canonicalJSON)
    }

    /// Events are equal when their canonical bytes are: those bytes are written from every part.
    public static func == (lhs: EventEnvelope, rhs: EventEnvelope) -> Bool {
        lhs.parts === rhs.parts || lhs.canonicalJSON == rhs.canonicalJSON
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(canonicalJSON)
    }

    /// Decodes one interchange event from JSON bytes, strictly (DOMAIN.md §2): unknown types or
    /// fields, missing fields, wrong JSON types, values out of range, codes of the wrong syntax,
    /// timestamps without offset, `dueAt` not after `occurredAt` and `submittedAt` after it are
    /// refused with the field and the rule.
    ///
    /// Bytes already in canonical form (docs/canonical-form.md) become the event's `canonicalJSON` as
    /// they are; only other spellings are written anew.
    public static func decode(json bytes: [UInt8]) throws(EventError) -> EventEnvelope {
        try decode(json: bytes, in: nil)
    }

    /// Decodes the event whose JSON text is `range` of `bytes` (an item of a larger text), or all of them.
    package static func decode(json bytes: [UInt8], in range: Range<Int>?) throws(EventError) -> EventEnvelope {
        let document = try scan(bytes, in: range)
        return try decode(bytes, document, text: document.compact ? range ?? 0..<bytes.count : nil)
    }

    /// Scans an event's JSON text for `decode(_:_:text:)`: its members and those of its `data`.
    package static func scan(_ bytes: [UInt8], in range: Range<Int>? = nil) throws(EventError) -> JSONParser.Document {
        do {
            return try JSONParser.scan(bytes, in: range, expanding: "data")
        } catch {
            throw EventError(.malformedJSON, field: nil, "not a JSON event: \(error)")
        }
    }

    /// Decodes an event from a scan of its text; `text` is where that text lies in `bytes` when it was
    /// compact (`JSONParser.Document.compact`), so that a canonical text is kept as it is. With `braced`,
    /// `text` holds the event's members only (a recorded line's middle), and the braces are added.
    package static func decode(
        _ bytes: [UInt8], _ document: JSONParser.Document, text: Range<Int>?, braced: Bool = false
    ) throws(EventError) -> EventEnvelope {
        guard document.root.kind == .object else {
            throw EventError(
                .wrongType, field: nil, "an event must be a JSON object, not \(document.root.typeName)")
        }
        let members = document.members
        var eventID: EventID?
        var idLowerCase = false
        if let id = members.first(where: { JSONParser.string(bytes, $0.key, equals: "id") })?.value,
            id.kind == .string
        {
            if id.escaped {
                eventID = EventID(JSONParser.string(bytes, id))
            } else {
                let digits = bytes[(id.start + 1)..<(id.end - 1)]
                eventID = EventID(utf8: digits)
                idLowerCase = !digits.contains { (UInt8(ascii: "A")...UInt8(ascii: "F")).contains($0) }
            }
        }
        let envelope = try FieldReader(
            bytes: bytes, members: members, declared: self.members, subject: "event", prefix: "", eventID: eventID)
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
        guard dataValue.kind == .object, let dataMembers = document.nested else {
            throw envelope.invalid(.wrongType, "data", "must be an object, not \(dataValue.typeName)")
        }
        var dataInOrder = false
        let data = try EventData.decode(type, bytes, dataMembers, eventID: id, inCanonicalOrder: &dataInOrder)
        if case .dossierReceived(let received) = data {
            func inconsistent(_ name: String, _ rule: String) -> EventError {
                EventError(.inconsistentTimes, field: "data.\(name)", "\(type): data.\(name) \(rule)", eventID: id)
            }
            if let due = received.dueAt, due.instant <= occurredAt.instant {
                throw inconsistent("dueAt", "must be after occurredAt (\(occurredAt.text)), got \"\(due.text)\"")
            }
            if let submitted = received.submittedAt, submitted.instant > occurredAt.instant {
                throw inconsistent(
                    "submittedAt", "must not be after occurredAt (\(occurredAt.text)), got \"\(submitted.text)\"")
            }
        }
        // Compact, every member present in canonical order, and the id in lower case: the text is the
        // canonical form.
        let canonical =
            dataInOrder && idLowerCase && envelope.inCanonicalOrder && members.count == self.members.count
            ? text.map { range in
                braced
                    ? [UInt8(ascii: "{")] + bytes[range] + [UInt8(ascii: "}")]
                    : range == bytes.indices ? bytes : Array(bytes[range])
            } : nil
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
