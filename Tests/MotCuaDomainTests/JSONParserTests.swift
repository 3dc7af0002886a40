import Foundation
import Testing

@testable import MotCuaDomain

@Suite("JSON scanner")
struct JSONParserTests {
    /// Texts every strict RFC 8259 parser accepts.
    static let valid = [
        #"{}"#, #"[]"#, #"0"#, #"-0"#, #"1.5e-3"#, #"-12E+2"#, #""""#, #"true"#, #"false"#, #"null"#,
        #" { "a" : [ 1 , { "b" : null } ] , "c" : "d" } "#, #"["\u00e9\ud83d\ude00\n\"\\\/"]"#,
        "{\"tên\":\"Hà Nội\"}", #"[[[[[[[[[[]]]]]]]]]]"#,
    ]

    @Test("what strict JSON parsers accept is accepted", arguments: valid)
    func acceptsValid(text: String) throws {
        let bytes = Array(text.utf8)
        #expect(throws: Never.self) { try JSONParser.scan(bytes) }
        // The same texts are JSON for Foundation too: the cases themselves are right.
        _ = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    }

    /// Texts that are not JSON, or not the strict JSON of the interchange format, with the reason given.
    static let invalid: [(text: [UInt8], reason: String)] = [
        (Array("".utf8), "unexpected end of input"),
        (Array("{".utf8), "expected a string key"),
        (Array(#"{"a":1,}"#.utf8), "expected a string key"),
        (Array(#"[1,]"#.utf8), "unexpected character"),
        (Array(#"{"a" 1}"#.utf8), "expected ':'"),
        (Array(#"{"a":1 "b":2}"#.utf8), "expected ',' or '}'"),
        (Array(#"[1 2]"#.utf8), "expected ',' or ']'"),
        (Array(#"{"a":1,"a":2}"#.utf8), #"duplicate key "a""#),
        (Array(#"{"a":1,"\u0061":2}"#.utf8), #"duplicate key "a""#),
        (Array(#"01"#.utf8), "leading zero"),
        (Array(#"1."#.utf8), "invalid number"),
        (Array(#"-"#.utf8), "invalid number"),
        (Array(#"1e"#.utf8), "invalid number"),
        (Array(#"tru"#.utf8), "unexpected end of input"),
        (Array(#"nul!"#.utf8), "unexpected character"),
        (Array(#"{} {}"#.utf8), "after the value"),
        (Array("\"a\u{1}\"".utf8), "control character"),
        (Array(#""\x""#.utf8), "invalid escape"),
        (Array(#""\u12G4""#.utf8), "invalid \\u escape"),
        (Array(#""\ud83d""#.utf8), "lone surrogate"),
        (Array(#""\ud83d\u0041""#.utf8), "lone surrogate"),
        (Array(#""\ude00""#.utf8), "lone surrogate"),
        (Array(#""abc"#.utf8), "unterminated string"),
        ([0x22, 0xFF, 0x22], "not valid UTF-8"),
        ([0x22, 0xC0, 0xAF, 0x22], "not valid UTF-8"),
        ([0x22, 0xE0, 0x80, 0x80, 0x22], "not valid UTF-8"),
        ([0x22, 0xED, 0xA0, 0x80, 0x22], "not valid UTF-8"),
        ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], "not valid UTF-8"),
        ([0x22, 0xE1, 0xBB, 0x22], "not valid UTF-8"),
        ([0x22, 0xE1, 0xBB], "not valid UTF-8"),
        (
            Array(String(repeating: "[", count: 65).utf8) + Array(String(repeating: "]", count: 65).utf8),
            "nested too deeply"
        ),
    ]

    @Test("what is not strict JSON is refused with the reason", arguments: invalid)
    func refusesInvalid(text: [UInt8], reason: String) {
        #expect {
            try JSONParser.scan(text)
        } throws: { error in
            "\(error)".contains(reason)
        }
    }

    @Test("a scan records the outer object's members and those of the expanded member")
    func spans() throws {
        let text = Array(#"{"id":"x","data":{"a":1,"b\"c":true,"d":null},"list":[1,{"e":2}]}"#.utf8)
        let document = try JSONParser.scan(text, expanding: "data")
        #expect(document.root.kind == .object && document.root.start == 0 && document.root.end == text.count)
        #expect(document.members.map { JSONParser.string(text, $0.key) } == ["id", "data", "list"])
        #expect(document.members.map(\.value.kind) == [.string, .object, .array])
        let nested = try #require(document.nested)
        #expect(nested.map { JSONParser.string(text, $0.key) } == ["a", "b\"c", "d"])
        #expect(nested.map(\.value.kind) == [.number, .true, .null])
        #expect(JSONParser.text(text, nested[0].value) == "1")
        #expect(!document.compact, "an escape makes the text other than compact")
        let list = document.members[2].value
        #expect(JSONParser.elements(text, of: list).map(\.kind) == [.number, .object])
    }

    @Test("strings are unescaped, surrogate pairs joined, and compared without escapes mattering")
    func strings() throws {
        let text = Array(#"["Hà Nội","H\u00e0 N\u1ed9i","\ud83d\ude00 \/\b\f\n\r\t\"\\"]"#.utf8)
        let document = try JSONParser.scan(text)
        let items = JSONParser.elements(text, of: document.root)
        #expect(JSONParser.string(text, items[0]) == "Hà Nội")
        #expect(JSONParser.string(text, items[1]) == "Hà Nội")
        #expect(JSONParser.string(text, items[1], equals: "Hà Nội"))
        #expect(!JSONParser.string(text, items[0], equals: "Hà Nộ"))
        #expect(JSONParser.string(text, items[2]) == "😀 /\u{8}\u{C}\n\r\t\"\\")
    }

    @Test("compact means no whitespace outside strings and no escape; a range scans an item of a larger text")
    func compactAndRanges() throws {
        #expect(try JSONParser.scan(Array(#"{"a":"b c"}"#.utf8)).compact)
        #expect(try !JSONParser.scan(Array(#"{"a": "b"}"#.utf8)).compact)
        let body = Array(#"[ {"a":1} , {"a" :2} ]"#.utf8)
        let items = JSONParser.elements(body, of: try JSONParser.scan(body).root)
        #expect(try JSONParser.scan(body, in: items[0].start..<items[0].end).compact)
        #expect(try !JSONParser.scan(body, in: items[1].start..<items[1].end).compact)
    }
}
