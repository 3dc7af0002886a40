/// Every event type of DOMAIN.md §2, by its interchange name.
public enum EventType: String, Sendable, CaseIterable, Codable {
    case agencyRegistered = "AgencyRegistered"
    case agencySucceeded = "AgencySucceeded"
    case procedurePublished = "ProcedurePublished"
    case onlineServiceChanged = "OnlineServiceChanged"
    case procedureRepealed = "ProcedureRepealed"
    case dossierReceived = "DossierReceived"
    case componentsDigitized = "ComponentsDigitized"
    case supplementRequested = "SupplementRequested"
    case supplementProvided = "SupplementProvided"
    case dossierTransferred = "DossierTransferred"
    case apologyIssued = "ApologyIssued"
    case dossierProcessed = "DossierProcessed"
    case resultDigitized = "ResultDigitized"
    case resultReturned = "ResultReturned"
    case dossierWithdrawn = "DossierWithdrawn"
    case dossierStopped = "DossierStopped"
    case dossierRated = "DossierRated"
    case complaintReceived = "ComplaintReceived"
    case complaintTransferred = "ComplaintTransferred"
    case complaintRejected = "ComplaintRejected"
    case complaintAnswered = "ComplaintAnswered"
    case complaintPublished = "ComplaintPublished"

    /// The kind of stream this type belongs to.
    public var streamKind: StreamKind {
        switch self {
        case .agencyRegistered, .agencySucceeded: .agency
        case .procedurePublished, .onlineServiceChanged, .procedureRepealed: .procedure
        case .complaintReceived, .complaintTransferred, .complaintRejected, .complaintAnswered, .complaintPublished:
            .complaint
        default: .dossier
        }
    }

    /// The event that opens a stream (DOMAIN.md §2, "first event"); every other type needs one before it.
    public var startsStream: Bool {
        switch self {
        case .agencyRegistered, .procedurePublished, .dossierReceived, .complaintReceived: true
        default: false
        }
    }

    /// Catalogue events need an admin; the others come from one-stop centers.
    public var isCatalogue: Bool { streamKind == .agency || streamKind == .procedure }
}

/// The four kinds of stream.
public enum StreamKind: String, Sendable, CaseIterable, Codable {
    case agency, procedure, dossier, complaint
}

/// A stream: its kind and its subject's code, written `dossier/<code>`.
public struct StreamID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let kind: StreamKind
    public let code: Code

    public init(_ kind: StreamKind, _ code: Code) {
        self.kind = kind
        self.code = code
    }

    /// Parses `kind/code`, or `nil`.
    public init?(_ text: String) {
        guard let slash = text.firstIndex(of: "/"), let kind = StreamKind(rawValue: String(text[..<slash])),
            let code = Code(String(text[text.index(after: slash)...]))
        else { return nil }
        self.init(kind, code)
    }

    public var description: String { kind.rawValue + "/" + code.rawValue }

    public static func < (lhs: StreamID, rhs: StreamID) -> Bool { lhs.description < rhs.description }
}
