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
        let value: JSONValue
        let compact: Bool
        do {
            (value, compact) = try JSONParser.parseNoting(bytes)
        } catch {
            throw EventError(.malformedJSON, field: nil, "not a JSON event: \(error)")
        }
        guard case .object(let object) = value, object["position"] != nil else {
            return .event(try EventEnvelope.decode(value, text: compact ? bytes : nil))
        }
        let event = try EventEnvelope.decode(
            .object(JSONObject(members: object.members.filter { !recordedMembers.contains($0.key) })))
        func fail(_ field: String, _ rule: String) -> EventError {
            EventError(.invalidValue, field: field, "recorded event: \(field) \(rule)", eventID: event.id)
        }
        guard case .number(let positionText)? = object["position"], let position = Int64(positionText), position > 0
        else { throw fail("position", "must be a positive whole number") }
        guard case .string(let streamText)? = object["stream"], streamText == event.stream.description else {
            throw fail("stream", "must be \(event.stream), the stream of the event")
        }
        guard case .number(let versionText)? = object["version"], let version = Int(versionText), version > 0 else {
            throw fail("version", "must be a positive whole number")
        }
        guard case .string(let recordedText)? = object["recordedAt"],
            let recordedAt = try? Timestamp(parsing: recordedText)
        else { throw fail("recordedAt", "must be an RFC 3339 timestamp") }
        guard case .string(let hashText)? = object["hash"], let hash = HashChain.bytes(hex: hashText), hash.count == 32
        else { throw fail("hash", "must be 64 hex digits") }
        return .recorded(event, RecordedOrigin(position: position, recordedAt: recordedAt, hash: hash))
    }
}
