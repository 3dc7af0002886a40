/// What the rules remember of one stream after its events so far: enough to decide the next event
/// without re-reading the stream. Stores persist it (StreamHeadCodec) so that an append reads only the streams
/// it touches.
public struct StreamHead: Sendable, Hashable {
    /// Number of events in the stream (the version of its last event).
    public var version: Int
    /// `occurredAt` of the stream's last event; the next may not be earlier.
    public var lastOccurredAt: Instant
    /// The stream's state.
    public var state: StreamState

    /// A state with every field given (stores rebuild persisted states with it).
    package init(version: Int, lastOccurredAt: Instant, state: StreamState) {
        self.version = version
        self.lastOccurredAt = lastOccurredAt
        self.state = state
    }
}

/// The state of a stream, by kind.
public enum StreamState: Sendable, Hashable {
    case agency(AgencyState)
    case procedure(ProcedureState)
    case dossier(DossierState)
    case complaint(ComplaintState)
}

/// A registered agency.
public struct AgencyState: Sendable, Hashable {
    public var level: AgencyLevel
    public var parent: Code?
    /// Set by `AgencySucceeded`.
    public var successor: Code?
    public var successionEffective: LocalDate?

    /// A state with every field given (stores rebuild persisted states with it).
    package init(level: AgencyLevel, parent: Code?, successor: Code?, successionEffective: LocalDate?) {
        self.level = level
        self.parent = parent
        self.successor = successor
        self.successionEffective = successionEffective
    }
}

/// A published procedure.
public struct ProcedureState: Sendable, Hashable {
    /// The settings published once (DOMAIN.md §2: they never change).
    public var settings: ProcedurePublished
    public var service: OnlineService
    public var repealed: Bool

    /// A state with every field given (stores rebuild persisted states with it).
    package init(settings: ProcedurePublished, service: OnlineService, repealed: Bool) {
        self.settings = settings
        self.service = service
        self.repealed = repealed
    }
}

/// Where a dossier is in its life cycle.
public enum DossierStatus: Sendable, Hashable {
    case open
    case processed(Outcome)
    case withdrawn
    case stopped
}

/// A dossier's state.
public struct DossierState: Sendable, Hashable {
    public var procedure: Code
    /// The agency that holds the dossier now (after transfers).
    public var agency: Code
    public var receivedAt: Instant
    /// The original due: `dueAt`, or computed (§4). Apologies do not move it.
    public var due: Instant
    public var status: DossierStatus
    /// An open `SupplementRequested` without a later `SupplementProvided`.
    public var waiting: Bool
    public var supplementsRequested: Int
    public var apologyIssued: Bool
    public var electronicResult: Bool
    public var resultDigitized: Bool
    public var returned: Bool
    public var rated: Bool

    /// No `DossierProcessed`, `DossierWithdrawn` or `DossierStopped` yet.
    public var isOpen: Bool { status == .open }

    /// A state with every field given (stores rebuild persisted states with it).
    package init(
        procedure: Code, agency: Code, receivedAt: Instant, due: Instant, status: DossierStatus, waiting: Bool,
        supplementsRequested: Int, apologyIssued: Bool, electronicResult: Bool, resultDigitized: Bool, returned: Bool,
        rated: Bool
    ) {
        self.procedure = procedure
        self.agency = agency
        self.receivedAt = receivedAt
        self.due = due
        self.status = status
        self.waiting = waiting
        self.supplementsRequested = supplementsRequested
        self.apologyIssued = apologyIssued
        self.electronicResult = electronicResult
        self.resultDigitized = resultDigitized
        self.returned = returned
        self.rated = rated
    }
}

/// A complaint's state.
public struct ComplaintState: Sendable, Hashable {
    /// The agency that holds the complaint now (after transfers).
    public var agency: Code
    public var answered: Bool
    public var rejected: Bool
    public var published: Bool

    /// Not rejected and not published.
    public var isOpen: Bool { !rejected && !published }

    /// A state with every field given (stores rebuild persisted states with it).
    package init(agency: Code, answered: Bool, rejected: Bool, published: Bool) {
        self.agency = agency
        self.answered = answered
        self.rejected = rejected
        self.published = published
    }
}

/// Read access to the catalogue streams, for rules that reference agencies and procedures.
public protocol CatalogueReading {
    /// The state of a registered agency, or `nil`.
    func agency(_ code: Code) -> AgencyState?
    /// The state of a published procedure, or `nil`.
    func procedure(_ code: Code) -> ProcedureState?
}

/// Anything that knows the streams' states answers catalogue lookups from them.
public protocol StreamHeadLookup: CatalogueReading {
    /// The state of a stream, or `nil` when it has no events.
    func head(_ stream: StreamID) -> StreamHead?
}

extension StreamHeadLookup {
    public func agency(_ code: Code) -> AgencyState? {
        if case .agency(let state)? = head(StreamID(.agency, code))?.state { return state }
        return nil
    }

    public func procedure(_ code: Code) -> ProcedureState? {
        if case .procedure(let state)? = head(StreamID(.procedure, code))?.state { return state }
        return nil
    }
}
