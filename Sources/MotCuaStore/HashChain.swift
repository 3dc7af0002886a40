internal import Crypto

/// The log's hash chain (DESIGN.md): `hash(n) = SHA-256(hash(n−1) ‖ record bytes of n)`, with
/// `hash(0)` = 32 zero bytes.
public enum HashChain {
    /// `hash(0)`: 32 zero bytes.
    public static let genesis = [UInt8](repeating: 0, count: 32)

    /// The hash of a record that follows `previous`.
    public static func next(after previous: [UInt8], record: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: record)
        return Array(hasher.finalize())
    }

    /// The hash of a record, given in consecutive parts, that follows `previous`.
    static func next(after previous: [UInt8], parts first: [UInt8], _ second: ArraySlice<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: first)
        second.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return Array(hasher.finalize())
    }

    /// Lower-case hex of some bytes, as UTF-8.
    public static func hex(_ bytes: [UInt8]) -> [UInt8] {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return out
    }

    /// Lower-case hex of some bytes.
    public static func hexString(_ bytes: [UInt8]) -> String { String(decoding: hex(bytes), as: UTF8.self) }

    /// Bytes from hex text, or `nil`.
    public static func bytes(hex text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x61...0x66: byte - 0x61 + 10
        case 0x41...0x46: byte - 0x41 + 10
        default: nil
        }
    }
}
