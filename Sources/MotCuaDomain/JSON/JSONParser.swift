#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A strict RFC 8259 scanner over UTF-8 bytes, in one pass and without building a tree.
///
/// Strict where the interchange format needs it: invalid UTF-8, duplicate keys, trailing content,
/// lone surrogates, leading zeros and control characters in strings are all refused. Nesting is
/// limited so that hostile input cannot exhaust the stack.
///
/// A scan validates a whole text and tells where the members of its outer object lie (`JSONSpan`s over
/// the bytes), and those of one nested object, so that a reader takes values straight from the bytes:
/// a string is built only when it is read, and nothing else is allocated.
package struct JSONParser {
    /// Why some bytes are not JSON, and where.
    package struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// Byte offset of the problem, counted from 0.
        package let offset: Int
        package let reason: String
        package var description: String { "invalid JSON at byte \(offset + 1): \(reason)" }
    }

    /// A scanned text: its outer value, the members of that value when it is an object, and the members
    /// of the object held by the member named by `expanding` (when there is one).
    package struct Document: Sendable {
        package var root: JSONSpan
        package var members: [JSONMember] = []
        package var nested: [JSONMember]?
        /// No whitespace outside strings and no escape in any string: a necessary condition for the text
        /// to be written as the canonical form writes it.
        package var compact: Bool
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private let end: Int
    private var index: Int
    private var depth = 0
    private var spacedOrEscaped = false
    private static let maximumDepth = 64

    private init(bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
        self.bytes = bytes
        self.index = range.lowerBound
        self.end = range.upperBound
    }

    /// Scans one complete JSON text (the bytes of `range`, all of them by default): validates all of it,
    /// and records the members of its outer object and, when one of them is named `expanding` and holds
    /// an object, that object's members.
    package static func scan(_ bytes: [UInt8], in range: Range<Int>? = nil, expanding: String? = nil)
        throws(Failure) -> Document
    {
        let range = range ?? 0..<bytes.count
        let scanned: Result<Document, Failure> = bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer, range: range)
            return Result { () throws(Failure) -> Document in try parser.document(expanding: expanding) }
        }
        return try scanned.get()
    }

    /// The elements of an array that a scan found (a `JSONSpan` of kind `.array` over the same bytes).
    package static func elements(_ bytes: [UInt8], of array: JSONSpan) -> [JSONSpan] {
        precondition(array.kind == .array, "elements of a span that is not an array")
        return bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer, range: array.start..<array.end)
            var elements: [JSONSpan] = []
            do {
                _ = try parser.array(into: &elements)
            } catch {
                preconditionFailure("an array span that a scan validated is not JSON: \(error)")
            }
            return elements
        }
    }

    /// The members of an object that a scan found (a `JSONSpan` of kind `.object` over the same bytes).
    package static func members(_ bytes: [UInt8], of object: JSONSpan) -> [JSONMember] {
        precondition(object.kind == .object, "members of a span that is not an object")
        return bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer, range: object.start..<object.end)
            var members: [JSONMember] = []
            var nested: [JSONMember]?
            do {
                _ = try parser.object(into: &members, expanding: nil, nested: &nested)
            } catch {
                preconditionFailure("an object span that a scan validated is not JSON: \(error)")
            }
            return members
        }
    }

    /// The text of a string span, unescaped.
    package static func string(_ bytes: [UInt8], _ span: JSONSpan) -> String {
        precondition(span.kind == .string, "string of a span that is not a string")
        let content = bytes[(span.start + 1)..<(span.end - 1)]
        guard span.escaped else { return String(decoding: content, as: UTF8.self) }
        return String(decoding: unescaped(content), as: UTF8.self)
    }

    /// Whether a string span's text is `text`, compared without building a string when it has no escape.
    package static func string(_ bytes: [UInt8], _ span: JSONSpan, equals text: String) -> Bool {
        guard span.kind == .string else { return false }
        guard !span.escaped else { return string(bytes, span) == text }
        var text = text
        return text.withUTF8 { utf8 in
            bytes.withUnsafeBufferPointer { buffer in
                utf8.count == span.end - span.start - 2
                    && (utf8.isEmpty
                        || memcmp(utf8.baseAddress!, buffer.baseAddress! + span.start + 1, utf8.count) == 0)
            }
        }
    }

    /// The text of a scalar span as written (a number's digits).
    package static func text(_ bytes: [UInt8], _ span: JSONSpan) -> String {
        String(decoding: bytes[span.start..<span.end], as: UTF8.self)
    }

    // MARK: Scanning

    private func failure(_ reason: String) -> Failure { Failure(offset: index, reason: reason) }

    private mutating func document(expanding: String?) throws(Failure) -> Document {
        skipWhitespace()
        var document = Document(root: JSONSpan(kind: .null, start: index, end: index), compact: true)
        if index < end, bytes[index] == UInt8(ascii: "{") {
            var nested: [JSONMember]?
            document.root = try object(into: &document.members, expanding: expanding, nested: &nested)
            document.nested = nested
        } else {
            document.root = try value()
        }
        skipWhitespace()
        guard index == end else { throw failure("unexpected content after the value") }
        document.compact = !spacedOrEscaped
        return document
    }

    private mutating func skipWhitespace() {
        while index < end {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D:
                index += 1
                spacedOrEscaped = true
            default: return
            }
        }
    }

    /// Scans any value, validating what it holds.
    private mutating func value() throws(Failure) -> JSONSpan {
        guard index < end else { throw failure("unexpected end of input") }
        let start = index
        switch bytes[index] {
        case UInt8(ascii: "{"):
            var members: [JSONMember] = []
            var nested: [JSONMember]?
            return try object(into: &members, expanding: nil, nested: &nested)
        case UInt8(ascii: "["):
            var elements: [JSONSpan] = []
            return try array(into: &elements)
        case UInt8(ascii: "\""): return try string()
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return JSONSpan(kind: .true, start: start, end: index)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return JSONSpan(kind: .false, start: start, end: index)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return JSONSpan(kind: .null, start: start, end: index)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw failure("unexpected character")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(Failure) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= end else { throw failure("unexpected end of input") }
        for i in 0..<count where bytes[index + i] != literal.utf8Start[i] {
            throw failure("unexpected character")
        }
        index += count
    }

    private mutating func enter() throws(Failure) {
        depth += 1
        guard depth <= JSONParser.maximumDepth else { throw failure("nested too deeply") }
    }

    /// Scans an object, appending its members; the members of the object held by the member named
    /// `expanding` go to `nested`. Only the members of the outer object are recorded; the values of
    /// nested objects are validated and skipped.
    private mutating func object(into members: inout [JSONMember], expanding: String?, nested: inout [JSONMember]?)
        throws(Failure) -> JSONSpan
    {
        let start = index
        try enter()
        index += 1
        let first = members.count
        // Small objects (every event) check duplicates by a scan; large ones switch to a set.
        var keys = Set<String>()
        skipWhitespace()
        if index < end, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return JSONSpan(kind: .object, start: start, end: index)
        }
        while true {
            skipWhitespace()
            guard index < end, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a string key") }
            let key = try string()
            let duplicate: Bool
            if members.count - first < 16 {
                duplicate = members[first...].contains { sameKey($0.key, key) }
            } else {
                if keys.isEmpty { keys = Set(members[first...].map { keyText($0.key) }) }
                duplicate = !keys.insert(keyText(key)).inserted
            }
            guard !duplicate else {
                throw Failure(offset: key.start, reason: "duplicate key \"\(keyText(key))\"")
            }
            skipWhitespace()
            guard index < end, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':'") }
            index += 1
            skipWhitespace()
            let member: JSONSpan
            if let expanding, index < end, bytes[index] == UInt8(ascii: "{"), keyText(key) == expanding {
                var inner: [JSONMember] = []
                var none: [JSONMember]?
                member = try object(into: &inner, expanding: nil, nested: &none)
                nested = inner
            } else {
                member = try value()
            }
            members.append(JSONMember(key: key, value: member))
            skipWhitespace()
            guard index < end else { throw failure("unexpected end of input") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "}") {
                index += 1
                depth -= 1
                return JSONSpan(kind: .object, start: start, end: index)
            } else {
                throw failure("expected ',' or '}'")
            }
        }
    }

    private func keyText(_ key: JSONSpan) -> String {
        let content = UnsafeBufferPointer(rebasing: bytes[(key.start + 1)..<(key.end - 1)])
        guard key.escaped else { return String(decoding: content, as: UTF8.self) }
        return String(decoding: JSONParser.unescaped(content), as: UTF8.self)
    }

    private func sameKey(_ a: JSONSpan, _ b: JSONSpan) -> Bool {
        if a.escaped || b.escaped { return keyText(a) == keyText(b) }
        let count = a.end - a.start
        guard b.end - b.start == count else { return false }
        for offset in 0..<count where bytes[a.start + offset] != bytes[b.start + offset] { return false }
        return true
    }

    /// Scans an array, appending its elements.
    private mutating func array(into elements: inout [JSONSpan]) throws(Failure) -> JSONSpan {
        let start = index
        try enter()
        index += 1
        skipWhitespace()
        if index < end, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return JSONSpan(kind: .array, start: start, end: index)
        }
        while true {
            skipWhitespace()
            elements.append(try value())
            skipWhitespace()
            guard index < end else { throw failure("unexpected end of input") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "]") {
                index += 1
                depth -= 1
                return JSONSpan(kind: .array, start: start, end: index)
            } else {
                throw failure("expected ',' or ']'")
            }
        }
    }

    private mutating func number() throws(Failure) -> JSONSpan {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < end, isDigit(bytes[index]) else { throw failure("invalid number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < end, isDigit(bytes[index]) { throw failure("leading zero in number") }
        } else {
            while index < end, isDigit(bytes[index]) { index += 1 }
        }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < end, isDigit(bytes[index]) else { throw failure("invalid number") }
            while index < end, isDigit(bytes[index]) { index += 1 }
        }
        if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < end, isDigit(bytes[index]) else { throw failure("invalid number") }
            while index < end, isDigit(bytes[index]) { index += 1 }
        }
        return JSONSpan(kind: .number, start: start, end: index)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Scans a string: no control characters, valid escapes (surrogates in pairs) and valid UTF-8.
    private mutating func string() throws(Failure) -> JSONSpan {
        let start = index
        index += 1
        var escaped = false
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return JSONSpan(kind: .string, start: start, end: index, escaped: escaped)
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                spacedOrEscaped = true
                try escape()
            } else if byte < 0x20 {
                throw failure("control character in string")
            } else if byte < 0x80 {
                index += 1
            } else {
                try utf8Sequence(stringStart: start + 1)
            }
        }
        throw failure("unterminated string")
    }

    /// Steps over one multi-byte UTF-8 sequence (Unicode 15 table 3-7: no overlong forms, no surrogates,
    /// nothing above U+10FFFF).
    private mutating func utf8Sequence(stringStart: Int) throws(Failure) {
        let lead = bytes[index]
        let count: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: count = 2
        case 0xE0:
            count = 3
            low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: count = 3
        case 0xED:
            count = 3
            high = 0x9F
        case 0xF0:
            count = 4
            low = 0x90
        case 0xF1...0xF3: count = 4
        case 0xF4:
            count = 4
            high = 0x8F
        default: throw Failure(offset: stringStart, reason: "string is not valid UTF-8")
        }
        guard index + count <= end else { throw Failure(offset: stringStart, reason: "string is not valid UTF-8") }
        let second = bytes[index + 1]
        guard second >= low, second <= high else {
            throw Failure(offset: stringStart, reason: "string is not valid UTF-8")
        }
        for offset in 2..<count where bytes[index + offset] & 0xC0 != 0x80 {
            throw Failure(offset: stringStart, reason: "string is not valid UTF-8")
        }
        index += count
    }

    /// Steps over one escape, `index` at its backslash.
    private mutating func escape() throws(Failure) {
        index += 1
        guard index < end else { throw failure("unexpected end of input") }
        let escape = bytes[index]
        index += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return
        case UInt8(ascii: "u"):
            let scalar = try hex4()
            if (0xD800...0xDBFF).contains(scalar) {
                guard index + 1 < end, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw failure("lone surrogate in string") }
                index += 2
                guard (0xDC00...0xDFFF).contains(try hex4()) else { throw failure("lone surrogate in string") }
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw failure("lone surrogate in string")
            }
        default: throw failure("invalid escape")
        }
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard index + 4 <= end, let value = JSONParser.hex4(bytes, at: index) else {
            throw failure("invalid \\u escape")
        }
        index += 4
        return value
    }

    private static func hex4<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at offset: Bytes.Index) -> UInt32?
    where Bytes.Index == Int {
        var value: UInt32 = 0
        for byte in bytes[offset..<(offset + 4)] {
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }

    /// The UTF-8 of a validated string's content with its escapes resolved.
    private static func unescaped<Bytes: RandomAccessCollection<UInt8>>(_ content: Bytes) -> [UInt8]
    where Bytes.Index == Int {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(content.count)
        var index = content.startIndex
        while index < content.endIndex {
            let byte = content[index]
            guard byte == UInt8(ascii: "\\") else {
                buffer.append(byte)
                index += 1
                continue
            }
            let escape = content[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "b"): buffer.append(0x08)
            case UInt8(ascii: "f"): buffer.append(0x0C)
            case UInt8(ascii: "n"): buffer.append(0x0A)
            case UInt8(ascii: "r"): buffer.append(0x0D)
            case UInt8(ascii: "t"): buffer.append(0x09)
            case UInt8(ascii: "u"):
                guard var scalar = hex4(content, at: index) else { preconditionFailure("unvalidated escape") }
                index += 4
                if (0xD800...0xDBFF).contains(scalar), let low = hex4(content, at: index + 2) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
                guard let unicode = Unicode.Scalar(scalar) else { preconditionFailure("unvalidated escape") }
                buffer.append(contentsOf: UTF8.encode(unicode)!)
            default: buffer.append(escape)
            }
        }
        return buffer
    }
}

/// Where a JSON value lies in the text a `JSONParser` scanned, and what kind of value it is.
package struct JSONSpan: Sendable, Equatable {
    /// The JSON types, with `true` and `false` apart.
    package enum Kind: UInt8, Sendable {
        case null, `true`, `false`, number, string, array, object
    }

    package var kind: Kind
    /// The value's first byte (a string's opening quote).
    package var start: Int
    /// One past the value's last byte.
    package var end: Int
    /// A string with at least one escape.
    package var escaped = false

    package init(kind: Kind, start: Int, end: Int, escaped: Bool = false) {
        self.kind = kind
        self.start = start
        self.end = end
        self.escaped = escaped
    }

    /// The JSON type's name with its article, as users read it in error messages ("an array").
    package var typeName: String {
        switch kind {
        case .null: "null"
        case .true, .false: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// One member of a scanned object: its key (a string span) and its value.
package struct JSONMember: Sendable, Equatable {
    package var key: JSONSpan
    package var value: JSONSpan

    package init(key: JSONSpan, value: JSONSpan) {
        self.key = key
        self.value = value
    }
}
