// Complaint events (phản ánh, kiến nghị; Decree 20/2008/NĐ-CP), DOMAIN.md §2.

/// A complaint is received by an agency.
public struct ComplaintReceived: EventPayload {
    static let type = EventType.complaintReceived
    static let fields = ["complaint", "agency", "channel", "category", "procedure", "dossier"]
    public let complaint: Code
    public let agency: Code
    public let channel: ComplaintChannel
    public let category: ComplaintCategory
    /// The procedure complained about, if any; it must be in the catalogue.
    public let procedure: Code?
    /// The dossier complained about, if any (not checked: it may predate the log).
    public let dossier: Code?
    var subject: Code { complaint }

    /// The members as given, unchecked (events built from values; outside data is decoded).
    package init(
        complaint: Code, agency: Code, channel: ComplaintChannel, category: ComplaintCategory, procedure: Code?,
        dossier: Code?
    ) {
        self.complaint = complaint
        self.agency = agency
        self.channel = channel
        self.category = category
        self.procedure = procedure
        self.dossier = dossier
    }

    init(reading r: FieldReader) throws(EventError) {
        complaint = try r.code("complaint")
        agency = try r.code("agency")
        channel = try r.choice("channel", ComplaintChannel.self)
        category = try r.choice("category", ComplaintCategory.self)
        procedure = try r.optionalCode("procedure")
        dossier = try r.optionalCode("dossier")
    }

    func write(to w: inout CanonicalWriter) {
        w.field("complaint", complaint)
        w.field("agency", agency)
        w.field("channel", channel)
        w.field("category", category)
        w.optionalField("procedure", procedure) { $0.field($1, $2) }
        w.optionalField("dossier", dossier) { $0.field($1, $2) }
    }
}

/// A complaint is handed to another agency; its answer clock restarts.
public struct ComplaintTransferred: EventPayload {
    static let type = EventType.complaintTransferred
    static let fields = ["complaint", "toAgency"]
    public let complaint: Code
    public let toAgency: Code
    var subject: Code { complaint }

    /// The members as given, unchecked (events built from values; outside data is decoded).
    package init(complaint: Code, toAgency: Code) {
        self.complaint = complaint
        self.toAgency = toAgency
    }

    init(reading r: FieldReader) throws(EventError) {
        complaint = try r.code("complaint")
        toAgency = try r.code("toAgency")
    }

    func write(to w: inout CanonicalWriter) {
        w.field("complaint", complaint)
        w.field("toAgency", toAgency)
    }
}

/// A complaint is refused (not within the agency's remit, anonymous, …); this finishes it.
public struct ComplaintRejected: EventPayload {
    static let type = EventType.complaintRejected
    static let fields = ["complaint", "reason"]
    public let complaint: Code
    public let reason: String
    var subject: Code { complaint }

    /// The members as given, unchecked (events built from values; outside data is decoded).
    package init(complaint: Code, reason: String) {
        self.complaint = complaint
        self.reason = reason
    }

    init(reading r: FieldReader) throws(EventError) {
        complaint = try r.code("complaint")
        reason = try r.text("reason", maximumLength: 1000)
    }

    func write(to w: inout CanonicalWriter) {
        w.field("complaint", complaint)
        w.field("reason", reason)
    }
}

/// The answer to a complaint is published; this finishes it.
public struct ComplaintPublished: EventPayload {
    static let type = EventType.complaintPublished
    static let fields = ["complaint", "channel"]
    public let complaint: Code
    public let channel: PublicationChannel
    var subject: Code { complaint }

    /// The members as given, unchecked (events built from values; outside data is decoded).
    package init(complaint: Code, channel: PublicationChannel) {
        self.complaint = complaint
        self.channel = channel
    }

    init(reading r: FieldReader) throws(EventError) {
        complaint = try r.code("complaint")
        channel = try r.choice("channel", PublicationChannel.self)
    }

    func write(to w: inout CanonicalWriter) {
        w.field("complaint", complaint)
        w.field("channel", channel)
    }
}
