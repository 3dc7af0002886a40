// Catalogue events (DOMAIN.md §2): agencies and procedures, posted by an admin.

/// An agency joins the catalogue; once per agency.
public struct AgencyRegistered: EventPayload {
    static let type = EventType.agencyRegistered
    static let fields = ["agency", "name", "level", "parent"]
    public let agency: Code
    public let name: String
    public let level: AgencyLevel
    /// The supervising agency, which must already be registered.
    public let parent: Code?
    var subject: Code { agency }

    /// The members as given, unchecked (events built from values; outside data is decoded).
    package init(agency: Code, name: String, level: AgencyLevel, parent: Code?) {
        self.agency = agency
        self.name = name
        self.level = level
        self.parent = parent
    }

    init(reading r: FieldReader) throws(EventError) {
        agency = try r.code("agency")
        name = try r.text("name", maximumLength: 500)
        level = try r.choice("level", AgencyLevel.self)
        parent = try r.optionalCode("parent")
    }

    func write(to w: inout CanonicalWriter) {
        w.field("agency", agency)
        w.field("name", name)
        w.field("level", level)
        w.optionalField("parent", parent) { $0.field($1, $2) }
    }
}

/// An agency's duties pass to a successor from a date (reorganisations, e.g. the end of district
/// People's Committees on 30/6/2025).
public struct AgencySucceeded: EventPayload {
    static let type = EventType.agencySucceeded
    static let fields = ["agency", "successor", "effective"]
    public let agency: Code
    public let successor: Code
    public let effective: LocalDate
    var subject: Code { agency }

    /// The members as given, unchecked (events built from values; outside data is decoded).
    package init(agency: Code, successor: Code, effective: LocalDate) {
        self.agency = agency
        self.successor = successor
        self.effective = effective
    }

    init(reading r: FieldReader) throws(EventError) {
        agency = try r.code("agency")
        successor = try r.code("successor")
        effective = try r.date("effective")
    }

    func write(to w: inout CanonicalWriter) {
        w.field("agency", agency)
        w.field("successor", successor)
        w.field("effective", effective)
    }
}

/// A procedure of the national catalogue is published; its settings never change afterwards
/// (an amended procedure gets a new code).
public struct ProcedurePublished: EventPayload {
    static let type = EventType.procedurePublished
    static let fields = [
        "procedure", "name", "sector", "field", "timeLimitDays", "writtenResult", "fullOnlineEligible",
    ]
    public let procedure: Code
    public let name: String
    public let sector: Code
    public let field: Code
    /// Working days; 0 means same day.
    public let timeLimitDays: Int
    /// Whether the result is a written document (Decree 45/2020/NĐ-CP: such results must be digitized).
    public let writtenResult: Bool
    /// Whether the procedure qualifies for full online service (Decree 42/2022/NĐ-CP Art. 11).
    public let fullOnlineEligible: Bool
    var subject: Code { procedure }

    /// The longest time limit accepted, in working days.
    public static let maximumTimeLimitDays = 3650

    /// Settings as stored (stores rebuild persisted stream states with it).
    package init(
        procedure: Code, name: String, sector: Code, field: Code, timeLimitDays: Int, writtenResult: Bool,
        fullOnlineEligible: Bool
    ) {
        self.procedure = procedure
        self.name = name
        self.sector = sector
        self.field = field
        self.timeLimitDays = timeLimitDays
        self.writtenResult = writtenResult
        self.fullOnlineEligible = fullOnlineEligible
    }

    init(reading r: FieldReader) throws(EventError) {
        procedure = try r.code("procedure")
        name = try r.text("name", maximumLength: 500)
        sector = try r.code("sector")
        field = try r.code("field")
        timeLimitDays = try r.integer("timeLimitDays", in: 0...ProcedurePublished.maximumTimeLimitDays)
        writtenResult = try r.bool("writtenResult")
        fullOnlineEligible = try r.bool("fullOnlineEligible")
    }

    func write(to w: inout CanonicalWriter) {
        w.field("procedure", procedure)
        w.field("name", name)
        w.field("sector", sector)
        w.field("field", field)
        w.field("timeLimitDays", timeLimitDays)
        w.field("writtenResult", writtenResult)
        w.field("fullOnlineEligible", fullOnlineEligible)
    }
}

/// The online service level of a procedure changes.
public struct OnlineServiceChanged: EventPayload {
    static let type = EventType.onlineServiceChanged
    static let fields = ["procedure", "service"]
    public let procedure: Code
    public let service: OnlineService
    var subject: Code { procedure }

    /// The members as given, unchecked (events built from values; outside data is decoded).
    package init(procedure: Code, service: OnlineService) {
        self.procedure = procedure
        self.service = service
    }

    init(reading r: FieldReader) throws(EventError) {
        procedure = try r.code("procedure")
        service = try r.choice("service", OnlineService.self)
    }

    func write(to w: inout CanonicalWriter) {
        w.field("procedure", procedure)
        w.field("service", service)
    }
}
