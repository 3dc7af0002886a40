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

    /// Parses `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, or `nil`.
    public init?(_ text: String) {
        var text = text
        guard
            let (high, low) = text.withUTF8({ bytes -> (UInt64, UInt64)? in
                guard bytes.count == 36 else { return nil }
                var high: UInt64 = 0
                var low: UInt64 = 0
                var nibbles = 0
                for i in 0..<36 {
                    let byte = bytes[i]
                    if i == 8 || i == 13 || i == 18 || i == 23 {
                        guard byte == UInt8(ascii: "-") else { return nil }
                        continue
                    }
                    let value: UInt64
                    switch byte {
                    case 0x30...0x39: value = UInt64(byte - 0x30)
                    case 0x41...0x46: value = UInt64(byte - 0x41 + 10)
                    case 0x61...0x66: value = UInt64(byte - 0x61 + 10)
                    default: return nil
                    }
                    if nibbles < 16 { high = high << 4 | value } else { low = low << 4 | value }
                    nibbles += 1
                }
                return (high, low)
            })
        else { return nil }
        self.init(high: high, low: low)
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
