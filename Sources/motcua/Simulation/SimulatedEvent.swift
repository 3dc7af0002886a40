import MotCuaDomain

/// One event the simulator will write, with agencies and procedures as indices into the city and
/// instants as epoch seconds; the stream's own code is kept once per stream (`SimulatedStream`).
enum SimulatedEvent {
    /// What a `DossierReceived` carries besides the dossier code.
    struct DossierReceipt {
        let procedure: Int
        let agency: Int
        let channel: DossierChannel
        let dueAt: Int64?
        let submittedAt: Int64?
        let applicant: Applicant
    }

    /// What a `ComplaintReceived` carries besides the complaint code.
    struct ComplaintReceipt {
        let agency: Int
        let channel: ComplaintChannel
        let category: ComplaintCategory
        let procedure: Int?
    }

    case agencyRegistered(agency: Int)
    case agencySucceeded(agency: Int)
    case procedurePublished(procedure: Int)
    case onlineServiceChanged(procedure: Int, service: OnlineService)
    case procedureRepealed(procedure: Int)
    case dossierReceived(DossierReceipt)
    case componentsDigitized(documents: Int, reused: Int)
    case supplementRequested
    case supplementProvided
    case dossierTransferred(toAgency: Int)
    case apologyIssued(newDueAt: Int64)
    case dossierProcessed(outcome: Outcome, electronicResult: Bool)
    case resultDigitized
    case resultReturned(channel: DossierChannel)
    case dossierWithdrawn
    case dossierStopped(reason: Int)
    case dossierRated(satisfied: Bool)
    case complaintReceived(ComplaintReceipt)
    case complaintTransferred(toAgency: Int)
    case complaintRejected(reason: Int)
    case complaintAnswered
    case complaintPublished(channel: PublicationChannel)

    /// The interchange type of this event.
    var type: EventType {
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
}
