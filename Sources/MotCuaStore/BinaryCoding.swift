package import MotCuaDomain

/// Bytes that `ByteReader` cannot read.
package struct BinaryCodingError: Error, CustomStringConvertible {
    package let description: String

    package init(_ description: String) {
        self.description = description
    }
}

/// Appends the primitives of our binary encodings (checkpoints, stream states): little-endian varints,
/// zig-zag for signed values, length-prefixed UTF-8, one byte per enumeration case and optional.
package struct ByteWriter {
    package var bytes: [UInt8] = []

    package init() {}

    package mutating func u8(_ value: UInt8) { bytes.append(value) }

    package mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    package mutating func int(_ value: Int64) { varint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }
    package mutating func count(_ value: Int) { varint(UInt64(value)) }
    package mutating func bool(_ value: Bool) { u8(value ? 1 : 0) }
    package mutating func instant(_ value: Instant) { int(value.nanoseconds) }
    package mutating func date(_ value: LocalDate) { int(Int64(value.dayNumber)) }

    package mutating func string(_ value: String) {
        count(value.utf8.count)
        bytes += value.utf8
    }

    package mutating func code(_ value: Code) { string(value.rawValue) }

    package mutating func choice(_ value: some StoredChoice) { u8(value.storedCode) }

    /// Fixed-width values end to end, little-endian, without a count: a column read back in one copy.
    package mutating func column<Value: FixedWidthInteger>(_ values: [Value]) {
        #if _endian(little)
            values.withUnsafeBytes { bytes += $0 }
        #else
            for value in values { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        #endif
    }

    package mutating func optional<Value>(_ value: Value?, _ write: (inout ByteWriter, Value) -> Void) {
        guard let value else { return u8(0) }
        u8(1)
        write(&self, value)
    }
}

/// Reads what `ByteWriter` wrote, refusing truncated or invalid input.
package struct ByteReader {
    package let bytes: [UInt8]
    package var index = 0

    package init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    package var atEnd: Bool { index == bytes.count }

    private static let truncated = BinaryCodingError("truncated data")

    package mutating func u8() throws -> UInt8 {
        guard index < bytes.count else { throw Self.truncated }
        defer { index += 1 }
        return bytes[index]
    }

    package mutating func take(_ count: Int) throws -> [UInt8] {
        guard count >= 0, bytes.count - index >= count else { throw Self.truncated }
        defer { index += count }
        return Array(bytes[index..<(index + count)])
    }

    package mutating func varint() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try u8()
            guard shift < 64 else { throw BinaryCodingError("varint too long") }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    package mutating func int() throws -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    package mutating func count() throws -> Int {
        let value = try varint()
        guard value <= UInt64(bytes.count) else { throw Self.truncated }
        return Int(value)
    }

    /// A non-negative whole number that is not a length (a version, a time limit): at most `maximum`.
    package mutating func natural(maximum: Int = Int(Int32.max)) throws -> Int {
        let value = try varint()
        guard value <= UInt64(maximum) else { throw BinaryCodingError("number \(value) above \(maximum)") }
        return Int(value)
    }

    package mutating func bool() throws -> Bool {
        switch try u8() {
        case 0: return false
        case 1: return true
        case let tag: throw BinaryCodingError("bad boolean \(tag)")
        }
    }

    /// An instant, which must lie in ``Instant/domainRange``: nothing the domain stores lies outside it,
    /// and arithmetic on instants from damaged bytes must not overflow.
    package mutating func instant() throws -> Instant {
        let instant = Instant(nanoseconds: try int())
        guard Instant.domainRange.contains(instant) else {
            throw BinaryCodingError("instant \(instant.nanoseconds) outside \(LocalDate.domainYears.label)")
        }
        return instant
    }

    /// A date stored as its day number, which must lie in ``LocalDate/domainYears``.
    package mutating func date() throws -> LocalDate {
        let number = try int()
        guard let date = LocalDate(dayNumber: number, in: LocalDate.domainYears) else {
            throw BinaryCodingError("day number \(number) outside \(LocalDate.domainYears.label)")
        }
        return date
    }

    package mutating func string() throws -> String {
        let length = try count()
        guard bytes.count - index >= length else { throw Self.truncated }
        defer { index += length }
        guard let text = String(validating: bytes[index..<(index + length)], as: UTF8.self) else {
            throw BinaryCodingError("invalid UTF-8")
        }
        return text
    }

    package mutating func code() throws -> Code {
        let length = try count()
        guard bytes.count - index >= length else { throw Self.truncated }
        defer { index += length }
        // A code is ASCII of its own alphabet: checked as such, with no UTF-8 validation first.
        guard let code = Code(utf8: bytes[index..<(index + length)]) else {
            throw BinaryCodingError("invalid code \(String(decoding: bytes[index..<(index + length)], as: UTF8.self))")
        }
        return code
    }

    package mutating func choice<Choice: StoredChoice>() throws -> Choice {
        let tag = try u8()
        guard let choice = Choice(storedCode: tag) else { throw BinaryCodingError("unknown \(Choice.self) \(tag)") }
        return choice
    }

    /// `count` fixed-width values that ``ByteWriter/column(_:)`` wrote, copied in one go.
    package mutating func column<Value: FixedWidthInteger>(count: Int) throws -> [Value] {
        let size = MemoryLayout<Value>.size
        guard count >= 0, (bytes.count - index) / size >= count else { throw Self.truncated }
        let values = [Value](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: raw[index..<(index + count * size)]))
            }
            #if !_endian(little)
                for i in 0..<count { buffer[i] = Value(littleEndian: buffer[i]) }
            #endif
            initialized = count
        }
        index += count * size
        return values
    }

    /// Reads `widths.count` columns of `count` fixed-width values each, as ``ByteWriter/column(_:)`` wrote them
    /// one after another, handing `body` the bytes and where each column starts: rows are then built in
    /// one pass, with no array per column.
    package mutating func columns<Result>(
        count: Int, widths: [Int], _ body: (UnsafeRawBufferPointer, [Int]) throws -> Result
    ) throws -> Result {
        var offsets: [Int] = []
        var offset = index
        for width in widths {
            guard count >= 0, (bytes.count - offset) / width >= count else { throw Self.truncated }
            offsets.append(offset)
            offset += width * count
        }
        index = offset
        return try bytes.withUnsafeBytes { try body($0, offsets) }
    }

    package mutating func optional<Value>(_ read: (inout ByteReader) throws -> Value) throws -> Value? {
        switch try u8() {
        case 0: return nil
        case 1: return try read(&self)
        case let tag: throw BinaryCodingError("bad optional tag \(tag)")
        }
    }
}

/// A closed vocabulary stored by an explicit code per case: reordering, renaming or adding cases never
/// changes what stored bytes mean. A code, once released, is never changed or given to another case.
package protocol StoredChoice: CaseIterable, Equatable {
    /// This case's byte in stored states and checkpoints.
    var storedCode: UInt8 { get }
    /// The case of a stored byte, or `nil` for a byte no case has.
    init?(storedCode: UInt8)
}

extension AgencyLevel: StoredChoice {
    package var storedCode: UInt8 {
        switch self {
        case .province: 0
        case .district: 1
        case .commune: 2
        }
    }

    package init?(storedCode: UInt8) {
        switch storedCode {
        case 0: self = .province
        case 1: self = .district
        case 2: self = .commune
        default: return nil
        }
    }
}

extension OnlineService: StoredChoice {
    package var storedCode: UInt8 {
        switch self {
        case .none: 0
        case .partial: 1
        case .full: 2
        }
    }

    package init?(storedCode: UInt8) {
        switch storedCode {
        case 0: self = .none
        case 1: self = .partial
        case 2: self = .full
        default: return nil
        }
    }
}

extension DossierChannel: StoredChoice {
    package var storedCode: UInt8 {
        switch self {
        case .direct: 0
        case .online: 1
        case .postal: 2
        }
    }

    package init?(storedCode: UInt8) {
        switch storedCode {
        case 0: self = .direct
        case 1: self = .online
        case 2: self = .postal
        default: return nil
        }
    }
}
