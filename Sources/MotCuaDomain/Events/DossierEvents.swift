// Dossier events (hồ sơ), DOMAIN.md §2. Events whose only member is the dossier code
// (SupplementRequested, SupplementProvided, ResultDigitized, DossierWithdrawn) have no struct: see `EventData`.

/// A valid dossier is received; `occurredAt` is the valid-receipt time that starts the clock.
public struct DossierReceived: EventPayload {
    static let type = EventType.dossierReceived
    static let fields = ["dossier", "procedure", "agency", "channel", "dueAt", "submittedAt", "applicant"]
    public let dossier: Code
    public let procedure: Code
    public let agency: Code
    public let channel: DossierChannel
    /// The appointment printed on the receipt (Form 01); computed from the calendar when absent (§4).
    public let dueAt: Timestamp?
    /// When the applicant submitted, if earlier than the valid receipt (online filings).
    public let submittedAt: Timestamp?
    public let applicant: Applicant
    var subject: Code { dossier }

    /// The members as given, unchecked (events built from values; outside data is decoded).
    package init(
        dossier: Code, procedure: Code, agency: Code, channel: DossierChannel, dueAt: Timestamp?,
        submittedAt: Timestamp?, applicant: Applicant
    ) {
        self.dossier = dossier
        self.procedure = procedure
        self.agency = agency
        self.channel = channel
        self.dueAt = dueAt
        self.submittedAt = submittedAt
        self.applicant = applicant
    }

    init(reading r: FieldReader) throws(EventError) {
        dossier = try r.code("dossier")
        procedure = try r.code("procedure")
        agency = try r.code("agency")
        channel = try r.choice("channel", DossierChannel.self)
        dueAt = try r.optionalTimestamp("dueAt")
        submittedAt = try r.optionalTimestamp("submittedAt")
        applicant = try r.choice("applicant", Applicant.self)
    }

    func write(to w: inout CanonicalWriter) {
        w.field("dossier", dossier)
        w.field("procedure", procedure)
        w.field("agency", agency)
        w.field("channel", channel)
        w.optionalField("dueAt", dueAt) { $0.field($1, $2) }
        w.optionalField("submittedAt", submittedAt) { $0.field($1, $2) }
        w.field("applicant", applicant)
    }
}

/// Components of a dossier were digitized (Decision 766 indicator 4.2); `reused` counts documents
/// taken from earlier digitized results instead of being asked for again.
public struct ComponentsDigitized: EventPayload {
    static let type = EventType.componentsDigitized
    static let fields = ["dossier", "documents", "reused"]
    public let dossier: Code
    public let documents: Int
    public let reused: Int
    var subject: Code { dossier }

    /// The members as given, unchecked (events built from values; outside data is decoded).
    package init(dossier: Code, documents: Int, reused: Int) {
        self.dossier = dossier
        self.documents = documents
        self.reused = reused
    }

    init(reading r: FieldReader) throws(EventError) {
        dossier = try r.code("dossier")
        documents = try r.integer("documents", in: 1...FieldReader.maximumInteger)
        reused = try r.integer("reused", in: 0...FieldReader.maximumInteger)
    }

    func write(to w: inout CanonicalWriter) {
        w.field("dossier", dossier)
        w.field("documents", documents)
        w.field("reused", reused)
    }
}

/// A dossier is handed to another agency; the due date does not move (§4).
public struct DossierTransferred: EventPayload {
    static let type = EventType.dossierTransferred
    static let fields = ["dossier", "toAgency"]
    public let dossier: Code
    public let toAgency: Code
    var subject: Code { dossier }

    /// The members as given, unchecked (events built from values; outside data is decoded).
    package init(dossier: Code, toAgency: Code) {
        self.dossier = dossier
        self.toAgency = toAgency
    }

    init(reading r: FieldReader) throws(EventError) {
        dossier = try r.code("dossier")
        toAgency = try r.code("toAgency")
    }

    func write(to w: inout CanonicalWriter) {
        w.field("dossier", dossier)
        w.field("toAgency", toAgency)
    }
}

/// Decree 61/2018/NĐ-CP: a late notice with a new return date, at most once per dossier.
public struct ApologyIssued: EventPayload {
    static let type = EventType.apologyIssued
    static let fields = ["dossier", "newDueAt"]
    public let dossier: Code
    public let newDueAt: Timestamp
    var subject: Code { dossier }

    /// The members as given, unchecked (events built from values; outside data is decoded).
    package init(dossier: Code, newDueAt: Timestamp) {
        self.dossier = dossier
        self.newDueAt = newDueAt
    }

    init(reading r: FieldReader) throws(EventError) {
        dossier = try r.code("dossier")
        newDueAt = try r.timestamp("newDueAt")
    }

    func write(to w: inout CanonicalWriter) {
        w.field("dossier", dossier)
        w.field("newDueAt", newDueAt)
    }
}

/// The agency decided; this ends the dossier for the on-time rules.
public struct DossierProcessed: EventPayload {
    static let type = EventType.dossierProcessed
    static let fields = ["dossier", "outcome", "electronicResult"]
    public let dossier: Code
    public let outcome: Outcome
    /// Whether the result was issued electronically (not a later scan: that is `ResultDigitized`).
    public let electronicResult: Bool
    var subject: Code { dossier }

    /// The members as given, unchecked (events built from values; outside data is decoded).
    package init(dossier: Code, outcome: Outcome, electronicResult: Bool) {
        self.dossier = dossier
        self.outcome = outcome
        self.electronicResult = electronicResult
    }

    init(reading r: FieldReader) throws(EventError) {
        dossier = try r.code("dossier")
        outcome = try r.choice("outcome", Outcome.self)
        electronicResult = try r.bool("electronicResult")
    }

    func write(to w: inout CanonicalWriter) {
        w.field("dossier", dossier)
        w.field("outcome", outcome)
        w.field("electronicResult", electronicResult)
    }
}

/// The result was handed to the applicant.
public struct ResultReturned: EventPayload {
    static let type = EventType.resultReturned
    static let fields = ["dossier", "channel"]
    public let dossier: Code
    public let channel: DossierChannel
    var subject: Code { dossier }

    /// The members as given, unchecked (events built from values; outside data is decoded).
    package init(dossier: Code, channel: DossierChannel) {
        self.dossier = dossier
        self.channel = channel
    }

    init(reading r: FieldReader) throws(EventError) {
        dossier = try r.code("dossier")
        channel = try r.choice("channel", DossierChannel.self)
    }

    func write(to w: inout CanonicalWriter) {
        w.field("dossier", dossier)
        w.field("channel", channel)
    }
}

/// Processing was stopped (dossier ineligible, …); this ends the dossier.
public struct DossierStopped: EventPayload {
    static let type = EventType.dossierStopped
    static let fields = ["dossier", "reason"]
    public let dossier: Code
    public let reason: String
    var subject: Code { dossier }

    /// The members as given, unchecked (events built from values; outside data is decoded).
    package init(dossier: Code, reason: String) {
        self.dossier = dossier
        self.reason = reason
    }

    init(reading r: FieldReader) throws(EventError) {
        dossier = try r.code("dossier")
        reason = try r.text("reason", maximumLength: 1000)
    }

    func write(to w: inout CanonicalWriter) {
        w.field("dossier", dossier)
        w.field("reason", reason)
    }
}

/// The applicant rated the service (SIPAS-style satisfaction); once per processed dossier.
public struct DossierRated: EventPayload {
    static let type = EventType.dossierRated
    static let fields = ["dossier", "satisfied"]
    public let dossier: Code
    public let satisfied: Bool
    var subject: Code { dossier }

    /// The members as given, unchecked (events built from values; outside data is decoded).
    package init(dossier: Code, satisfied: Bool) {
        self.dossier = dossier
        self.satisfied = satisfied
    }

    init(reading r: FieldReader) throws(EventError) {
        dossier = try r.code("dossier")
        satisfied = try r.bool("satisfied")
    }

    func write(to w: inout CanonicalWriter) {
        w.field("dossier", dossier)
        w.field("satisfied", satisfied)
    }
}
