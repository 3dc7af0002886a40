/// A code from the catalogues or the one-stop centers: agency, procedure, dossier, complaint, sector
/// or field.
///
/// 1–64 characters of `[A-Za-z0-9._-]` (DOMAIN.md §1). Formats change with the rules (Circular
/// 01/2018/TT-VPCP Art. 19, then Circular 03/2025/TT-VPCP), so codes are compared, never parsed.
public struct Code: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The code as written.
    public let rawValue: String

    /// The longest code accepted.
    public static let maximumLength = 64

    /// A code, or `nil` when the text is empty, too long or has a character outside `[A-Za-z0-9._-]`.
    public init?(_ text: String) {
        let utf8 = text.utf8
        guard Code.isValid(utf8: utf8) else { return nil }
        self.rawValue = text
    }

    /// A code from its UTF-8 bytes, or `nil` as `init(_:)` says.
    package init?(utf8: ArraySlice<UInt8>) {
        guard Code.isValid(utf8: utf8) else { return nil }
        self.rawValue = String(decoding: utf8, as: UTF8.self)
    }

    public var description: String { rawValue }

    public static func < (lhs: Code, rhs: Code) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Whether `utf8` is a code's bytes, checked without making a string.
    @inlinable
    package static func isValid(utf8: some Collection<UInt8>) -> Bool {
        !utf8.isEmpty && utf8.count <= Code.maximumLength && utf8.allSatisfy { Code.isAllowed($0) }
    }

    @inlinable
    static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}
