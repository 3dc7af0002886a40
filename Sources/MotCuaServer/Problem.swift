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
    public let code: Code
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
    public init(_ status: HTTPResponse.Status, code: Code, title: String, detail: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.field = field
    }

    /// The problem's body: RFC 9457's members, then the event's when there is one (absent members are
    /// left out).
    struct Body: Encodable {
        let type: String
        let title: String
        let status: Int
        let detail: String
        let index: Int?
        let id: String?
        let field: String?
        let rule: String?
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(
            type: Problem.typeBase + code.rawValue, title: title, status: Int(status.code), detail: detail,
            index: index, id: eventID, field: field, rule: rule)
        // As Hummingbird's `HTTPError` does: the context's encoder writes the body, the problem its status
        // and headers.
        var response = try context.responseEncoder.encode(body, from: request, context: context)
        response.status = status
        response.headers[.contentType] = "application/problem+json"
        response.headers.append(contentsOf: headers)
        return response
    }
}

extension Problem {
    /// The store cannot write (a full or read-only disk, a database restarting): 503, retry after a few
    /// seconds. Reads go on.
    static func storeUnavailable(_ detail: String) -> Problem {
        var problem = Problem(
            .serviceUnavailable, code: .storeUnavailable, title: "Store unavailable", detail: detail)
        problem.headers[.retryAfter] = "5"
        return problem
    }

    /// More work than the server takes at once: 503 with `Retry-After`; nothing of the request was stored.
    static func overloaded(_ detail: String) -> Problem {
        var problem = Problem(.serviceUnavailable, code: .overloaded, title: "Overloaded", detail: detail)
        problem.headers[.retryAfter] = "1"
        return problem
    }

    /// A token over its request rate: 429 with `Retry-After` (whole seconds).
    static func rateLimited(retryAfter seconds: Int, _ detail: String) -> Problem {
        var problem = Problem(.tooManyRequests, code: .rateLimited, title: "Too many requests", detail: detail)
        problem.headers[.retryAfter] = String(seconds)
        return problem
    }

    /// A query parameter or body member that is missing or malformed (400).
    static func badParameter(_ name: String, _ detail: String) -> Problem {
        Problem(.badRequest, code: .invalidParameter, title: "Invalid parameter", detail: detail, field: name)
    }

    /// No token, or one that is unknown or revoked (401).
    static func unauthenticated(_ detail: String) -> Problem {
        var problem = Problem(.unauthorized, code: .unauthenticated, title: "Authentication required", detail: detail)
        problem.headers[.wwwAuthenticate] = "Bearer realm=\"motcua\""
        return problem
    }

    /// A token past its expiry (401), saying when it expired; `WWW-Authenticate` adds RFC 6750's
    /// `invalid_token` error.
    static func tokenExpired(at time: Timestamp) -> Problem {
        var problem = Problem(
            .unauthorized, code: .tokenExpired, title: "Token expired",
            detail: "the token expired at \(time.text); ask for a new one (motcua token create)")
        problem.headers[.wwwAuthenticate] =
            "Bearer realm=\"motcua\", error=\"invalid_token\", error_description=\"the token expired\""
        return problem
    }

    /// No such resource (404).
    static func notFound(_ detail: String) -> Problem {
        Problem(.notFound, code: .notFound, title: "Not found", detail: detail)
    }

    /// A path that has routes, but none for this method (405); the caller adds `Allow` when it knows them.
    static func methodNotAllowed(_ detail: String) -> Problem {
        Problem(.methodNotAllowed, code: .methodNotAllowed, title: "Method not allowed", detail: detail)
    }

    /// A body larger than the server accepts (413).
    static func bodyTooLarge(_ detail: String) -> Problem {
        Problem(.contentTooLarge, code: .bodyTooLarge, title: "Body too large", detail: detail)
    }

    /// A valid token without the role this route needs (403).
    static func forbidden(_ detail: String) -> Problem {
        Problem(.forbidden, code: .forbidden, title: "Not allowed for this token", detail: detail)
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
                status, code: Code(code), title: Problem.title(status),
                detail: error.description)
            index = error.index
            eventID = eventError?.eventID.map { "\($0)" }
            field = eventError?.field
            rule = code.rawValue
        case .chainMismatch:
            self.init(.conflict, code: .chainMismatch, title: "Chain mismatch", detail: error.description)
            index = error.index
        case .invalidRequest:
            self.init(.badRequest, code: .invalidRequest, title: "Bad request", detail: error.message)
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
            .unprocessableContent, code: Code(error.code), title: Problem.title(.unprocessableContent),
            detail: "event \(index): \(error)")
        self.index = index
        eventID = error.eventID.map { "\($0)" }
        field = error.field
        rule = error.code.rawValue
    }

    static func title(_ status: HTTPResponse.Status) -> String {
        switch status {
        case .forbidden: "Not allowed for this token"
        case .conflict: "Conflict with the log"
        default: "Event refused"
        }
    }
}

extension Problem {
    /// A problem's stable code: the last segment of its `type` URI. Codes never change meaning once released
    /// (docs/http-api.md lists them); each is defined once, here.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// An event refused by a rule: the rule's code in kebab case (`versionMismatch` → `version-mismatch`).
        init(_ rule: EventError.Code) {
            var text = ""
            for character in rule.rawValue {
                if character.isUppercase {
                    text += "-" + character.lowercased()
                } else {
                    text.append(character)
                }
            }
            self.init(rawValue: text)
        }

        /// An HTTP error of the router's without a code of its own: `http-<status>`.
        static func http(_ status: HTTPResponse.Status) -> Code { Code(rawValue: "http-\(status.code)") }

        // The request.
        /// The body is not JSON (400).
        public static let malformedJSON = Code(rawValue: "malformed-json")
        /// JSON that is neither an array of events nor a batch object (400).
        public static let malformedBatch = Code(rawValue: "malformed-batch")
        /// A query parameter or body member that is missing or malformed (400); `field` names it.
        public static let invalidParameter = Code(rawValue: "invalid-parameter")
        /// A request the store refuses as it stands (400), such as a proof of a tree larger than the log.
        public static let invalidRequest = Code(rawValue: "invalid-request")
        /// A body larger than the server accepts (413).
        public static let bodyTooLarge = Code(rawValue: "body-too-large")
        /// A batch of more events than the server accepts at once (413).
        public static let batchTooLarge = Code(rawValue: "batch-too-large")
        /// A body that is neither JSON nor NDJSON (415).
        public static let unsupportedMediaType = Code(rawValue: "unsupported-media-type")

        // The caller.
        /// No token, or one that is unknown or revoked (401).
        public static let unauthenticated = Code(rawValue: "unauthenticated")
        /// A token past its expiry (401).
        public static let tokenExpired = Code(rawValue: "token-expired")
        /// A valid token without the role the route needs (403).
        public static let forbidden = Code(rawValue: "forbidden")
        /// A token over its request rate (429).
        public static let rateLimited = Code(rawValue: "rate-limited")

        // What was asked for.
        /// No route has this path (404).
        public static let notFound = Code(rawValue: "not-found")
        /// A path that has routes, but none for this method (405).
        public static let methodNotAllowed = Code(rawValue: "method-not-allowed")
        /// A stream without events (404).
        public static let streamNotFound = Code(rawValue: "stream-not-found")
        /// No checkpoint was signed yet (404).
        public static let noCheckpoint = Code(rawValue: "no-checkpoint")
        /// A batch whose chain does not continue the log's (409).
        public static let chainMismatch = Code(rawValue: "chain-mismatch")

        // The server.
        /// More appends than the server takes at once (503).
        public static let overloaded = Code(rawValue: "overloaded")
        /// The store cannot write (503); reads go on.
        public static let storeUnavailable = Code(rawValue: "store-unavailable")
        /// `/health`: appends have been failing since a given time (503).
        public static let appendsFailing = Code(rawValue: "appends-failing")
        /// A bug (500): logged, nothing shown.
        public static let internalError = Code(rawValue: "internal")
    }
}
