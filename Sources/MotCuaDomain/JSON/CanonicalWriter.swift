/// Writes the canonical JSON bytes of an event: the bytes the hash chain covers.
///
/// The rules (documented for auditors in docs/canonical-form.md): members in the fixed order of
/// DOMAIN.md §2, absent optional members omitted, no whitespace, strings as UTF-8 escaped exactly as
/// ECMAScript `JSON.stringify` and RFC 8785 do (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, other
/// U+0000–U+001F as `\u00xx` with lower-case hex, nothing else), integers in plain
/// decimal, `true`/`false`, timestamps exactly as the sender wrote them.
package struct CanonicalWriter {
    package private(set) var bytes: [UInt8] = []
    private var needsComma = false

    package init() {
        bytes.reserveCapacity(256)
    }

    package mutating func beginObject() {
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    package mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    /// Writes `"name":` (with a comma before it when needed); the value must follow.
    package mutating func key(_ name: String) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        appendString(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    package mutating func field(_ name: String, _ value: String) {
        key(name)
        appendString(value)
        needsComma = true
    }

    package mutating func field(_ name: String, _ value: Code) { field(name, value.rawValue) }

    package mutating func field(_ name: String, _ value: Timestamp) { field(name, value.text) }

    package mutating func field(_ name: String, _ value: LocalDate) { field(name, value.description) }

    package mutating func field<Choice: RawRepresentable<String>>(_ name: String, _ value: Choice) {
        field(name, value.rawValue)
    }

    package mutating func field(_ name: String, _ value: Bool) {
        key(name)
        appendLiteral(value ? "true" : "false")
        needsComma = true
    }

    package mutating func field(_ name: String, _ value: Int) {
        key(name)
        bytes.append(contentsOf: Array(String(value).utf8))
        needsComma = true
    }

    /// Writes a raw number text, which must already be canonical.
    package mutating func field(_ name: String, rawNumber: String) {
        key(name)
        bytes.append(contentsOf: Array(rawNumber.utf8))
        needsComma = true
    }

    /// Writes an optional member only when it has a value.
    package mutating func optionalField<Value>(
        _ name: String, _ value: Value?, _ write: (inout Self, String, Value) -> Void
    ) {
        if let value { write(&self, name, value) }
    }

    private mutating func appendLiteral(_ literal: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Writes a string member whose value is given as UTF-8 bytes that need no escaping.
    package mutating func field(_ name: String, plainUTF8 value: [UInt8]) {
        key(name)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: value)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// `text` as a JSON string literal, escaped exactly as canonical strings are (docs/canonical-form.md).
    package static func quoted(_ text: String) -> String {
        var writer = CanonicalWriter()
        writer.appendString(text)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    private mutating func appendString(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most strings (codes, times, names) need no escape: copy their bytes in one go.
        var string = string
        let copied = string.withUTF8 { utf8 -> Bool in
            guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                return false
            }
            bytes.append(contentsOf: utf8)
            return true
        }
        if copied {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case 0x08: appendLiteral("\\b")
            case 0x0C: appendLiteral("\\f")
            case 0x0A: appendLiteral("\\n")
            case 0x0D: appendLiteral("\\r")
            case 0x09: appendLiteral("\\t")
            case 0x00..<0x20:
                let hex: StaticString = "0123456789abcdef"
                appendLiteral("\\u00")
                bytes.append(hex.utf8Start[Int(byte >> 4)])
                bytes.append(hex.utf8Start[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
