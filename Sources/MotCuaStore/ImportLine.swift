public import MotCuaDomain

/// One line of an NDJSON file to import: an interchange event, or a recorded event from an export
/// (which keeps its position, `recordedAt` and hash so that the import reproduces the chain).
public enum ImportLine: Sendable {
    case event(EventEnvelope)
    case recorded(EventEnvelope, RecordedOrigin)

    /// The members a recorded line adds around the interchange event, in export order.
    static let recordedMembers = ["position", "stream", "version", "recordedAt", "hash"]

    /// The members of a recorded line in the order `export` writes them.
    static let exportOrder = Array(recordedMembers.prefix(4)) + EventEnvelope.members + [recordedMembers[4]]

    /// Decodes a line: a recorded event when it has a `position` member, an interchange event otherwise.
    public static func decode(_ bytes: [UInt8]) throws(EventError) -> ImportLine {
        var document = try EventEnvelope.scan(bytes)
        let members = document.members
        guard document.root.kind == .object,
            members.contains(where: { JSONParser.string(bytes, $0.key, equals: "position") })
        else {
            return .event(try EventEnvelope.decode(bytes, document, text: document.compact ? bytes.indices : nil))
        }
        // One pass sorts the members into the recorded ones and the event's, trying export order first.
        var recorded = [JSONSpan?](repeating: nil, count: recordedMembers.count)
        var inExportOrder = document.compact && members.count == exportOrder.count
        document.members = []
        for (index, member) in members.enumerated() {
            let slot: Int?
            if inExportOrder, JSONParser.string(bytes, member.key, equals: exportOrder[index]) {
                slot = recordedMembers.firstIndex(of: exportOrder[index])
            } else {
                inExportOrder = false
                slot = recordedMembers.firstIndex { JSONParser.string(bytes, member.key, equals: $0) }
            }
            if let slot {
                recorded[slot] = member.value
            } else {
                document.members.append(member)
            }
        }
        // As `export` writes it (compact, the recorded members around the event's, in order), the event's
        // members lie together in the line: with braces they may be its canonical form, kept as they are.
        let event = try EventEnvelope.decode(
            bytes, document, text: inExportOrder ? members[4].key.start..<members[7].value.end : nil, braced: true)
        func fail(_ field: String, _ rule: String) -> EventError {
            EventError(.invalidValue, field: field, "recorded event: \(field) \(rule)", eventID: event.id)
        }
        func value(_ name: String, _ kind: JSONSpan.Kind) -> JSONSpan? {
            guard let span = recorded[recordedMembers.firstIndex(of: name)!], span.kind == kind else { return nil }
            return span
        }
        guard let positionSpan = value("position", .number), let position = Int64(JSONParser.text(bytes, positionSpan)),
            position > 0
        else { throw fail("position", "must be a positive whole number") }
        guard let stream = value("stream", .string), JSONParser.string(bytes, stream, equals: event.stream.description)
        else { throw fail("stream", "must be \(event.stream), the stream of the event") }
        guard let versionSpan = value("version", .number), let version = Int(JSONParser.text(bytes, versionSpan)),
            version > 0
        else { throw fail("version", "must be a positive whole number") }
        guard let recordedSpan = value("recordedAt", .string),
            let recordedAt = try? Timestamp(parsing: JSONParser.string(bytes, recordedSpan))
        else { throw fail("recordedAt", "must be an RFC 3339 timestamp") }
        guard let hashSpan = value("hash", .string),
            let hash = HashChain.bytes(hex: JSONParser.string(bytes, hashSpan)),
            hash.count == 32
        else { throw fail("hash", "must be 64 hex digits") }
        return .recorded(event, RecordedOrigin(position: position, recordedAt: recordedAt, hash: hash))
    }
}
