public import MotCuaDomain

/// One line of an NDJSON file to import: an interchange event, or a recorded event from an export
/// (which keeps its position, `recordedAt` and hash so that the import reproduces the chain).
public enum ImportLine: Sendable {
    case event(EventEnvelope)
    case recorded(EventEnvelope, RecordedOrigin)

    /// The members a recorded line adds around the interchange event, in export order.
    static let recordedMembers = ["position", "stream", "version", "recordedAt", "hash"]

    /// Decodes a line: a recorded event when it has a `position` member, an interchange event otherwise.
    public static func decode(_ bytes: [UInt8]) throws(EventError) -> ImportLine {
        var document = try EventEnvelope.scan(bytes)
        let recorded = document.members
        func member(_ name: String) -> JSONSpan? {
            recorded.first { JSONParser.string(bytes, $0.key, equals: name) }?.value
        }
        guard document.root.kind == .object, let positionSpan = member("position") else {
            return .event(try EventEnvelope.decode(bytes, document, text: document.compact ? bytes.indices : nil))
        }
        document.members.removeAll { member in
            recordedMembers.contains { JSONParser.string(bytes, member.key, equals: $0) }
        }
        let event = try EventEnvelope.decode(bytes, document, text: nil)
        func fail(_ field: String, _ rule: String) -> EventError {
            EventError(.invalidValue, field: field, "recorded event: \(field) \(rule)", eventID: event.id)
        }
        func string(_ name: String) -> String? {
            guard let span = member(name), span.kind == .string else { return nil }
            return JSONParser.string(bytes, span)
        }
        func number(_ name: String) -> String? {
            guard let span = member(name), span.kind == .number else { return nil }
            return JSONParser.text(bytes, span)
        }
        guard positionSpan.kind == .number, let position = Int64(JSONParser.text(bytes, positionSpan)), position > 0
        else { throw fail("position", "must be a positive whole number") }
        guard let streamText = string("stream"), streamText == event.stream.description else {
            throw fail("stream", "must be \(event.stream), the stream of the event")
        }
        guard let versionText = number("version"), let version = Int(versionText), version > 0 else {
            throw fail("version", "must be a positive whole number")
        }
        guard let recordedText = string("recordedAt"), let recordedAt = try? Timestamp(parsing: recordedText)
        else { throw fail("recordedAt", "must be an RFC 3339 timestamp") }
        guard let hashText = string("hash"), let hash = HashChain.bytes(hex: hashText), hash.count == 32
        else { throw fail("hash", "must be 64 hex digits") }
        return .recorded(event, RecordedOrigin(position: position, recordedAt: recordedAt, hash: hash))
    }
}
