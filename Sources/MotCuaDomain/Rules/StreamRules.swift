/// The per-stream rules of DOMAIN.md §2 as a pure state machine: `decide` says whether an event may
/// follow its stream's history, `evolve` folds an accepted event into the stream's state.
///
/// Nothing here reads a clock: the server's clock and the calendar come in as arguments.
public enum StreamRules {
    /// How far after the server's clock an `occurredAt` may be (DOMAIN.md §2): five minutes.
    public static let futureToleranceNanoseconds: Int64 = 5 * 60 * 1_000_000_000

    /// Checks that `event` may follow a stream whose state is `head` (`nil`: the stream has no events).
    ///
    /// - Throws: `EventError` with a stable code and a message such as
    ///   `dossier 000.00.20.H26-250124-0001: SupplementProvided without an open SupplementRequested`.
    public static func decide(
        _ event: EventEnvelope, head: StreamHead?, catalogue: some CatalogueReading, now: Instant
    ) throws(EventError) {
        func refuse(_ code: EventError.Code, _ field: String?, _ rule: String) -> EventError {
            // Formatted only for a refusal: decide runs for every event.
            let subject = "\(event.type.streamKind.rawValue) \(event.data.subject)"
            return EventError(code, field: field, "\(subject): \(rule)", eventID: event.id)
        }
        let name = event.type.rawValue
        if event.occurredAt.instant > now.adding(nanoseconds: futureToleranceNanoseconds) {
            throw refuse(
                .inFuture, "occurredAt",
                "\(name) occurredAt \(event.occurredAt) is more than 5 minutes after the server clock "
                    + "(\(now.vietnamRFC3339))")
        }
        let startsStream = event.type.startsStream
        guard let head else {
            if startsStream { return try decideFirst(event, catalogue: catalogue, refuse) }
            throw refuse(
                .streamNotFound, nil,
                "\(name) for \(event.type.streamKind == .agency ? "an" : "a") \(event.type.streamKind.rawValue) that has no \(firstEventName(event.type.streamKind)) yet"
            )
        }
        if startsStream {
            throw refuse(.streamExists, nil, "\(name) again: the stream already has \(head.version) event(s)")
        }
        if event.occurredAt.instant < head.lastOccurredAt {
            throw refuse(
                .outOfOrder, "occurredAt",
                "\(name) occurredAt \(event.occurredAt) is earlier than the stream's previous event "
                    + "(\(head.lastOccurredAt.vietnamRFC3339))")
        }
        switch (event.data, head.state) {
        case (.agencySucceeded(let e), .agency(let agency)):
            guard agency.successor == nil else { throw refuse(.notAllowed, nil, "AgencySucceeded twice") }
            guard e.successor != e.agency else {
                throw refuse(.invalidValue, "data.successor", "an agency cannot succeed itself")
            }
            guard catalogue.agency(e.successor) != nil else {
                throw refuse(.unknownAgency, "data.successor", "successor \(e.successor) is not registered")
            }
        case (.onlineServiceChanged, .procedure(let procedure)):
            guard !procedure.repealed else { throw refuse(.procedureRepealed, nil, "\(name) after ProcedureRepealed") }
        case (.procedureRepealed, .procedure(let procedure)):
            guard !procedure.repealed else { throw refuse(.notAllowed, nil, "ProcedureRepealed twice") }
        case (_, .dossier(let dossier)):
            try decideDossier(event, dossier, catalogue: catalogue, refuse)
        case (_, .complaint(let complaint)):
            try decideComplaint(event, complaint, catalogue: catalogue, refuse)
        default:
            preconditionFailure("stream kinds are derived from event types")
        }
    }

    private static func firstEventName(_ kind: StreamKind) -> String {
        switch kind {
        case .agency: "AgencyRegistered"
        case .procedure: "ProcedurePublished"
        case .dossier: "DossierReceived"
        case .complaint: "ComplaintReceived"
        }
    }

    private typealias Refuse = (EventError.Code, String?, String) -> EventError

    private static func decideFirst(
        _ event: EventEnvelope, catalogue: some CatalogueReading, _ refuse: Refuse
    ) throws(EventError) {
        switch event.data {
        case .agencyRegistered(let e):
            if let parent = e.parent {
                guard parent != e.agency else {
                    throw refuse(.invalidValue, "data.parent", "an agency cannot be its own parent")
                }
                guard catalogue.agency(parent) != nil else {
                    throw refuse(.unknownAgency, "data.parent", "parent agency \(parent) is not registered")
                }
            }
        case .dossierReceived(let e):
            guard let procedure = catalogue.procedure(e.procedure) else {
                throw refuse(.unknownProcedure, "data.procedure", "procedure \(e.procedure) is not published")
            }
            guard !procedure.repealed else {
                throw refuse(.procedureRepealed, "data.procedure", "procedure \(e.procedure) is repealed")
            }
            try requireAgency(e.agency, field: "data.agency", catalogue, refuse)
        case .complaintReceived(let e):
            try requireAgency(e.agency, field: "data.agency", catalogue, refuse)
            if let code = e.procedure, catalogue.procedure(code) == nil {
                throw refuse(.unknownProcedure, "data.procedure", "procedure \(code) is not published")
            }
        default:
            break
        }
    }

    private static func requireAgency(
        _ code: Code, field: String, _ catalogue: some CatalogueReading, _ refuse: Refuse
    ) throws(EventError) {
        guard catalogue.agency(code) != nil else {
            throw refuse(.unknownAgency, field, "agency \(code) is not registered")
        }
    }

    private static func decideDossier(
        _ event: EventEnvelope, _ d: DossierState, catalogue: some CatalogueReading, _ refuse: Refuse
    ) throws(EventError) {
        let name = event.type.rawValue
        func requireOpen() throws(EventError) {
            guard d.isOpen else {
                throw refuse(.notAllowed, nil, "\(name) after the dossier was \(describe(d.status))")
            }
        }
        func requireNotWaiting() throws(EventError) {
            guard !d.waiting else {
                throw refuse(.notAllowed, nil, "\(name) while waiting for the applicant's supplement")
            }
        }
        func requireProcessed() throws(EventError) -> Outcome {
            guard case .processed(let outcome) = d.status else {
                throw refuse(.notAllowed, nil, "\(name) before DossierProcessed")
            }
            return outcome
        }
        switch event.data {
        case .componentsDigitized, .dossierWithdrawn, .dossierStopped:
            try requireOpen()
        case .supplementRequested:
            try requireOpen()
            try requireNotWaiting()
        case .supplementProvided:
            try requireOpen()
            guard d.waiting else {
                throw refuse(.notAllowed, nil, "SupplementProvided without an open SupplementRequested")
            }
        case .dossierTransferred(let e):
            try requireOpen()
            guard e.toAgency != d.agency else {
                throw refuse(
                    .notAllowed, "data.toAgency", "DossierTransferred to \(e.toAgency), which already holds it")
            }
            try requireAgency(e.toAgency, field: "data.toAgency", catalogue, refuse)
        case .apologyIssued(let e):
            try requireOpen()
            guard !d.apologyIssued else {
                throw refuse(.notAllowed, nil, "ApologyIssued twice (Decree 61/2018: a new date is given at most once)")
            }
            guard e.newDueAt.instant > d.due else {
                throw refuse(
                    .notAllowed, "data.newDueAt",
                    "ApologyIssued newDueAt \(e.newDueAt) is not after the due \(d.due.vietnamRFC3339)")
            }
        case .dossierProcessed:
            try requireOpen()
            try requireNotWaiting()
        case .resultDigitized:
            guard try requireProcessed() == .approved else {
                throw refuse(.notAllowed, nil, "ResultDigitized for a denied dossier")
            }
            guard !d.electronicResult else {
                throw refuse(.notAllowed, nil, "ResultDigitized for a result issued electronically")
            }
            guard !d.resultDigitized else { throw refuse(.notAllowed, nil, "ResultDigitized twice") }
        case .resultReturned:
            _ = try requireProcessed()
            guard !d.returned else { throw refuse(.notAllowed, nil, "ResultReturned twice") }
        case .dossierRated:
            _ = try requireProcessed()
            guard !d.rated else { throw refuse(.notAllowed, nil, "DossierRated twice") }
        default:
            preconditionFailure("not a dossier follow-up event")
        }
    }

    private static func describe(_ status: DossierStatus) -> String {
        switch status {
        case .open: "open"
        case .processed: "processed"
        case .withdrawn: "withdrawn"
        case .stopped: "stopped"
        }
    }

    private static func decideComplaint(
        _ event: EventEnvelope, _ c: ComplaintState, catalogue: some CatalogueReading, _ refuse: Refuse
    ) throws(EventError) {
        let name = event.type.rawValue
        let finished = c.rejected ? "rejected" : "published"
        switch event.data {
        case .complaintTransferred(let e):
            guard c.isOpen else { throw refuse(.notAllowed, nil, "\(name) after the complaint was \(finished)") }
            guard e.toAgency != c.agency else {
                throw refuse(
                    .notAllowed, "data.toAgency", "ComplaintTransferred to \(e.toAgency), which already holds it")
            }
            try requireAgency(e.toAgency, field: "data.toAgency", catalogue, refuse)
        case .complaintRejected, .complaintAnswered:
            guard c.isOpen else { throw refuse(.notAllowed, nil, "\(name) after the complaint was \(finished)") }
            guard !c.answered else { throw refuse(.notAllowed, nil, "\(name) after ComplaintAnswered") }
        case .complaintPublished:
            guard c.answered else { throw refuse(.notAllowed, nil, "ComplaintPublished before ComplaintAnswered") }
            guard !c.published else { throw refuse(.notAllowed, nil, "ComplaintPublished twice") }
        default:
            preconditionFailure("not a complaint follow-up event")
        }
    }
}
