/// An RFC 3339 timestamp with an explicit offset, kept exactly as written.
///
/// The text is what the canonical encoding writes (and what the hash chain covers); the instant is
/// what rules compare. `Z`/`z` count as the offset +00:00; a timestamp without any offset is refused,
/// because a wall-clock time alone does not say when something happened.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The text as it was given.
    public let text: String
    /// The instant the text denotes.
    public let instant: Instant

    /// Why a text is not an RFC 3339 timestamp with offset.
    public enum ParseFailure: Error, Sendable, Equatable {
        /// Date and time are fine but no `Z` or `±HH:MM` follows.
        case missingOffset
        /// Anything else: wrong shape, impossible date or time.
        case malformed
        /// A well-formed timestamp whose instant ``Instant`` cannot hold (before 1677-09-21 or after
        /// 2262-04-11 UTC).
        case outOfRange
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` (RFC 3339 §5.6; `t`, `z` accepted).
    public init(parsing text: String) throws(ParseFailure) {
        try self.init(Array(text.utf8)[...], text: text)
    }

    /// Parses the UTF-8 bytes of `text` (as `init(parsing:)`), from where they already lie.
    init(_ utf8: ArraySlice<UInt8>, text: String) throws(ParseFailure) {
        // Offsets from the first byte, whatever the slice's own indices.
        let b = ByteOffsets(utf8)
        guard b.count >= 19, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54 || b[10] == 0x74,
            b[13] == 0x3A, b[16] == 0x3A,
            let year = b.digits(0, 4), let month = b.digits(5, 2),
            let day = b.digits(8, 2), let hour = b.digits(11, 2),
            let minute = b.digits(14, 2), let second = b.digits(17, 2),
            let date = LocalDate(year: year, month: month, day: day),
            hour < 24, minute < 60, second < 60
        else { throw .malformed }
        var i = 19
        var nanos: Int64 = 0
        if i < b.count, b[i] == 0x2E {
            i += 1
            let start = i
            var scale: Int64 = 100_000_000
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                nanos += Int64(b[i] - 48) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { throw .malformed }
        }
        guard i < b.count else { throw .missingOffset }
        var offset = 0
        if b[i] == 0x5A || b[i] == 0x7A {
            i += 1
        } else if b[i] == 0x2B || b[i] == 0x2D {
            guard b.count - i == 6, b[i + 3] == 0x3A, let oh = b.digits(i + 1, 2),
                let om = b.digits(i + 4, 2), oh < 24, om < 60
            else { throw .malformed }
            offset = (oh * 60 + om) * 60 * (b[i] == 0x2D ? -1 : 1)
            i += 6
        } else {
            throw .malformed
        }
        guard i == b.count else { throw .malformed }
        let seconds = Int64(date.dayNumber) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offset)
        // Below zero, count from the next whole second back, so that the earliest representable
        // nanoseconds (1677-09-21T00:12:43.145224192Z) do not overflow on the way.
        let borrow: Int64 = seconds < 0 && nanos > 0 ? 1 : 0
        let (whole, overflow) = (seconds + borrow).multipliedReportingOverflow(by: 1_000_000_000)
        let (nanoseconds, carry) = whole.addingReportingOverflow(nanos - borrow * 1_000_000_000)
        guard !overflow, !carry else { throw .outOfRange }
        self.text = text
        self.instant = Instant(nanoseconds: nanoseconds)
    }

    /// A timestamp for an instant, written at +07:00 with whole seconds.
    public init(vietnam instant: Instant) {
        self.text = instant.vietnamRFC3339
        self.instant = instant
    }

    /// A timestamp for an instant, written in UTC with six fraction digits (`…T23:40:00.123456Z`).
    public init(utcMicroseconds instant: Instant) {
        self.text = instant.utcRFC3339Microseconds
        self.instant = instant.truncatedToMicroseconds
    }

    public var description: String { text }

    /// Orders by instant; equal instants written differently order by text so that `<` stays strict.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.instant != rhs.instant ? lhs.instant < rhs.instant : lhs.text < rhs.text
    }
}

/// A slice read by offsets from its first byte.
private struct ByteOffsets {
    let slice: ArraySlice<UInt8>

    init(_ slice: ArraySlice<UInt8>) { self.slice = slice }

    var count: Int { slice.count }

    subscript(offset: Int) -> UInt8 { slice[slice.startIndex + offset] }

    func digits(_ start: Int, _ count: Int) -> Int? {
        LocalDate.digits(slice, slice.startIndex + start, count)
    }
}
