import Foundation
public import Hummingbird

/// The API's JSON: how `ServerContext` encodes every `ResponseEncodable` answer and problem body.
///
/// `JSONEncoder` with sorted keys (its default order is neither declaration nor insertion order, and
/// differs between runs) and `/` left unescaped, as `application/json`. ``RawJSON`` values inside the
/// encoded value are written as their own bytes.
public struct JSONResponseEncoder: ResponseEncoder {
    /// The media type of JSON answers (problems override it with `application/problem+json`).
    static let contentType = "application/json"

    public init() {}

    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws
        -> Response
    {
        Response(
            status: .ok, headers: [.contentType: Self.contentType],
            body: .init(byteBuffer: ByteBuffer(bytes: try bytes(of: value))))
    }

    /// `value` as JSON, its ``RawJSON`` values spliced in.
    ///
    /// The one place where raw JSON enters a body. `JSONEncoder` cannot write bytes that are already
    /// JSON, so each ``RawJSON`` encodes a placeholder string (a noncharacter, a nonce drawn for this call
    /// and its number) and leaves its bytes with the call's ``RawJSON/Splice``; the placeholders, quotes
    /// included, are then replaced by those bytes. The nonce keeps any other string of the body from
    /// being taken for a placeholder.
    func bytes(of value: some Encodable) throws -> [UInt8] {
        let splice = RawJSON.Splice()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.userInfo[RawJSON.Splice.key] = splice
        return splice.fill(Array(try encoder.encode(value)))
    }
}

/// JSON rendered elsewhere whose exact bytes are the contract: a recorded event's export line (the
/// canonical form of the hash chain), a KPI report or its score card (`motcua kpi` writes the same
/// bytes), a proof. Served as a whole body, or placed as it is inside an encoded one by
/// ``JSONResponseEncoder`` (which alone can write it: any other encoder throws).
struct RawJSON: Encodable, ResponseGenerator {
    /// One JSON value, which its maker vouches for.
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    init(_ text: some StringProtocol) {
        bytes = Array(text.utf8)
    }

    func encode(to encoder: any Encoder) throws {
        guard let splice = encoder.userInfo[Splice.key] as? Splice else {
            throw EncodingError.invalidValue(
                self,
                .init(codingPath: encoder.codingPath, debugDescription: "raw JSON is written by JSONResponseEncoder"))
        }
        var container = encoder.singleValueContainer()
        try container.encode(splice.placeholder(for: bytes))
    }

    /// The bytes as the whole body, `application/json`.
    func response(from request: Request, context: some RequestContext) -> Response {
        Response(
            status: .ok, headers: [.contentType: JSONResponseEncoder.contentType],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The raw values of one encoding, by the number of their placeholder.
    ///
    /// `@unchecked Sendable`: made, filled and read within one call of `JSONResponseEncoder.bytes(of:)`,
    /// whose `JSONEncoder` encodes synchronously on the caller's thread; `userInfo` only asks for
    /// `Sendable` values.
    final class Splice: @unchecked Sendable {
        static let key = CodingUserInfoKey(rawValue: "motcua.rawJSON")!
        /// U+FFFF (a noncharacter), this call's nonce and a colon: no other string of the body starts so.
        private let marker = "\u{FFFF}" + String(UInt64.random(in: .min ... .max), radix: 16) + ":"
        private var values: [[UInt8]] = []

        func placeholder(for bytes: [UInt8]) -> String {
            values.append(bytes)
            return marker + String(values.count - 1)
        }

        /// `json` with each placeholder, quotes included, replaced by its value.
        func fill(_ json: [UInt8]) -> [UInt8] {
            guard !values.isEmpty else { return json }
            let quote = UInt8(ascii: "\"")
            let opening = [quote] + Array(marker.utf8)
            var out: [UInt8] = []
            out.reserveCapacity(json.count + values.reduce(0) { $0 + $1.count })
            var rest = json[...]
            var filled = 0
            while let found = rest.firstRange(of: opening) {
                out += rest[..<found.lowerBound]
                var end = found.upperBound
                var number = 0
                while json[end] != quote {
                    number = number * 10 + Int(json[end] - UInt8(ascii: "0"))
                    end += 1
                }
                out += values[number]
                filled += 1
                rest = json[(end + 1)...]
            }
            out += rest
            precondition(filled == values.count, "each raw value is written once")
            return out
        }
    }
}
