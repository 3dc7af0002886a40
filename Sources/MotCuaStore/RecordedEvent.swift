public import MotCuaDomain

/// An event as the log holds it: the canonical event bytes with the position, stream version,
/// recording time and chain hash the store gave it (docs/hash-chain.md).
public struct RecordedEvent: Sendable, Hashable {
    /// Gapless position in the log, from 1.
    public let position: Int64
    /// The stream the event belongs to.
    public let stream: StreamID
    /// The event's number within its stream, from 1.
    public let version: Int
    /// When the store recorded the event (UTC, microseconds); non-decreasing with `position`.
    public let recordedAt: Timestamp
    /// The event's id (also inside `eventBytes`; kept for lookups).
    public let id: EventID
    /// The event type (also inside `eventBytes`; kept for queries).
    public let type: EventType
    /// The event's `occurredAt` instant (also inside `eventBytes`; kept for queries).
    public let occurredAt: Instant
    /// The canonical bytes of the interchange event (docs/canonical-form.md).
    public let eventBytes: [UInt8]
    /// `SHA-256(previous hash ‖ recordBytes)`, 32 bytes.
    public let hash: [UInt8]

    /// An event as recorded.
    public init(
        position: Int64, stream: StreamID, version: Int, recordedAt: Timestamp, id: EventID, type: EventType,
        occurredAt: Instant, eventBytes: [UInt8], hash: [UInt8]
    ) {
        self.position = position
        self.stream = stream
        self.version = version
        self.recordedAt = recordedAt
        self.id = id
        self.type = type
        self.occurredAt = occurredAt
        self.eventBytes = eventBytes
        self.hash = hash
    }

    /// The bytes the chain hashes: `{"position":P,"stream":"S","version":V,"recordedAt":"R",` followed by
    /// the canonical event bytes without their leading `{`.
    public var recordBytes: [UInt8] {
        RecordedEvent.recordBytes(
            position: position, stream: stream, version: version, recordedAt: recordedAt, eventBytes: eventBytes)
    }

    /// One line of `motcua export` (without the line break): the record with `"hash":"<hex>"` last.
    public var exportLine: [UInt8] {
        var line = recordBytes
        line.removeLast()
        line.append(contentsOf: Array(",\"hash\":\"".utf8))
        line.append(contentsOf: HashChain.hex(hash))
        line.append(contentsOf: Array("\"}".utf8))
        return line
    }

    /// Decodes the interchange event from its canonical bytes.
    public func decodeEvent() throws(EventError) -> EventEnvelope {
        try EventEnvelope.decode(json: eventBytes)
    }

    /// The record bytes for the given parts (see `recordBytes`).
    public static func recordBytes(
        position: Int64, stream: StreamID, version: Int, recordedAt: Timestamp, eventBytes: [UInt8]
    ) -> [UInt8] {
        var bytes = recordPrefix(position: position, stream: stream, version: version, recordedAt: recordedAt)
        bytes.append(contentsOf: eventBytes.dropFirst())
        return bytes
    }

    /// The record bytes before the event's members: `{"position":P,"stream":"S","version":V,"recordedAt":"R",`.
    static func recordPrefix(position: Int64, stream: StreamID, version: Int, recordedAt: Timestamp) -> [UInt8] {
        var writer = CanonicalWriter()
        writer.beginObject()
        writer.field("position", rawNumber: String(position))
        writer.field("stream", stream.description)
        writer.field("version", version)
        writer.field("recordedAt", recordedAt)
        var bytes = writer.bytes
        bytes.append(UInt8(ascii: ","))
        return bytes
    }

    /// The chain hash of a record that follows `previous`, and the record's Merkle leaf hash, without
    /// assembling the record bytes (their prefix is built once for both).
    static func hashes(
        after previous: [UInt8], position: Int64, stream: StreamID, version: Int, recordedAt: Timestamp,
        eventBytes: [UInt8]
    ) -> (chain: [UInt8], leaf: [UInt8]) {
        let prefix = recordPrefix(position: position, stream: stream, version: version, recordedAt: recordedAt)
        return (
            HashChain.next(after: previous, parts: prefix, eventBytes.dropFirst()),
            HashChain.next(after: [0], parts: prefix, eventBytes.dropFirst())
        )
    }

    /// The Merkle leaf hash of this record: `SHA-256(0x00 ‖ recordBytes)` (``MerkleTree/leafHash(_:)``).
    public var leafHash: [UInt8] {
        HashChain.next(
            after: [0],
            parts: RecordedEvent.recordPrefix(
                position: position, stream: stream, version: version, recordedAt: recordedAt),
            eventBytes.dropFirst())
    }
}
