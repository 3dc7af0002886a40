import Testing

@testable import MotCuaDomain

// MARK: - Valid events

/// A valid event as a sender might write it (members in any order, with whitespace, upper-case id)
/// and the canonical bytes it must produce.
struct ValidEvent: Sendable, CustomTestStringConvertible {
    let label: String
    let type: EventType
    let stream: String
    let input: String
    let canonical: String

    /// `data` is written as given inside an envelope whose members are in reverse order, with spaces and an
    /// upper-case id; the canonical form has `id,type,occurredAt,data`, a lower-case id and `canonicalData`.
    init(
        _ label: String, _ type: EventType, stream: String, at occurredAt: String = "2025-01-24T10:00:00+07:00",
        data: String, canonicalData: String
    ) {
        self.label = label
        self.type = type
        self.stream = stream
        self.input = """
            {
              "data" : \(data),
              "occurredAt" : "\(occurredAt)",
              "type" : "\(type.rawValue)",
              "id" : "0B9E2F7C-5D1A-4C3E-9F2A-7A6B5C4D3E2F"
            }
            """
        self.canonical =
            #"{"id":"0b9e2f7c-5d1a-4c3e-9f2a-7a6b5c4d3e2f","type":"\#(type.rawValue)","occurredAt":"\#(occurredAt)","#
            + #""data":\#(canonicalData)}"#
    }

    var testDescription: String { label }
}

private let dossierCode = "000.20.31.H26-250106-0001"
private let dossierStream = "dossier/000.20.31.H26-250106-0001"
private let complaintStream = "complaint/PAKN-2025-0001"

private let validEvents: [ValidEvent] = [
    ValidEvent(
        "AgencyRegistered without parent", .agencyRegistered, stream: "agency/000.00.20.H26",
        data: #"{ "level": "province", "name": "Sở Tư pháp Hà Nội", "agency": "000.00.20.H26" }"#,
        canonicalData: #"{"agency":"000.00.20.H26","name":"Sở Tư pháp Hà Nội","level":"province"}"#),
    ValidEvent(
        "AgencyRegistered with parent", .agencyRegistered, stream: "agency/000.21.31.H26",
        data: #"{"parent":"000.00.20.H26","level":"commune","agency":"000.21.31.H26","name":"UBND phường Cửa Nam"}"#,
        canonicalData:
            #"{"agency":"000.21.31.H26","name":"UBND phường Cửa Nam","level":"commune","parent":"000.00.20.H26"}"#),
    ValidEvent(
        "AgencySucceeded", .agencySucceeded, stream: "agency/000.00.31.H26",
        data: #"{"effective": "2025-07-01", "successor": "000.21.31.H26", "agency": "000.00.31.H26"}"#,
        canonicalData: #"{"agency":"000.00.31.H26","successor":"000.21.31.H26","effective":"2025-07-01"}"#),
    ValidEvent(
        "ProcedurePublished", .procedurePublished, stream: "procedure/1.004227",
        data: #"{"fullOnlineEligible": true, "writtenResult": false, "timeLimitDays": 5, "field": "HT", "#
            + #""sector": "TP", "name": "Đăng ký khai sinh", "procedure": "1.004227"}"#,
        canonicalData: #"{"procedure":"1.004227","name":"Đăng ký khai sinh","sector":"TP","field":"HT","#
            + #""timeLimitDays":5,"writtenResult":false,"fullOnlineEligible":true}"#),
    ValidEvent(
        "OnlineServiceChanged", .onlineServiceChanged, stream: "procedure/1.004227",
        data: #"{"service": "full", "procedure": "1.004227"}"#,
        canonicalData: #"{"procedure":"1.004227","service":"full"}"#),
    ValidEvent(
        "ProcedureRepealed", .procedureRepealed, stream: "procedure/1.004227",
        data: #"{ "procedure" : "1.004227" }"#, canonicalData: #"{"procedure":"1.004227"}"#),
    ValidEvent(
        "DossierReceived with every member, fractional occurredAt", .dossierReceived, stream: dossierStream,
        at: "2025-01-24T10:00:00.500+07:00",
        data: #"{"applicant": "enterprise", "submittedAt": "2025-01-23T22:15:00Z", "#
            + #""dueAt": "2025-02-07T17:00:00+07:00", "channel": "online", "agency": "000.00.20.H26", "#
            + #""procedure": "1.004227", "dossier": "\#(dossierCode)"}"#,
        canonicalData: #"{"dossier":"\#(dossierCode)","procedure":"1.004227","agency":"000.00.20.H26","#
            + #""channel":"online","dueAt":"2025-02-07T17:00:00+07:00","submittedAt":"2025-01-23T22:15:00Z","#
            + #""applicant":"enterprise"}"#),
    ValidEvent(
        "DossierReceived without optional members, UTC occurredAt", .dossierReceived, stream: dossierStream,
        at: "2025-01-24T03:00:00Z",
        data: #"{"applicant": "household", "channel": "postal", "agency": "000.00.20.H26", "#
            + #""procedure": "1.004227", "dossier": "\#(dossierCode)"}"#,
        canonicalData: #"{"dossier":"\#(dossierCode)","procedure":"1.004227","agency":"000.00.20.H26","#
            + #""channel":"postal","applicant":"household"}"#),
    ValidEvent(
        "ComponentsDigitized", .componentsDigitized, stream: dossierStream,
        data: #"{"reused": 0, "documents": 3, "dossier": "\#(dossierCode)"}"#,
        canonicalData: #"{"dossier":"\#(dossierCode)","documents":3,"reused":0}"#),
    ValidEvent(
        "SupplementRequested", .supplementRequested, stream: dossierStream,
        data: #"{ "dossier": "\#(dossierCode)" }"#, canonicalData: #"{"dossier":"\#(dossierCode)"}"#),
    ValidEvent(
        "SupplementProvided", .supplementProvided, stream: dossierStream,
        data: #"{ "dossier": "\#(dossierCode)" }"#, canonicalData: #"{"dossier":"\#(dossierCode)"}"#),
    ValidEvent(
        "DossierTransferred", .dossierTransferred, stream: dossierStream,
        data: #"{"toAgency": "000.00.31.H26", "dossier": "\#(dossierCode)"}"#,
        canonicalData: #"{"dossier":"\#(dossierCode)","toAgency":"000.00.31.H26"}"#),
    ValidEvent(
        "ApologyIssued", .apologyIssued, stream: dossierStream,
        data: #"{"newDueAt": "2025-02-10T10:00:00Z", "dossier": "\#(dossierCode)"}"#,
        canonicalData: #"{"dossier":"\#(dossierCode)","newDueAt":"2025-02-10T10:00:00Z"}"#),
    ValidEvent(
        "DossierProcessed", .dossierProcessed, stream: dossierStream,
        data: #"{"electronicResult": true, "outcome": "approved", "dossier": "\#(dossierCode)"}"#,
        canonicalData: #"{"dossier":"\#(dossierCode)","outcome":"approved","electronicResult":true}"#),
    ValidEvent(
        "ResultDigitized", .resultDigitized, stream: dossierStream,
        data: #"{"dossier":"\#(dossierCode)"}"#, canonicalData: #"{"dossier":"\#(dossierCode)"}"#),
    ValidEvent(
        "ResultReturned", .resultReturned, stream: dossierStream,
        data: #"{"channel": "postal", "dossier": "\#(dossierCode)"}"#,
        canonicalData: #"{"dossier":"\#(dossierCode)","channel":"postal"}"#),
    ValidEvent(
        "DossierWithdrawn", .dossierWithdrawn, stream: dossierStream,
        data: #"{"dossier":"\#(dossierCode)"}"#, canonicalData: #"{"dossier":"\#(dossierCode)"}"#),
    ValidEvent(
        "DossierStopped", .dossierStopped, stream: dossierStream,
        data: #"{"reason": "Hồ sơ không đủ điều kiện", "dossier": "\#(dossierCode)"}"#,
        canonicalData: #"{"dossier":"\#(dossierCode)","reason":"Hồ sơ không đủ điều kiện"}"#),
    ValidEvent(
        "DossierRated", .dossierRated, stream: dossierStream,
        data: #"{"satisfied": false, "dossier": "\#(dossierCode)"}"#,
        canonicalData: #"{"dossier":"\#(dossierCode)","satisfied":false}"#),
    ValidEvent(
        "ComplaintReceived with procedure and dossier", .complaintReceived, stream: complaintStream,
        data: #"{"dossier": "\#(dossierCode)", "procedure": "1.004227", "category": "regulation", "#
            + #""channel": "ihanoi", "agency": "000.00.20.H26", "complaint": "PAKN-2025-0001"}"#,
        canonicalData: #"{"complaint":"PAKN-2025-0001","agency":"000.00.20.H26","channel":"ihanoi","#
            + #""category":"regulation","procedure":"1.004227","dossier":"\#(dossierCode)"}"#),
    ValidEvent(
        "ComplaintReceived without optional members", .complaintReceived, stream: complaintStream,
        data: #"{"category": "other", "channel": "post", "agency": "000.00.20.H26", "complaint": "PAKN-2025-0001"}"#,
        canonicalData:
            #"{"complaint":"PAKN-2025-0001","agency":"000.00.20.H26","channel":"post","category":"other"}"#),
    ValidEvent(
        "ComplaintTransferred", .complaintTransferred, stream: complaintStream,
        data: #"{"toAgency": "000.00.31.H26", "complaint": "PAKN-2025-0001"}"#,
        canonicalData: #"{"complaint":"PAKN-2025-0001","toAgency":"000.00.31.H26"}"#),
    ValidEvent(
        "ComplaintRejected", .complaintRejected, stream: complaintStream,
        data: #"{"reason": "Phản ánh nặc danh", "complaint": "PAKN-2025-0001"}"#,
        canonicalData: #"{"complaint":"PAKN-2025-0001","reason":"Phản ánh nặc danh"}"#),
    ValidEvent(
        "ComplaintAnswered", .complaintAnswered, stream: complaintStream,
        data: #"{"complaint": "PAKN-2025-0001"}"#, canonicalData: #"{"complaint":"PAKN-2025-0001"}"#),
    ValidEvent(
        "ComplaintPublished", .complaintPublished, stream: complaintStream,
        data: #"{"channel": "media", "complaint": "PAKN-2025-0001"}"#,
        canonicalData: #"{"complaint":"PAKN-2025-0001","channel":"media"}"#),
]

// MARK: - Malformed events

/// Bytes that must be refused, with the expected error.
struct MalformedEvent: Sendable, CustomTestStringConvertible {
    let label: String
    let bytes: [UInt8]
    let code: EventError.Code
    let field: String?
    let fragment: String
    /// Whether the error must carry ``Fixture/eventID`` (the id could be read).
    let knowsID: Bool

    init(
        _ label: String, bytes: [UInt8], _ code: EventError.Code, field: String?, _ fragment: String,
        knowsID: Bool = true
    ) {
        self.label = label
        self.bytes = bytes
        self.code = code
        self.field = field
        self.fragment = fragment
        self.knowsID = knowsID
    }

    init(
        _ label: String, text: String, _ code: EventError.Code, field: String?, _ fragment: String,
        knowsID: Bool = true
    ) {
        self.init(label, bytes: Array(text.utf8), code, field: field, fragment, knowsID: knowsID)
    }

    /// An event of `type` whose `data` is `base` with `key` set to the raw JSON `value` (appended when new,
    /// removed when `nil`).
    init(
        _ label: String, _ type: EventType, _ base: [(String, String)], set key: String, to value: String?,
        at occurredAt: String = "2025-01-24T10:00:00+07:00", _ code: EventError.Code, field: String?,
        _ fragment: String
    ) {
        let text = Fixture.json(type.rawValue, at: occurredAt, dataJSON(base, set: key, to: value))
        self.init(label, text: text, code, field: field, fragment)
    }

    var testDescription: String { label }
}

/// A JSON string literal for `text` (no characters that need escaping).
private func q(_ text: String) -> String { "\"" + text + "\"" }

/// An object from raw members, with `key` replaced, appended or (for `nil`) removed.
private func dataJSON(_ base: [(String, String)], set key: String, to value: String?) -> String {
    var members = base
    if let index = members.firstIndex(where: { $0.0 == key }) {
        if let value { members[index].1 = value } else { members.remove(at: index) }
    } else if let value {
        members.append((key, value))
    }
    return "{" + members.map { q($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
}

private let received: [(String, String)] = [
    ("dossier", q(dossierCode)), ("procedure", q("1.004227")), ("agency", q("000.00.20.H26")),
    ("channel", q("direct")), ("applicant", q("citizen")),
]
private let published: [(String, String)] = [
    ("procedure", q("1.004227")), ("name", q("Đăng ký khai sinh")), ("sector", q("TP")), ("field", q("HT")),
    ("timeLimitDays", "5"), ("writtenResult", "true"), ("fullOnlineEligible", "false"),
]
private let registered: [(String, String)] = [
    ("agency", q("000.00.20.H26")), ("name", q("Sở Tư pháp")), ("level", q("province")),
]
private let succeeded: [(String, String)] = [
    ("agency", q("000.00.31.H26")), ("successor", q("000.21.31.H26")), ("effective", q("2025-07-01")),
]
private let digitized: [(String, String)] = [("dossier", q(dossierCode)), ("documents", "3"), ("reused", "1")]
private let subjectOnly: [(String, String)] = [("dossier", q(dossierCode))]
private let transferred: [(String, String)] = [("dossier", q(dossierCode)), ("toAgency", q("000.00.31.H26"))]
private let apology: [(String, String)] = [("dossier", q(dossierCode)), ("newDueAt", q("2025-02-10T17:00:00+07:00"))]
private let processed: [(String, String)] = [
    ("dossier", q(dossierCode)), ("outcome", q("approved")), ("electronicResult", "false"),
]
private let returned: [(String, String)] = [("dossier", q(dossierCode)), ("channel", q("direct"))]
private let stopped: [(String, String)] = [("dossier", q(dossierCode)), ("reason", q("Không đủ điều kiện"))]
private let rated: [(String, String)] = [("dossier", q(dossierCode)), ("satisfied", "true")]
private let service: [(String, String)] = [("procedure", q("1.004227")), ("service", q("partial"))]
private let complaintReceived: [(String, String)] = [
    ("complaint", q("PAKN-2025-0001")), ("agency", q("000.00.20.H26")), ("channel", q("portal")),
    ("category", q("conduct")),
]
private let complaintRejected: [(String, String)] = [("complaint", q("PAKN-2025-0001")), ("reason", q("Nặc danh"))]
private let complaintPublished: [(String, String)] = [("complaint", q("PAKN-2025-0001")), ("channel", q("portal"))]

private let validText = Fixture.json(
    "DossierReceived", at: "2025-01-24T10:00:00+07:00", dataJSON(received, set: "", to: nil))
private let validData = dataJSON(received, set: "", to: nil)
private let id = Fixture.eventID

/// An envelope with explicit members (raw JSON values), in the given order.
private func envelope(_ members: [(String, String)]) -> String {
    "{" + members.map { q($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
}

private let envelopeMembers: [(String, String)] = [
    ("id", q(id)), ("type", q("DossierReceived")), ("occurredAt", q("2025-01-24T10:00:00+07:00")), ("data", validData),
]

private func envelope(set key: String, to value: String?) -> String { dataJSON(envelopeMembers, set: key, to: value) }

private let sixtyFive = String(repeating: "A", count: 65)

private let shapeCases: [MalformedEvent] = [
    MalformedEvent(
        "not JSON: truncated", text: #"{"id":"#, .malformedJSON, field: nil, "not a JSON event", knowsID: false),
    MalformedEvent(
        "not JSON: plain text", text: "hello", .malformedJSON, field: nil, "not a JSON event", knowsID: false),
    MalformedEvent("not JSON: empty input", text: "", .malformedJSON, field: nil, "not a JSON event", knowsID: false),
    MalformedEvent(
        "not JSON: trailing content", text: validText + " {}", .malformedJSON, field: nil, "after the value",
        knowsID: false),
    MalformedEvent(
        "not JSON: trailing comma", text: envelope(envelopeMembers).dropLast() + ",}", .malformedJSON, field: nil,
        "not a JSON event", knowsID: false),
    MalformedEvent(
        "JSON array instead of object", text: "[" + validText + "]", .wrongType, field: nil, "must be a JSON object",
        knowsID: false),
    MalformedEvent(
        "JSON string", text: #""DossierReceived""#, .wrongType, field: nil, "must be a JSON object", knowsID: false),
    MalformedEvent("JSON null", text: "null", .wrongType, field: nil, "must be a JSON object", knowsID: false),
    MalformedEvent(
        "unknown envelope member", text: envelope(set: "stream", to: q("dossier/x")), .unknownField, field: "stream",
        "is not a field of event (id, type, occurredAt, data)"),
    MalformedEvent(
        "recorded-form member in an interchange event", text: envelope(set: "position", to: "1"), .unknownField,
        field: "position", "is not a field of event (id, type, occurredAt, data)"),
    MalformedEvent(
        "missing id", text: envelope(set: "id", to: nil), .missingField, field: "id", "id is required", knowsID: false),
    MalformedEvent(
        "null id", text: envelope(set: "id", to: "null"), .missingField, field: "id", "id is required", knowsID: false),
    MalformedEvent(
        "missing type", text: envelope(set: "type", to: nil), .missingField, field: "type", "type is required"),
    MalformedEvent(
        "missing occurredAt", text: envelope(set: "occurredAt", to: nil), .missingField, field: "occurredAt",
        "occurredAt is required"),
    MalformedEvent(
        "missing data", text: envelope(set: "data", to: nil), .missingField, field: "data", "data is required"),
    MalformedEvent(
        "id is a number", text: envelope(set: "id", to: "42"), .wrongType, field: "id",
        "must be a string, not a number",
        knowsID: false),
    MalformedEvent(
        "type is a number", text: envelope(set: "type", to: "6"), .wrongType, field: "type", "must be a string"),
    MalformedEvent(
        "occurredAt is a number", text: envelope(set: "occurredAt", to: "1737687600"), .wrongType, field: "occurredAt",
        "must be a string"),
    MalformedEvent(
        "data is an array", text: envelope(set: "data", to: "[]"), .wrongType, field: "data", "must be an object"),
    MalformedEvent(
        "data is a string", text: envelope(set: "data", to: q("x")), .wrongType, field: "data", "must be an object"),
    MalformedEvent(
        "unknown type", text: envelope(set: "type", to: q("DossierLost")), .unknownType, field: "type",
        #""DossierLost" is not an event type"#),
    MalformedEvent(
        "type in the wrong case", text: envelope(set: "type", to: q("dossierReceived")), .unknownType, field: "type",
        #""dossierReceived" is not an event type"#),
    MalformedEvent(
        "duplicate envelope key", text: envelope(envelopeMembers + [("type", q("DossierReceived"))]), .malformedJSON,
        field: nil, #"duplicate key "type""#, knowsID: false),
    MalformedEvent(
        "duplicate data key",
        text: envelope(
            set: "data",
            to: dataJSON(received, set: "x", to: nil).dropLast()
                + #","dossier":"other"}"#), .malformedJSON, field: nil, #"duplicate key "dossier""#, knowsID: false),
    MalformedEvent(
        "duplicate data key spelled with an escape",
        text: envelope(set: "data", to: #"{"dossier":"D-1","dos\u0073ier":"D-2"}"#), .malformedJSON, field: nil,
        "duplicate key", knowsID: false),
    MalformedEvent(
        "raw control character in a string",
        text: envelope(set: "data", to: dataJSON(stopped, set: "reason", to: "\"a\nb\"")),
        .malformedJSON, field: nil, "control character", knowsID: false),
    MalformedEvent(
        "invalid escape", text: envelope(set: "data", to: dataJSON(stopped, set: "reason", to: #""a\xb""#)),
        .malformedJSON, field: nil, "invalid escape", knowsID: false),
    MalformedEvent(
        "lone high surrogate escape",
        text: envelope(set: "data", to: dataJSON(stopped, set: "reason", to: #""\ud83c""#)),
        .malformedJSON, field: nil, "lone surrogate", knowsID: false),
    MalformedEvent(
        "lone low surrogate escape",
        text: envelope(set: "data", to: dataJSON(stopped, set: "reason", to: #""\udfdb""#)),
        .malformedJSON, field: nil, "lone surrogate", knowsID: false),
]

private func withBytes(_ bytes: [UInt8]) -> [UInt8] {
    // `{"id":…,"type":"DossierStopped",…,"data":{"dossier":…,"reason":"x<bytes>y"}}`
    let text = Fixture.json(
        "DossierStopped", at: "2025-01-24T10:00:00+07:00", dataJSON(stopped, set: "reason", to: "\"x@y\""))
    var result: [UInt8] = []
    for byte in text.utf8 {
        if byte == UInt8(ascii: "@") { result += bytes } else { result.append(byte) }
    }
    return result
}

private let utf8Cases: [MalformedEvent] = [
    MalformedEvent(
        "invalid UTF-8: 0xFF", bytes: withBytes([0xFF]), .malformedJSON, field: nil, "not valid UTF-8", knowsID: false),
    MalformedEvent(
        "invalid UTF-8: lone continuation byte", bytes: withBytes([0x80]), .malformedJSON, field: nil,
        "not valid UTF-8",
        knowsID: false),
    MalformedEvent(
        "invalid UTF-8: overlong '/'", bytes: withBytes([0xC0, 0xAF]), .malformedJSON, field: nil, "not valid UTF-8",
        knowsID: false),
    MalformedEvent(
        "invalid UTF-8: truncated sequence", bytes: withBytes([0xE1, 0xBB]), .malformedJSON, field: nil,
        "not valid UTF-8", knowsID: false),
    MalformedEvent(
        "invalid UTF-8: encoded surrogate", bytes: withBytes([0xED, 0xA0, 0x80]), .malformedJSON, field: nil,
        "not valid UTF-8", knowsID: false),
    MalformedEvent(
        "invalid UTF-8 outside a string", bytes: Array(validText.utf8).dropLast() + [0xFF, UInt8(ascii: "}")],
        .malformedJSON, field: nil, "not a JSON event", knowsID: false),
]

private let idCases: [MalformedEvent] = [
    "not-a-uuid", "0b9e2f7c5d1a4c3e9f2a7a6b5c4d3e2f", "0b9e2f7c-5d1a-4c3e-9f2a-7a6b5c4d3e2",
    "0b9e2f7c-5d1a-4c3e-9f2a-7a6b5c4d3e2f0", "{0b9e2f7c-5d1a-4c3e-9f2a-7a6b5c4d3e}",
    "0b9e2f7c-5d1a-4c3e-9f2a-7a6b5c4d3e2g", "0b9e2f7c_5d1a-4c3e-9f2a-7a6b5c4d3e2f", "",
].map { text in
    MalformedEvent(
        "id not a UUID: \"\(text)\"", text: envelope(set: "id", to: q(text)), .invalidValue, field: "id",
        "must be a UUID", knowsID: false)
}

private let fieldCases: [MalformedEvent] = [
    MalformedEvent(
        "unknown data field", .dossierReceived, received, set: "x", to: "1", .unknownField, field: "data.x",
        "DossierReceived: data.x is not a field of DossierReceived"),
    MalformedEvent(
        "envelope member inside data", .supplementRequested, subjectOnly, set: "occurredAt",
        to: q("2025-01-24T10:00:00+07:00"), .unknownField, field: "data.occurredAt", "is not a field of"),
    MalformedEvent(
        "field of another type", .dossierProcessed, processed, set: "satisfied", to: "true", .unknownField,
        field: "data.satisfied", "is not a field of DossierProcessed"),
    MalformedEvent(
        "missing applicant", .dossierReceived, received, set: "applicant", to: nil, .missingField,
        field: "data.applicant", "DossierReceived: data.applicant is required"),
    MalformedEvent(
        "missing dossier", .supplementRequested, subjectOnly, set: "dossier", to: nil, .missingField,
        field: "data.dossier", "data.dossier is required"),
    MalformedEvent(
        "null required member", .dossierReceived, received, set: "channel", to: "null", .missingField,
        field: "data.channel", "is required"),
    MalformedEvent(
        "missing timeLimitDays", .procedurePublished, published, set: "timeLimitDays", to: nil, .missingField,
        field: "data.timeLimitDays", "is required"),
    MalformedEvent(
        "missing newDueAt", .apologyIssued, apology, set: "newDueAt", to: nil, .missingField,
        field: "data.newDueAt", "is required"),
    MalformedEvent(
        "string for bool", .procedurePublished, published, set: "writtenResult", to: q("true"), .wrongType,
        field: "data.writtenResult", "must be true or false, not a string"),
    MalformedEvent(
        "number for bool", .dossierRated, rated, set: "satisfied", to: "1", .wrongType, field: "data.satisfied",
        "must be true or false, not a number"),
    MalformedEvent(
        "number as string", .procedurePublished, published, set: "timeLimitDays", to: q("5"), .wrongType,
        field: "data.timeLimitDays", "must be a number, not a string"),
    MalformedEvent(
        "bool for number", .componentsDigitized, digitized, set: "documents", to: "true", .wrongType,
        field: "data.documents", "must be a number, not a boolean"),
    MalformedEvent(
        "number for code", .supplementRequested, subjectOnly, set: "dossier", to: "123", .wrongType,
        field: "data.dossier", "must be a string, not a number"),
    MalformedEvent(
        "object for name", .agencyRegistered, registered, set: "name", to: "{}", .wrongType, field: "data.name",
        "must be a string, not an object"),
    MalformedEvent(
        "bool for timestamp", .apologyIssued, apology, set: "newDueAt", to: "false", .wrongType,
        field: "data.newDueAt", "must be a string, not a boolean"),
    MalformedEvent(
        "bad channel", .dossierReceived, received, set: "channel", to: q("email"), .invalidValue,
        field: "data.channel", #"must be one of "direct", "online", "postal", got "email""#),
    MalformedEvent(
        "channel in the wrong case", .dossierReceived, received, set: "channel", to: q("Direct"), .invalidValue,
        field: "data.channel", #"got "Direct""#),
    MalformedEvent(
        "bad applicant", .dossierReceived, received, set: "applicant", to: q("person"), .invalidValue,
        field: "data.applicant", #"must be one of "citizen", "enterprise", "household""#),
    MalformedEvent(
        "bad level", .agencyRegistered, registered, set: "level", to: q("ward"), .invalidValue, field: "data.level",
        #"must be one of "province", "district", "commune", got "ward""#),
    MalformedEvent(
        "bad service", .onlineServiceChanged, service, set: "service", to: q("online"), .invalidValue,
        field: "data.service", #"must be one of "none", "partial", "full""#),
    MalformedEvent(
        "bad outcome", .dossierProcessed, processed, set: "outcome", to: q("rejected"), .invalidValue,
        field: "data.outcome", #"must be one of "approved", "denied""#),
    MalformedEvent(
        "bad return channel", .resultReturned, returned, set: "channel", to: q("email"), .invalidValue,
        field: "data.channel", #""direct", "online", "postal""#),
    MalformedEvent(
        "bad complaint channel", .complaintReceived, complaintReceived, set: "channel", to: q("zalo"), .invalidValue,
        field: "data.channel", #""portal", "ihanoi", "hotline", "email", "direct", "post""#),
    MalformedEvent(
        "bad complaint category", .complaintReceived, complaintReceived, set: "category", to: q("fraud"),
        .invalidValue, field: "data.category", #""regulation", "conduct", "other""#),
    MalformedEvent(
        "bad publication channel", .complaintPublished, complaintPublished, set: "channel", to: q("post"),
        .invalidValue, field: "data.channel", #""portal", "ihanoi", "media", "letter""#),
    MalformedEvent(
        "empty code", .supplementRequested, subjectOnly, set: "dossier", to: q(""), .invalidCode,
        field: "data.dossier", #"must be 1–64 characters of [A-Za-z0-9._-], got """#),
    MalformedEvent(
        "65-character code", .supplementRequested, subjectOnly, set: "dossier", to: q(sixtyFive), .invalidCode,
        field: "data.dossier", "must be 1–64 characters"),
    MalformedEvent(
        "code with a space", .dossierReceived, received, set: "agency", to: q("000.00.20 H26"), .invalidCode,
        field: "data.agency", #"got "000.00.20 H26""#),
    MalformedEvent(
        "code with a trailing space", .dossierReceived, received, set: "procedure", to: q("1.004227 "), .invalidCode,
        field: "data.procedure", "must be 1–64 characters"),
    MalformedEvent(
        "code with a slash", .dossierTransferred, transferred, set: "toAgency", to: q("000.00/31.H26"), .invalidCode,
        field: "data.toAgency", "must be 1–64 characters"),
    MalformedEvent(
        "code with Vietnamese letters", .supplementRequested, subjectOnly, set: "dossier", to: q("hồ-sơ-01"),
        .invalidCode, field: "data.dossier", #"got "hồ-sơ-01""#),
    MalformedEvent(
        "sector code with a colon", .procedurePublished, published, set: "sector", to: q("TP:1"), .invalidCode,
        field: "data.sector", "must be 1–64 characters"),
    MalformedEvent(
        "optional code invalid", .agencyRegistered, registered, set: "parent", to: q(""), .invalidCode,
        field: "data.parent", "must be 1–64 characters"),
    MalformedEvent(
        "fraction for an integer", .procedurePublished, published, set: "timeLimitDays", to: "5.5", .invalidValue,
        field: "data.timeLimitDays", "must be a whole number, got 5.5"),
    MalformedEvent(
        "integer written with .0", .procedurePublished, published, set: "timeLimitDays", to: "5.0", .invalidValue,
        field: "data.timeLimitDays", "got 5.0"),
    MalformedEvent(
        "integer written with an exponent", .componentsDigitized, digitized, set: "documents", to: "1e1",
        .invalidValue, field: "data.documents", "got 1e1"),
    MalformedEvent(
        "integer too large for Int", .componentsDigitized, digitized, set: "reused", to: "99999999999999999999",
        .invalidValue, field: "data.reused", "data.reused"),
    MalformedEvent(
        "negative timeLimitDays", .procedurePublished, published, set: "timeLimitDays", to: "-1", .invalidValue,
        field: "data.timeLimitDays", "must be between 0 and 3650, got -1"),
    MalformedEvent(
        "timeLimitDays above 3650", .procedurePublished, published, set: "timeLimitDays", to: "3651", .invalidValue,
        field: "data.timeLimitDays", "must be between 0 and 3650, got 3651"),
    MalformedEvent(
        "no documents", .componentsDigitized, digitized, set: "documents", to: "0", .invalidValue,
        field: "data.documents", "must be between 1 and 1000000, got 0"),
    MalformedEvent(
        "too many documents", .componentsDigitized, digitized, set: "documents", to: "1000001", .invalidValue,
        field: "data.documents", "got 1000001"),
    MalformedEvent(
        "negative reused", .componentsDigitized, digitized, set: "reused", to: "-1", .invalidValue,
        field: "data.reused", "must be between 0 and 1000000, got -1"),
    MalformedEvent(
        "empty name", .agencyRegistered, registered, set: "name", to: q(""), .invalidValue, field: "data.name",
        "AgencyRegistered: data.name must not be empty"),
    MalformedEvent(
        "blank name", .procedurePublished, published, set: "name", to: q("   "), .invalidValue, field: "data.name",
        "must not be empty"),
    MalformedEvent(
        "name too long", .agencyRegistered, registered, set: "name", to: q(String(repeating: "ư", count: 501)),
        .invalidValue, field: "data.name", "must be at most 500 characters"),
    MalformedEvent(
        "empty stop reason", .dossierStopped, stopped, set: "reason", to: q(""), .invalidValue, field: "data.reason",
        "must not be empty"),
    MalformedEvent(
        "blank rejection reason", .complaintRejected, complaintRejected, set: "reason", to: #"" \n\t ""#,
        .invalidValue, field: "data.reason", "must not be empty"),
    MalformedEvent(
        "impossible effective date", .agencySucceeded, succeeded, set: "effective", to: q("2025-02-30"),
        .invalidValue, field: "data.effective", "must be a date YYYY-MM-DD"),
    MalformedEvent(
        "effective date without padding", .agencySucceeded, succeeded, set: "effective", to: q("2025-7-1"),
        .invalidValue, field: "data.effective", #"got "2025-7-1""#),
    MalformedEvent(
        "effective date with a time", .agencySucceeded, succeeded, set: "effective",
        to: q("2025-07-01T00:00:00+07:00"), .invalidValue, field: "data.effective", "must be a date"),
]

private func occurredAtCase(_ text: String, _ code: EventError.Code, _ fragment: String) -> MalformedEvent {
    MalformedEvent(
        "occurredAt \"\(text)\"", text: envelope(set: "occurredAt", to: q(text)), code, field: "occurredAt", fragment)
}

private let timestampCases: [MalformedEvent] = [
    occurredAtCase("2025-01-24T10:00:00", .timestampWithoutOffset, "must carry a UTC offset"),
    occurredAtCase("2025-01-24T10:00:00.500", .timestampWithoutOffset, "must carry a UTC offset"),
    occurredAtCase("2025-13-01T10:00:00+07:00", .invalidTimestamp, "must be an RFC 3339 timestamp"),
    occurredAtCase("2025-02-30T10:00:00+07:00", .invalidTimestamp, "must be an RFC 3339 timestamp"),
    occurredAtCase("2025-02-29T10:00:00+07:00", .invalidTimestamp, "must be an RFC 3339 timestamp"),
    occurredAtCase("2025-01-24T10:00+07:00", .invalidTimestamp, "must be an RFC 3339 timestamp"),
    occurredAtCase("2025-01-24 10:00:00+07:00", .invalidTimestamp, "must be an RFC 3339 timestamp"),
    occurredAtCase("2025-01-24T24:00:00+07:00", .invalidTimestamp, "must be an RFC 3339 timestamp"),
    occurredAtCase("2025-01-24T10:60:00+07:00", .invalidTimestamp, "must be an RFC 3339 timestamp"),
    occurredAtCase("2025-01-24T10:00:00+0700", .invalidTimestamp, "must be an RFC 3339 timestamp"),
    occurredAtCase("2025-01-24T10:00:00+07", .invalidTimestamp, "must be an RFC 3339 timestamp"),
    occurredAtCase("2025-01-24T10:00:00.+07:00", .invalidTimestamp, "must be an RFC 3339 timestamp"),
    occurredAtCase("2025-01-24T10:00:00Z ", .invalidTimestamp, "must be an RFC 3339 timestamp"),
    occurredAtCase("2025-01-24", .invalidTimestamp, "must be an RFC 3339 timestamp"),
    occurredAtCase("2025-1-24T10:00:00+07:00", .invalidTimestamp, "must be an RFC 3339 timestamp"),
    occurredAtCase("", .invalidTimestamp, "must be an RFC 3339 timestamp"),
    // DOMAIN.md §2 range rule. Year 9999 once overflowed Int64 nanoseconds and stopped the server (issue 10).
    occurredAtCase("9999-02-10T09:00:00+07:00", .invalidValue, "must lie in the local years 2000–2099"),
    occurredAtCase("9999-12-31T23:59:59.999999999-23:59", .invalidValue, "must lie in the local years 2000–2099"),
    occurredAtCase("0000-01-01T00:00:00Z", .invalidTimestamp, "must be an RFC 3339 timestamp"),
    occurredAtCase("0001-01-01T00:00:00+23:59", .invalidValue, "must lie in the local years 2000–2099"),
    occurredAtCase("2262-04-11T23:47:16.854775808Z", .invalidValue, "must lie in the local years 2000–2099"),
    occurredAtCase("1999-12-31T23:59:59.999999999+07:00", .invalidValue, "must lie in the local years 2000–2099"),
    occurredAtCase("1999-12-31T16:59:59Z", .invalidValue, "got \"1999-12-31T16:59:59Z\""),
    occurredAtCase("2100-01-01T00:00:00+07:00", .invalidValue, "must lie in the local years 2000–2099"),
    occurredAtCase("2099-12-31T17:00:00Z", .invalidValue, "must lie in the local years 2000–2099"),
    MalformedEvent(
        "dueAt in 2100", .dossierReceived, received, set: "dueAt", to: q("2100-01-04T17:00:00+07:00"),
        .invalidValue, field: "data.dueAt", "must lie in the local years 2000–2099"),
    MalformedEvent(
        "submittedAt in 1999", .dossierReceived, received, set: "submittedAt", to: q("1999-12-31T09:00:00+07:00"),
        .invalidValue, field: "data.submittedAt", "must lie in the local years 2000–2099"),
    MalformedEvent(
        "newDueAt in year 9999", .apologyIssued, apology, set: "newDueAt", to: q("9999-12-31T17:00:00+07:00"),
        .invalidValue, field: "data.newDueAt", "must lie in the local years 2000–2099"),
    MalformedEvent(
        "effective date in 2100", .agencySucceeded, succeeded, set: "effective", to: q("2100-01-01"),
        .invalidValue, field: "data.effective", "must lie in the local years 2000–2099"),
    MalformedEvent(
        "effective date in year 9999", .agencySucceeded, succeeded, set: "effective", to: q("9999-12-31"),
        .invalidValue, field: "data.effective", "must lie in the local years 2000–2099"),
    MalformedEvent(
        "dueAt without offset", .dossierReceived, received, set: "dueAt", to: q("2025-02-07T17:00:00"),
        .timestampWithoutOffset, field: "data.dueAt",
        #"must carry a UTC offset (Z or ±HH:MM), got "2025-02-07T17:00:00""#),
    MalformedEvent(
        "submittedAt without offset", .dossierReceived, received, set: "submittedAt", to: q("2025-01-24T09:00:00"),
        .timestampWithoutOffset, field: "data.submittedAt", "must carry a UTC offset"),
    MalformedEvent(
        "newDueAt without offset", .apologyIssued, apology, set: "newDueAt", to: q("2025-02-10T17:00:00"),
        .timestampWithoutOffset, field: "data.newDueAt", "must carry a UTC offset"),
    MalformedEvent(
        "dueAt on 30 February", .dossierReceived, received, set: "dueAt", to: q("2025-02-30T17:00:00+07:00"),
        .invalidTimestamp, field: "data.dueAt", "must be an RFC 3339 timestamp"),
    MalformedEvent(
        "newDueAt in month 13", .apologyIssued, apology, set: "newDueAt", to: q("2025-13-10T17:00:00+07:00"),
        .invalidTimestamp, field: "data.newDueAt", "must be an RFC 3339 timestamp"),
    MalformedEvent(
        "dueAt equal to occurredAt", .dossierReceived, received, set: "dueAt", to: q("2025-01-24T10:00:00+07:00"),
        .inconsistentTimes, field: "data.dueAt", "must be after occurredAt (2025-01-24T10:00:00+07:00)"),
    MalformedEvent(
        "dueAt equal to occurredAt, written in UTC", .dossierReceived, received, set: "dueAt",
        to: q("2025-01-24T03:00:00Z"), .inconsistentTimes, field: "data.dueAt", "must be after occurredAt"),
    MalformedEvent(
        "dueAt before occurredAt", .dossierReceived, received, set: "dueAt", to: q("2025-01-24T09:59:59+07:00"),
        .inconsistentTimes, field: "data.dueAt", #"got "2025-01-24T09:59:59+07:00""#),
    MalformedEvent(
        "submittedAt after occurredAt", .dossierReceived, received, set: "submittedAt",
        to: q("2025-01-24T03:00:01Z"), .inconsistentTimes, field: "data.submittedAt", "must not be after occurredAt"),
]

private let malformedEvents = shapeCases + utf8Cases + idCases + fieldCases + timestampCases

// MARK: - Tests

@Suite struct EventDecodingTests {
    @Test("a valid event of every type decodes to its type, stream and canonical bytes", arguments: validEvents)
    func decodesValidEvent(_ example: ValidEvent) throws {
        let event = try EventEnvelope.decode(json: Array(example.input.utf8))
        #expect(event.type == example.type)
        #expect(event.data.type == example.type)
        #expect(event.stream.description == example.stream)
        #expect(event.id == EventID(Fixture.eventID))
        #expect(event.id.description == Fixture.eventID)
        #expect(String(decoding: event.canonicalJSON, as: UTF8.self) == example.canonical)
        #expect(event.canonicalJSON == Array(example.canonical.utf8))
    }

    @Test("decoding the canonical bytes again gives an equal envelope and the same bytes", arguments: validEvents)
    func roundTrip(_ example: ValidEvent) throws {
        let event = try EventEnvelope.decode(json: Array(example.input.utf8))
        let again = try EventEnvelope.decode(json: event.canonicalJSON)
        #expect(again == event)
        #expect(again.canonicalJSON == event.canonicalJSON)
    }

    @Test(
        "canonical bytes are taken as they are; a text off by one spelling is written anew",
        arguments: [
            // Each is compact and nearly canonical: one difference each.
            #"{"id":"0B9E2F7C-5d1a-4c3e-9f2a-7a6b5c4d3e2f","type":"ComponentsDigitized","occurredAt":"T","data":{"dossier":"D","documents":3,"reused":0}}"#,
            #"{"type":"ComponentsDigitized","id":"0b9e2f7c-5d1a-4c3e-9f2a-7a6b5c4d3e2f","occurredAt":"T","data":{"dossier":"D","documents":3,"reused":0}}"#,
            #"{"id":"0b9e2f7c-5d1a-4c3e-9f2a-7a6b5c4d3e2f","type":"ComponentsDigitized","occurredAt":"T","data":{"documents":3,"dossier":"D","reused":0}}"#,
            #"{"id":"0b9e2f7c-5d1a-4c3e-9f2a-7a6b5c4d3e2f","type":"ComponentsDigitized","occurredAt":"T","data":{"dossier":"D","documents":3,"reused":-0}}"#,
            #"{"id":"0b9e2f7c-5d1a-4c3e-9f2a-7a6b5c4d3e2f","type":"ComponentsDigitized","occurredAt":"T","data":{"dossier":"\u0044","documents":3,"reused":0}}"#,
            #"{"id":"0b9e2f7c-5d1a-4c3e-9f2a-7a6b5c4d3e2f","type":"ComponentsDigitized","occurredAt":"T","data":{"dossier":"D","documents":3,"reused":0} }"#,
        ])
    func canonicalPassThrough(_ variant: String) throws {
        let time = "2025-01-24T10:00:00+07:00"
        let canonical =
            #"{"id":"0b9e2f7c-5d1a-4c3e-9f2a-7a6b5c4d3e2f","type":"ComponentsDigitized","occurredAt":"\#(time)","#
            + #""data":{"dossier":"D","documents":3,"reused":0}}"#
        let exact = try EventEnvelope.decode(json: Array(canonical.utf8))
        #expect(exact.canonicalJSON == Array(canonical.utf8))
        let respelled = try EventEnvelope.decode(json: Array(variant.replacing("\"T\"", with: "\"\(time)\"").utf8))
        #expect(String(decoding: respelled.canonicalJSON, as: UTF8.self) == canonical)
        #expect(respelled == exact)
    }

    @Test("a null optional member is left out of the canonical bytes of a compact text")
    func compactNullMember() throws {
        let text =
            #"{"id":"0b9e2f7c-5d1a-4c3e-9f2a-7a6b5c4d3e2f","type":"DossierReceived","occurredAt":"2025-01-24T10:00:00+07:00","#
            + #""data":{"dossier":"D","procedure":"P","agency":"A","channel":"online","dueAt":null,"applicant":"citizen"}}"#
        let event = try EventEnvelope.decode(json: Array(text.utf8))
        #expect(String(decoding: event.canonicalJSON, as: UTF8.self) == text.replacing(#""dueAt":null,"#, with: ""))
    }

    @Test("the valid examples cover every event type of DOMAIN.md §2")
    func examplesCoverEveryType() {
        #expect(Set(validEvents.map(\.type)) == Set(EventType.allCases))
        #expect(EventType.allCases.count == 22)
    }

    @Test("typed members of DossierReceived keep their values and the timestamps' text")
    func dossierReceivedMembers() throws {
        let text = Fixture.json(
            "DossierReceived", at: "2025-01-24T10:00:00.500+07:00",
            #"{"dossier":"D-1","procedure":"1.004227","agency":"000.00.20.H26","channel":"online","#
                + #""dueAt":"2025-02-07T10:00:00Z","submittedAt":"2025-01-24T10:00:00.500+07:00","#
                + #""applicant":"enterprise"}"#)
        let event = try EventEnvelope.decode(json: Array(text.utf8))
        guard case .dossierReceived(let received) = event.data else {
            Issue.record("decoded as \(event.type)")
            return
        }
        #expect(received.dossier == Code("D-1"))
        #expect(received.procedure == Code("1.004227"))
        #expect(received.agency == Code("000.00.20.H26"))
        #expect(received.channel == .online)
        #expect(received.applicant == .enterprise)
        #expect(received.dueAt?.text == "2025-02-07T10:00:00Z")
        #expect(try received.dueAt?.instant == Fixture.instant("2025-02-07T17:00:00+07:00"))
        // submittedAt may equal occurredAt.
        #expect(received.submittedAt?.instant == event.occurredAt.instant)
        #expect(event.occurredAt.text == "2025-01-24T10:00:00.500+07:00")
        #expect(
            try event.occurredAt.instant == Fixture.instant("2025-01-24T03:00:00Z").adding(nanoseconds: 500_000_000))
    }

    @Test("timestamps keep their exact text: fractions, offsets, lower-case t and z")
    func timestampsKeptAsWritten() throws {
        for text in [
            "2025-01-24T10:00:00.500+07:00", "2025-01-24T03:00:00Z", "2025-01-24t03:00:00.123456789z",
            "2025-01-23T22:00:00-05:00", "2025-01-24T10:00:00.000+07:00",
        ] {
            let event = try EventEnvelope.decode(
                json: Array(Fixture.json("SupplementRequested", at: text, #"{"dossier":"D-1"}"#).utf8))
            #expect(event.occurredAt.text == text)
            let canonical = String(decoding: event.canonicalJSON, as: UTF8.self)
            #expect(canonical.contains(#""occurredAt":"\#(text)""#), "\(canonical)")
        }
    }

    @Test(
        "timestamps with different offsets denote the same instant",
        arguments: [
            ("2025-01-24T10:00:00+07:00", "2025-01-24T03:00:00Z"),
            ("2025-01-23T22:00:00-05:00", "2025-01-24T03:00:00Z"),
            ("2025-01-24T08:30:00+05:30", "2025-01-24T03:00:00Z"),
            ("2025-01-24T03:00:00+00:00", "2025-01-24T03:00:00z"),
            ("2025-01-01T06:59:59+07:00", "2024-12-31T23:59:59Z"),
            ("2024-03-01T06:59:59.250+07:00", "2024-02-29T23:59:59.25Z"),
        ])
    func sameInstant(_ a: String, _ b: String) throws {
        let first = try EventEnvelope.decode(
            json: Array(Fixture.json("SupplementRequested", at: a, #"{"dossier":"D-1"}"#).utf8))
        let second = try EventEnvelope.decode(
            json: Array(Fixture.json("SupplementRequested", at: b, #"{"dossier":"D-1"}"#).utf8))
        #expect(first.occurredAt.instant == second.occurredAt.instant)
        // Same instant, other text: other canonical bytes.
        #expect(first.canonicalJSON != second.canonicalJSON)
    }

    @Test(
        "boundary values are accepted",
        arguments: [
            ("ProcedurePublished", dataJSON(published, set: "timeLimitDays", to: "0")),
            ("ProcedurePublished", dataJSON(published, set: "timeLimitDays", to: "3650")),
            ("ComponentsDigitized", dataJSON(digitized, set: "documents", to: "1")),
            (
                "ComponentsDigitized",
                dataJSON([("dossier", q("D-1")), ("documents", "1000000"), ("reused", "0")], set: "", to: nil)
            ),
            ("ComponentsDigitized", dataJSON(digitized, set: "reused", to: "1000000")),
            ("SupplementRequested", dataJSON(subjectOnly, set: "dossier", to: q(String(repeating: "9", count: 64)))),
            ("SupplementRequested", dataJSON(subjectOnly, set: "dossier", to: q("a"))),
            ("SupplementRequested", dataJSON(subjectOnly, set: "dossier", to: q("A-z_0.9"))),
            ("AgencyRegistered", dataJSON(registered, set: "name", to: q(String(repeating: "ư", count: 500)))),
            ("DossierReceived", dataJSON(received, set: "dueAt", to: q("2025-01-24T10:00:00.000000001+07:00"))),
            ("DossierReceived", dataJSON(received, set: "submittedAt", to: q("2025-01-24T03:00:00Z"))),
        ])
    func boundaryValues(_ type: String, _ data: String) throws {
        let event = try EventEnvelope.decode(
            json: Array(Fixture.json(type, at: "2025-01-24T10:00:00+07:00", data).utf8))
        #expect(event.type.rawValue == type)
        // Canonical bytes of a valid event decode again.
        #expect(try EventEnvelope.decode(json: event.canonicalJSON) == event)
    }

    @Test(
        "an optional member set to null is absent",
        arguments: [
            ("DossierReceived", dataJSON(received, set: "dueAt", to: "null"), dataJSON(received, set: "x", to: nil)),
            (
                "AgencyRegistered", dataJSON(registered, set: "parent", to: "null"),
                dataJSON(registered, set: "x", to: nil)
            ),
        ])
    func nullOptionalMember(_ type: String, _ data: String, _ canonicalData: String) throws {
        let event = try EventEnvelope.decode(
            json: Array(Fixture.json(type, at: "2025-01-24T10:00:00+07:00", data).utf8))
        #expect(
            String(decoding: event.canonicalJSON, as: UTF8.self)
                == Fixture.json(type, at: "2025-01-24T10:00:00+07:00", canonicalData))
    }

    @Test("malformed events are refused with their code, field, message and id", arguments: malformedEvents)
    func refusesMalformed(_ example: MalformedEvent) {
        let error = #expect(throws: EventError.self) { try EventEnvelope.decode(json: example.bytes) }
        guard let error else { return }
        #expect(error.code == example.code, "\(error)")
        #expect(error.field == example.field, "\(error)")
        #expect(error.message.contains(example.fragment), "\(error.message)")
        #expect(error.eventID == (example.knowsID ? EventID(Fixture.eventID) : nil), "\(error)")
    }

    @Test("an invalid enum value's message lists every allowed value")
    func enumMessageListsAllowedValues() {
        let text = Fixture.json(
            "DossierReceived", at: "2025-01-24T10:00:00+07:00", dataJSON(received, set: "channel", to: q("fax")))
        let error = #expect(throws: EventError.self) { try EventEnvelope.decode(json: Array(text.utf8)) }
        for channel in DossierChannel.allCases {
            #expect(error?.message.contains(q(channel.rawValue)) == true, "\(channel)")
        }
        #expect(error?.description.hasSuffix("[invalidValue, field data.channel]") == true)
    }

    @Test("escaped strings decode and re-encode canonically")
    func escapes() throws {
        let escaped = #"S\u1edf T\u01b0 ph\u00e1p \"H\u00c0 N\u1ed8I\"\ndòng 2\\ \ud83c\udfdb \/ \t\u0001\u001F\b\f\r"#
        let text = Fixture.json(
            "AgencyRegistered", at: "2025-01-24T10:00:00+07:00",
            #"{"agency":"000.00.20.H26","name":"\#(escaped)","level":"province"}"#)
        let event = try EventEnvelope.decode(json: Array(text.utf8))
        guard case .agencyRegistered(let registered) = event.data else {
            Issue.record("decoded as \(event.type)")
            return
        }
        #expect(registered.name == "Sở Tư pháp \"HÀ NỘI\"\ndòng 2\\ 🏛 / \t\u{01}\u{1F}\u{08}\u{0C}\r")
        let canonicalName = #"Sở Tư pháp \"HÀ NỘI\"\ndòng 2\\ 🏛 / \t\u0001\u001f\b\f\r"#
        let expected = Fixture.json(
            "AgencyRegistered", at: "2025-01-24T10:00:00+07:00",
            #"{"agency":"000.00.20.H26","name":"\#(canonicalName)","level":"province"}"#)
        #expect(String(decoding: event.canonicalJSON, as: UTF8.self) == expected)
        #expect(try EventEnvelope.decode(json: event.canonicalJSON) == event)
    }

    @Test("escaped and raw UTF-8 spellings of the same text have the same canonical bytes")
    func escapedAndRawAgree() throws {
        let escaped = Fixture.json(
            "DossierStopped", at: "2025-01-24T10:00:00+07:00",
            #"{"dossier":"D-1","reason":"H\u1ed3 s\u01a1 \ud83d\udcc4"}"#)
        let raw = Fixture.json(
            "DossierStopped", at: "2025-01-24T10:00:00+07:00", #"{"dossier":"D-1","reason":"Hồ sơ 📄"}"#)
        let a = try EventEnvelope.decode(json: Array(escaped.utf8))
        let b = try EventEnvelope.decode(json: Array(raw.utf8))
        #expect(a == b)
        #expect(a.canonicalJSON == Array(raw.utf8))
    }

    @Test("the id is lower-cased in the canonical form and upper/lower spellings are the same id")
    func idCase() throws {
        let upper = "0B9E2F7C-5D1A-4C3E-9F2A-7A6B5C4D3E2F"
        let a = try EventEnvelope.decode(
            json: Array(
                Fixture.json(
                    "SupplementRequested", at: "2025-01-24T10:00:00Z",
                    #"{"dossier":"D-1"}"#, id: upper
                ).utf8))
        let b = try EventEnvelope.decode(
            json: Array(
                Fixture.json(
                    "SupplementRequested", at: "2025-01-24T10:00:00Z",
                    #"{"dossier":"D-1"}"#, id: Fixture.eventID
                ).utf8))
        #expect(a.id == b.id)
        #expect(a.canonicalJSON == b.canonicalJSON)
        #expect(String(decoding: a.canonicalJSON, as: UTF8.self).hasPrefix(#"{"id":"\#(Fixture.eventID)","#))
    }
}
