import Testing

@testable import MotCuaDomain

/// Shared helpers for the event decoding and stream rule tests: events are always built from JSON text,
/// exactly as a sender would post them.
enum Fixture {
    static let agency = "000.00.20.H26"
    static let otherAgency = "000.00.31.H26"
    static let unregisteredAgency = "000.00.99.H26"
    static let procedure = "1.004227"
    static let repealedProcedure = "1.000001"
    static let unpublishedProcedure = "9.999999"
    static let dossier = "000.20.31.H26-250106-0001"
    static let complaint = "PAKN-2025-0001"
    static let eventID = "0b9e2f7c-5d1a-4c3e-9f2a-7a6b5c4d3e2f"

    /// The server clock of the stream rule tests: 2026-01-01T00:00:00+07:00.
    static let now = Instant(vietnam: LocalDate(year: 2026, month: 1, day: 1) ?? LocalDate(dayNumber: 0))

    /// A random version-4-looking UUID in lower case.
    static func freshID() -> String {
        EventID(high: .random(in: 0...UInt64.max), low: .random(in: 0...UInt64.max)).description
    }

    /// The JSON text of an envelope, members in canonical order.
    static func json(_ type: String, at occurredAt: String, _ data: String, id: String = eventID) -> String {
        #"{"id":"\#(id)","type":"\#(type)","occurredAt":"\#(occurredAt)","data":\#(data)}"#
    }

    /// Decodes an event from its parts; a fresh id unless one is given.
    static func event(_ type: String, at occurredAt: String, _ data: String, id: String? = nil) throws
        -> EventEnvelope
    {
        try EventEnvelope.decode(json: Array(json(type, at: occurredAt, data, id: id ?? freshID()).utf8))
    }

    /// A dossier follow-up event: `data` is `{"dossier":<dossier><extra>}`.
    static func dossierEvent(_ type: String, at occurredAt: String, _ extra: String = "", dossier: String = dossier)
        throws -> EventEnvelope
    {
        try event(type, at: occurredAt, #"{"dossier":"\#(dossier)"\#(extra)}"#)
    }

    /// A complaint follow-up event: `data` is `{"complaint":<complaint><extra>}`.
    static func complaintEvent(_ type: String, at occurredAt: String, _ extra: String = "") throws -> EventEnvelope {
        try event(type, at: occurredAt, #"{"complaint":"\#(complaint)"\#(extra)}"#)
    }

    static func agencyRegistered(_ code: String, at occurredAt: String = catalogueTime, parent: String? = nil)
        throws -> EventEnvelope
    {
        let parentMember = parent.map { #","parent":"\#($0)""# } ?? ""
        return try event(
            "AgencyRegistered", at: occurredAt,
            #"{"agency":"\#(code)","name":"Cơ quan \#(code)","level":"province"\#(parentMember)}"#)
    }

    static func procedurePublished(_ code: String, timeLimitDays: Int = 5, at occurredAt: String = catalogueTime)
        throws -> EventEnvelope
    {
        try event(
            "ProcedurePublished", at: occurredAt,
            #"{"procedure":"\#(code)","name":"Thủ tục \#(code)","sector":"TP","field":"HT","#
                + #""timeLimitDays":\#(timeLimitDays),"writtenResult":true,"fullOnlineEligible":true}"#)
    }

    static func procedureRepealed(_ code: String, at occurredAt: String = catalogueTime) throws -> EventEnvelope {
        try event("ProcedureRepealed", at: occurredAt, #"{"procedure":"\#(code)"}"#)
    }

    /// `DossierReceived` for ``dossier`` at ``agency`` (direct, citizen) with optional extra members.
    static func dossierReceived(
        at occurredAt: String = receiptTime, procedure: String = procedure, agency: String = agency,
        extra: String = ""
    ) throws -> EventEnvelope {
        try event(
            "DossierReceived", at: occurredAt,
            #"{"dossier":"\#(dossier)","procedure":"\#(procedure)","agency":"\#(agency)","#
                + #""channel":"direct","applicant":"citizen"\#(extra)}"#)
    }

    /// `ComplaintReceived` for ``complaint`` at ``agency`` with optional extra members.
    static func complaintReceived(at occurredAt: String = receiptTime, agency: String = agency, extra: String = "")
        throws -> EventEnvelope
    {
        try event(
            "ComplaintReceived", at: occurredAt,
            #"{"complaint":"\#(complaint)","agency":"\#(agency)","channel":"portal","category":"conduct"\#(extra)}"#)
    }

    static let catalogueTime = "2025-01-02T08:00:00+07:00"
    /// Friday 24/1/2025 10:00: with 5 working days the computed due is Friday 7/2/2025 17:00 (Tết 27–31/1).
    static let receiptTime = "2025-01-24T10:00:00+07:00"
    static let laterTime = "2025-01-24T11:00:00+07:00"

    /// A code from a test constant; traps on a typo in a test.
    static func code(_ text: String) -> Code {
        guard let code = Code(text) else { preconditionFailure("bad test code \(text)") }
        return code
    }

    /// The instant of an RFC 3339 text, for expectations.
    static func instant(_ text: String) throws -> Instant {
        try Timestamp(parsing: text).instant
    }
}

/// A log under test: a `LogValidator` on the built-in calendar with the fixed server clock.
struct TestLog {
    var validator = LogValidator(calendar: .builtIn)
    var now = Fixture.now

    /// A log with agencies ``Fixture/agency`` and ``Fixture/otherAgency`` registered, procedure
    /// ``Fixture/procedure`` (5 days) published and ``Fixture/repealedProcedure`` published then repealed.
    static func withCatalogue() throws -> TestLog {
        var log = TestLog()
        try log.accept(
            Fixture.agencyRegistered(Fixture.agency),
            Fixture.agencyRegistered(Fixture.otherAgency),
            Fixture.procedurePublished(Fixture.procedure),
            Fixture.procedurePublished(Fixture.repealedProcedure),
            Fixture.procedureRepealed(Fixture.repealedProcedure))
        return log
    }

    /// ``withCatalogue()`` plus the dossier received at ``Fixture/receiptTime``.
    static func withDossier(extra: String = "") throws -> TestLog {
        var log = try withCatalogue()
        try log.accept(Fixture.dossierReceived(extra: extra))
        return log
    }

    /// ``withCatalogue()`` plus the complaint received at ``Fixture/receiptTime``.
    static func withComplaint() throws -> TestLog {
        var log = try withCatalogue()
        try log.accept(Fixture.complaintReceived())
        return log
    }

    /// Applies the events as one batch; a refusal fails the calling test with the thrown error.
    @discardableResult
    mutating func accept(_ events: EventEnvelope...) throws -> [LogValidator.Acceptance] {
        try validator.apply(events, now: now)
    }

    /// Applies the events as one batch to a copy of the log and returns the refusal, or `nil` if accepted.
    func refusal(_ events: [EventEnvelope]) -> LogValidator.BatchError? {
        var copy = validator
        do {
            _ = try copy.apply(events, now: now)
            return nil
        } catch {
            return error
        }
    }

    /// Expects that a batch is refused at `index` with `code`, `field` and a message containing `fragment`,
    /// and that the log is left as it was.
    func expectRefused(
        _ events: EventEnvelope..., index: Int = 0, code: EventError.Code, field: String? = nil,
        _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let failure = refusal(events) else {
            Issue.record("expected \(code) but the batch was accepted", sourceLocation: sourceLocation)
            return
        }
        #expect(failure.index == index, sourceLocation: sourceLocation)
        #expect(failure.error.code == code, "\(failure)", sourceLocation: sourceLocation)
        #expect(failure.error.field == field, "\(failure)", sourceLocation: sourceLocation)
        #expect(failure.error.message.contains(fragment), "\(failure.error.message)", sourceLocation: sourceLocation)
        #expect(failure.error.eventID == events[index].id, sourceLocation: sourceLocation)
    }

    /// The current state of the fixture dossier.
    var dossier: DossierState? {
        guard case .dossier(let state)? = validator.heads[StreamID(.dossier, Fixture.code(Fixture.dossier))]?.state
        else { return nil }
        return state
    }

    /// The current state of the fixture complaint.
    var complaint: ComplaintState? {
        guard
            case .complaint(let state)? = validator.heads[StreamID(.complaint, Fixture.code(Fixture.complaint))]?.state
        else { return nil }
        return state
    }
}
