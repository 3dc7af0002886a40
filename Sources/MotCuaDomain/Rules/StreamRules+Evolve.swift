extension StreamRules {
    /// Folds an event that `decide` accepted (or that a valid log recorded) into its stream's state.
    ///
    /// A dossier's due is `dueAt` when given, else computed from the procedure's time limit and the
    /// calendar (DOMAIN.md §4), once, at receipt.
    public static func evolve(
        _ head: StreamHead?, _ event: EventEnvelope, catalogue: some CatalogueReading, calendar: WorkingCalendar
    ) -> StreamHead {
        let at = event.occurredAt.instant
        guard let head else {
            return StreamHead(version: 1, lastOccurredAt: at, state: initialState(event, catalogue, calendar))
        }
        var state = head.state
        switch (event.data, state) {
        case (.agencySucceeded(let e), .agency(var agency)):
            agency.successor = e.successor
            agency.successionEffective = e.effective
            state = .agency(agency)
        case (.onlineServiceChanged(let e), .procedure(var procedure)):
            procedure.service = e.service
            state = .procedure(procedure)
        case (.procedureRepealed, .procedure(var procedure)):
            procedure.repealed = true
            state = .procedure(procedure)
        case (_, .dossier(var dossier)):
            evolveDossier(&dossier, event.data)
            state = .dossier(dossier)
        case (_, .complaint(var complaint)):
            switch event.data {
            case .complaintTransferred(let e): complaint.agency = e.toAgency
            case .complaintRejected: complaint.rejected = true
            case .complaintAnswered: complaint.answered = true
            case .complaintPublished: complaint.published = true
            default: break
            }
            state = .complaint(complaint)
        default:
            break
        }
        return StreamHead(version: head.version + 1, lastOccurredAt: max(head.lastOccurredAt, at), state: state)
    }

    private static func evolveDossier(_ dossier: inout DossierState, _ data: EventData) {
        switch data {
        case .supplementRequested:
            dossier.waiting = true
            dossier.supplementsRequested += 1
        case .supplementProvided: dossier.waiting = false
        case .dossierTransferred(let e): dossier.agency = e.toAgency
        case .apologyIssued: dossier.apologyIssued = true
        case .dossierProcessed(let e):
            dossier.status = .processed(e.outcome)
            dossier.electronicResult = e.electronicResult
        case .resultDigitized: dossier.resultDigitized = true
        case .resultReturned: dossier.returned = true
        case .dossierWithdrawn: dossier.status = .withdrawn
        case .dossierStopped: dossier.status = .stopped
        case .dossierRated: dossier.rated = true
        default: break
        }
    }

    private static func initialState(
        _ event: EventEnvelope, _ catalogue: some CatalogueReading, _ calendar: WorkingCalendar
    ) -> StreamState {
        switch event.data {
        case .agencyRegistered(let e):
            return .agency(AgencyState(level: e.level, parent: e.parent, successor: nil, successionEffective: nil))
        case .procedurePublished(let e):
            return .procedure(ProcedureState(settings: e, service: .none, repealed: false))
        case .dossierReceived(let e):
            let received = event.occurredAt.instant
            let limit = catalogue.procedure(e.procedure)?.settings.timeLimitDays ?? 0
            let due = e.dueAt?.instant ?? Deadlines.due(receivedAt: received, timeLimitDays: limit, calendar: calendar)
            return .dossier(
                DossierState(
                    procedure: e.procedure, agency: e.agency, receivedAt: received, due: due, status: .open,
                    waiting: false, supplementsRequested: 0, apologyIssued: false, electronicResult: false,
                    resultDigitized: false, returned: false, rated: false))
        case .complaintReceived(let e):
            return .complaint(ComplaintState(agency: e.agency, answered: false, rejected: false, published: false))
        default:
            preconditionFailure("\(event.type) does not start a stream")
        }
    }
}
