/// The sender-chosen identifier of an event: a UUID (RFC 9562) in its 36-character hyphenated form.
///
/// Upper- and lower-case hex digits are accepted; the canonical form is lower case. The id makes a
/// post idempotent (DESIGN.md, event interchange).
public struct EventID: Hashable, Sendable, CustomStringConvertible {
    /// The first and last eight bytes, big-endian.
    public let high: UInt64
    public let low: UInt64

    /// Builds an id from its two halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The id from its 16 bytes (big-endian halves, as stores keep it), or `nil` for any other length.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        high = bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
        low = bytes.suffix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Its 16 bytes, big-endian halves: how stores keep it (SQLite BLOB, PostgreSQL `uuid`).
    public var bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64($0))) }
            + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64($0))) }
    }

    /// Parses `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, or `nil`.
    public init?(_ text: String) {
        self.init(utf8: Array(text.utf8)[...])
    }

    /// Parses the 36 UTF-8 bytes of the hyphenated form, or `nil`.
    init?(utf8 bytes: ArraySlice<UInt8>) {
        guard bytes.count == 36,
            let halves = bytes.withUnsafeBufferPointer({ text -> (UInt64, UInt64)? in
                guard text[8] == UInt8(ascii: "-"), text[13] == UInt8(ascii: "-"), text[18] == UInt8(ascii: "-"),
                    text[23] == UInt8(ascii: "-"),
                    let a = EventID.hex(text, 0, 8), let b = EventID.hex(text, 9, 4), let c = EventID.hex(text, 14, 4),
                    let d = EventID.hex(text, 19, 4), let e = EventID.hex(text, 24, 12)
                else { return nil }
                return (a << 32 | b << 16 | c, d << 48 | e)
            })
        else { return nil }
        self.init(high: halves.0, low: halves.1)
    }

    /// The value of `count` hex digits from `start`, or `nil`.
    private static func hex(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> UInt64? {
        var value: UInt64 = 0
        for byte in text[start..<(start + count)] {
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte &- 0x30
            case 0x41...0x46: digit = byte &- 0x41 &+ 10
            case 0x61...0x66: digit = byte &- 0x61 &+ 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }

    /// Lower-case hyphenated form.
    public var description: String { String(decoding: utf8, as: UTF8.self) }

    /// The 36 bytes of the lower-case hyphenated form.
    public var utf8: [UInt8] {
        let digits: StaticString = "0123456789abcdef"
        var bytes = [UInt8](repeating: UInt8(ascii: "-"), count: 36)
        var position = 35
        for value in [low, high] {
            var rest = value
            for _ in 0..<16 {
                if position == 8 || position == 13 || position == 18 || position == 23 { position -= 1 }
                bytes[position] = digits.utf8Start[Int(rest & 0xF)]
                rest >>= 4
                position -= 1
            }
        }
        return bytes
    }
}
