/// What the rules remember of one stream after its events so far: enough to decide the next event
/// without re-reading the stream. Stores persist it (Codable) so that an append reads only the streams
/// it touches.
public struct StreamHead: Sendable, Hashable, Codable {
    /// Number of events in the stream (the version of its last event).
    public var version: Int
    /// `occurredAt` of the stream's last event; the next may not be earlier.
    public var lastOccurredAt: Instant
    /// The stream's state.
    public var state: StreamState
}

/// The state of a stream, by kind.
public enum StreamState: Sendable, Hashable, Codable {
    case agency(AgencyState)
    case procedure(ProcedureState)
    case dossier(DossierState)
    case complaint(ComplaintState)
}

/// A registered agency.
public struct AgencyState: Sendable, Hashable, Codable {
    public var level: AgencyLevel
    public var parent: Code?
    /// Set by `AgencySucceeded`.
    public var successor: Code?
    public var successionEffective: LocalDate?
}

/// A published procedure.
public struct ProcedureState: Sendable, Hashable, Codable {
    /// The settings published once (DOMAIN.md §2: they never change).
    public var settings: ProcedurePublished
    public var service: OnlineService
    public var repealed: Bool
}

/// Where a dossier is in its life cycle.
public enum DossierStatus: Sendable, Hashable, Codable {
    case open
    case processed(Outcome)
    case withdrawn
    case stopped
}

/// A dossier's state.
public struct DossierState: Sendable, Hashable, Codable {
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
}

/// A complaint's state.
public struct ComplaintState: Sendable, Hashable, Codable {
    /// The agency that holds the complaint now (after transfers).
    public var agency: Code
    public var answered: Bool
    public var rejected: Bool
    public var published: Bool

    /// Not rejected and not published.
    public var isOpen: Bool { !rejected && !published }
}

/// Read access to the catalogue streams, for rules that reference agencies and procedures.
public protocol CatalogueReading {
    /// The state of a registered agency, or `nil`.
    func agency(_ code: Code) -> AgencyState?
    /// The state of a published procedure, or `nil`.
    func procedure(_ code: Code) -> ProcedureState?
}
