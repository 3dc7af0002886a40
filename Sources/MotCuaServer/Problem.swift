public import Hummingbird
import MotCuaDomain
import MotCuaStore

/// An RFC 9457 problem: what the API answers for every error, as `application/problem+json`.
///
/// `type` is a stable URI per error code (`https://motcua.vn/problems/<code>`); event errors add the
/// batch index, the event id, the field and the rule (the domain's stable code). Nothing internal (SQL,
/// file paths, driver messages) is ever put in a problem.
public struct Problem: Error, Sendable, HTTPResponseError {
    /// Where the problem types live; `type` is this plus the code.
    public static let typeBase = "https://motcua.vn/problems/"

    public let status: HTTPResponse.Status
    /// The stable code: the last segment of `type`.
    public let code: String
    public let title: String
    public let detail: String
    /// For an event of a batch: its index (from 0), id, field and rule.
    public var index: Int?
    public var eventID: String?
    public var field: String?
    public var rule: String?
    /// Headers to send with it (`WWW-Authenticate` for 401).
    var headers: HTTPFields = [:]

    /// A problem with its status, stable code, short title and a detail sentence.
    public init(_ status: HTTPResponse.Status, code: String, title: String, detail: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.field = field
    }

    /// The problem's JSON body.
    var json: String {
        var members = [
            ("type", JSONText.string(Problem.typeBase + code)), ("title", JSONText.string(title)),
            ("status", String(status.code)), ("detail", JSONText.string(detail)),
        ]
        if let index { members.append(("index", String(index))) }
        if let eventID { members.append(("id", JSONText.string(eventID))) }
        if let field { members.append(("field", JSONText.string(field))) }
        if let rule { members.append(("rule", JSONText.string(rule))) }
        return JSONText.object(members)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: json)))
    }
}

extension Problem {
    /// The store cannot write (a full or read-only disk, a database restarting): 503, retry after a few
    /// seconds. Reads go on.
    static func storeUnavailable(_ detail: String) -> Problem {
        var problem = Problem(
            .serviceUnavailable, code: "store-unavailable", title: "Store unavailable", detail: detail)
        problem.headers[.retryAfter] = "5"
        return problem
    }

    /// More work than the server takes at once: 503 with `Retry-After`; nothing of the request was stored.
    static func overloaded(_ detail: String) -> Problem {
        var problem = Problem(.serviceUnavailable, code: "overloaded", title: "Overloaded", detail: detail)
        problem.headers[.retryAfter] = "1"
        return problem
    }

    /// A token over its request rate: 429 with `Retry-After` (whole seconds).
    static func rateLimited(retryAfter seconds: Int, _ detail: String) -> Problem {
        var problem = Problem(.tooManyRequests, code: "rate-limited", title: "Too many requests", detail: detail)
        problem.headers[.retryAfter] = String(seconds)
        return problem
    }

    /// A query parameter or body member that is missing or malformed (400).
    static func badParameter(_ name: String, _ detail: String) -> Problem {
        Problem(.badRequest, code: "invalid-parameter", title: "Invalid parameter", detail: detail, field: name)
    }

    /// No token, or one that is unknown or revoked (401).
    static func unauthenticated(_ detail: String) -> Problem {
        var problem = Problem(.unauthorized, code: "unauthenticated", title: "Authentication required", detail: detail)
        problem.headers[.wwwAuthenticate] = "Bearer realm=\"motcua\""
        return problem
    }

    /// A token past its expiry (401), saying when it expired; `WWW-Authenticate` adds RFC 6750's
    /// `invalid_token` error.
    static func tokenExpired(at time: Timestamp) -> Problem {
        var problem = Problem(
            .unauthorized, code: "token-expired", title: "Token expired",
            detail: "the token expired at \(time.text); ask for a new one (motcua token create)")
        problem.headers[.wwwAuthenticate] =
            "Bearer realm=\"motcua\", error=\"invalid_token\", error_description=\"the token expired\""
        return problem
    }

    /// A valid token without the role this route needs (403).
    static func forbidden(_ detail: String) -> Problem {
        Problem(.forbidden, code: "forbidden", title: "Not allowed for this token", detail: detail)
    }

    /// An error the store raised, as the client should see it.
    init(_ error: EventStoreError) {
        switch error.code {
        case .rejected:
            let eventError = error.eventError
            let code = eventError?.code ?? .notAllowed
            let status: HTTPResponse.Status =
                switch code {
                case .outOfScope: .forbidden
                case .versionMismatch, .idConflict: .conflict
                default: .unprocessableContent
                }
            self.init(
                status, code: Problem.slug(code.rawValue), title: Problem.title(status),
                detail: error.description)
            index = error.index
            eventID = eventError?.eventID.map { "\($0)" }
            field = eventError?.field
            rule = code.rawValue
        case .chainMismatch:
            self.init(.conflict, code: "chain-mismatch", title: "Chain mismatch", detail: error.description)
            index = error.index
        case .invalidRequest:
            self.init(.badRequest, code: "invalid-request", title: "Bad request", detail: error.message)
        case .overloaded:
            self = .overloaded("the writer's queue is full; nothing of this batch was stored")
        default:
            // Storage failures: the message names the driver's reason, which stays in the log.
            self = .storeUnavailable(
                "the store could not complete the request; nothing of it was stored unless the detail of a "
                    + "retry with the same ids says so; retry later")
        }
    }

    /// An event of a batch that cannot be decoded (422).
    init(index: Int, _ error: EventError) {
        self.init(
            .unprocessableContent, code: Problem.slug(error.code.rawValue), title: Problem.title(.unprocessableContent),
            detail: "event \(index): \(error)")
        self.index = index
        eventID = error.eventID.map { "\($0)" }
        field = error.field
        rule = error.code.rawValue
    }

    /// `versionMismatch` → `version-mismatch`: the URI segment of a code.
    static func slug(_ code: String) -> String {
        var out = ""
        for character in code {
            if character.isUppercase {
                out += "-" + character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }

    static func title(_ status: HTTPResponse.Status) -> String {
        switch status {
        case .forbidden: "Not allowed for this token"
        case .conflict: "Conflict with the log"
        default: "Event refused"
        }
    }
}

/// Small JSON writing helpers for responses.
enum JSONText {
    /// A JSON string literal, escaped as the canonical form escapes strings.
    static func string(_ text: String) -> String { CanonicalWriter.quoted(text) }

    /// `{"a":1,...}` from members whose values are already JSON.
    static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    static func array(_ values: [String]) -> String { "[" + values.joined(separator: ",") + "]" }

    static func optional(_ value: String?) -> String { value.map(string) ?? "null" }
}
