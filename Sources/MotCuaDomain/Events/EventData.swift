/// The typed `data` of an event: one case per event type of DOMAIN.md §2.
public enum EventData: Sendable, Hashable {
    case agencyRegistered(AgencyRegistered)
    case agencySucceeded(AgencySucceeded)
    case procedurePublished(ProcedurePublished)
    case onlineServiceChanged(OnlineServiceChanged)
    case procedureRepealed(procedure: Code)
    case dossierReceived(DossierReceived)
    case componentsDigitized(ComponentsDigitized)
    case supplementRequested(dossier: Code)
    case supplementProvided(dossier: Code)
    case dossierTransferred(DossierTransferred)
    case apologyIssued(ApologyIssued)
    case dossierProcessed(DossierProcessed)
    case resultDigitized(dossier: Code)
    case resultReturned(ResultReturned)
    case dossierWithdrawn(dossier: Code)
    case dossierStopped(DossierStopped)
    case dossierRated(DossierRated)
    case complaintReceived(ComplaintReceived)
    case complaintTransferred(ComplaintTransferred)
    case complaintRejected(ComplaintRejected)
    case complaintAnswered(complaint: Code)
    case complaintPublished(ComplaintPublished)

    /// The event type of this data.
    public var type: EventType {
        switch self {
        case .agencyRegistered: .agencyRegistered
        case .agencySucceeded: .agencySucceeded
        case .procedurePublished: .procedurePublished
        case .onlineServiceChanged: .onlineServiceChanged
        case .procedureRepealed: .procedureRepealed
        case .dossierReceived: .dossierReceived
        case .componentsDigitized: .componentsDigitized
        case .supplementRequested: .supplementRequested
        case .supplementProvided: .supplementProvided
        case .dossierTransferred: .dossierTransferred
        case .apologyIssued: .apologyIssued
        case .dossierProcessed: .dossierProcessed
        case .resultDigitized: .resultDigitized
        case .resultReturned: .resultReturned
        case .dossierWithdrawn: .dossierWithdrawn
        case .dossierStopped: .dossierStopped
        case .dossierRated: .dossierRated
        case .complaintReceived: .complaintReceived
        case .complaintTransferred: .complaintTransferred
        case .complaintRejected: .complaintRejected
        case .complaintAnswered: .complaintAnswered
        case .complaintPublished: .complaintPublished
        }
    }

    /// The stream this event belongs to: `<kind>/<subject code>`.
    public var stream: StreamID { StreamID(type.streamKind, subject) }

    /// The code of the stream's subject (agency, procedure, dossier or complaint).
    public var subject: Code {
        switch self {
        case .procedureRepealed(let code), .supplementRequested(let code), .supplementProvided(let code),
            .resultDigitized(let code), .dossierWithdrawn(let code), .complaintAnswered(let code):
            code
        case .agencyRegistered(let p): p.subject
        case .agencySucceeded(let p): p.subject
        case .procedurePublished(let p): p.subject
        case .onlineServiceChanged(let p): p.subject
        case .dossierReceived(let p): p.subject
        case .componentsDigitized(let p): p.subject
        case .dossierTransferred(let p): p.subject
        case .apologyIssued(let p): p.subject
        case .dossierProcessed(let p): p.subject
        case .resultReturned(let p): p.subject
        case .dossierStopped(let p): p.subject
        case .dossierRated(let p): p.subject
        case .complaintReceived(let p): p.subject
        case .complaintTransferred(let p): p.subject
        case .complaintRejected(let p): p.subject
        case .complaintPublished(let p): p.subject
        }
    }

    /// Decodes the `data` members of an event of the given type; `inCanonicalOrder` tells whether they
    /// were written as the canonical form writes them (see `FieldReader.inCanonicalOrder`).
    static func decode(
        _ type: EventType, _ bytes: [UInt8], _ members: [JSONMember], eventID: EventID, inCanonicalOrder: inout Bool
    ) throws(EventError) -> EventData {
        var ordered = false
        defer { inCanonicalOrder = ordered }
        func reader(_ declared: [String]) throws(EventError) -> FieldReader {
            let reader = try FieldReader(bytes: bytes, data: members, declared: declared, type: type, eventID: eventID)
            ordered = reader.inCanonicalOrder
            return reader
        }
        func payload<P: EventPayload>(_: P.Type) throws(EventError) -> P {
            try P(reading: try reader(P.fields))
        }
        func subjectOnly(_ name: String) throws(EventError) -> Code {
            try reader([name]).code(name)
        }
        switch type {
        case .agencyRegistered: return .agencyRegistered(try payload(AgencyRegistered.self))
        case .agencySucceeded: return .agencySucceeded(try payload(AgencySucceeded.self))
        case .procedurePublished: return .procedurePublished(try payload(ProcedurePublished.self))
        case .onlineServiceChanged: return .onlineServiceChanged(try payload(OnlineServiceChanged.self))
        case .procedureRepealed: return .procedureRepealed(procedure: try subjectOnly("procedure"))
        case .dossierReceived: return .dossierReceived(try payload(DossierReceived.self))
        case .componentsDigitized: return .componentsDigitized(try payload(ComponentsDigitized.self))
        case .supplementRequested: return .supplementRequested(dossier: try subjectOnly("dossier"))
        case .supplementProvided: return .supplementProvided(dossier: try subjectOnly("dossier"))
        case .dossierTransferred: return .dossierTransferred(try payload(DossierTransferred.self))
        case .apologyIssued: return .apologyIssued(try payload(ApologyIssued.self))
        case .dossierProcessed: return .dossierProcessed(try payload(DossierProcessed.self))
        case .resultDigitized: return .resultDigitized(dossier: try subjectOnly("dossier"))
        case .resultReturned: return .resultReturned(try payload(ResultReturned.self))
        case .dossierWithdrawn: return .dossierWithdrawn(dossier: try subjectOnly("dossier"))
        case .dossierStopped: return .dossierStopped(try payload(DossierStopped.self))
        case .dossierRated: return .dossierRated(try payload(DossierRated.self))
        case .complaintReceived: return .complaintReceived(try payload(ComplaintReceived.self))
        case .complaintTransferred: return .complaintTransferred(try payload(ComplaintTransferred.self))
        case .complaintRejected: return .complaintRejected(try payload(ComplaintRejected.self))
        case .complaintAnswered: return .complaintAnswered(complaint: try subjectOnly("complaint"))
        case .complaintPublished: return .complaintPublished(try payload(ComplaintPublished.self))
        }
    }

    /// Writes the members of `data` in canonical order.
    func write(to w: inout CanonicalWriter) {
        switch self {
        case .procedureRepealed(let code): w.field("procedure", code)
        case .supplementRequested(let code), .supplementProvided(let code), .resultDigitized(let code),
            .dossierWithdrawn(let code):
            w.field("dossier", code)
        case .complaintAnswered(let code): w.field("complaint", code)
        case .agencyRegistered(let p): p.write(to: &w)
        case .agencySucceeded(let p): p.write(to: &w)
        case .procedurePublished(let p): p.write(to: &w)
        case .onlineServiceChanged(let p): p.write(to: &w)
        case .dossierReceived(let p): p.write(to: &w)
        case .componentsDigitized(let p): p.write(to: &w)
        case .dossierTransferred(let p): p.write(to: &w)
        case .apologyIssued(let p): p.write(to: &w)
        case .dossierProcessed(let p): p.write(to: &w)
        case .resultReturned(let p): p.write(to: &w)
        case .dossierStopped(let p): p.write(to: &w)
        case .dossierRated(let p): p.write(to: &w)
        case .complaintReceived(let p): p.write(to: &w)
        case .complaintTransferred(let p): p.write(to: &w)
        case .complaintRejected(let p): p.write(to: &w)
        case .complaintPublished(let p): p.write(to: &w)
        }
    }
}
