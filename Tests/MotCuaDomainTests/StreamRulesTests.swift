import Testing

@testable import MotCuaDomain

private let dossierSubject = "dossier \(Fixture.dossier)"
private let complaintSubject = "complaint \(Fixture.complaint)"
private let later = Fixture.laterTime

/// Shorthands for the fixture dossier's follow-up events.
private func dossier(_ type: String, _ extra: String = "", at occurredAt: String = later) throws -> EventEnvelope {
    try Fixture.dossierEvent(type, at: occurredAt, extra)
}

private func complaint(_ type: String, _ extra: String = "", at occurredAt: String = later) throws -> EventEnvelope {
    try Fixture.complaintEvent(type, at: occurredAt, extra)
}

private func processed(_ outcome: String = "approved", electronic: Bool = false) throws -> EventEnvelope {
    try dossier("DossierProcessed", #","outcome":"\#(outcome)","electronicResult":\#(electronic)"#)
}

private func succeeded(_ agency: String, by successor: String, at occurredAt: String = later) throws
    -> EventEnvelope
{
    try Fixture.event(
        "AgencySucceeded", at: occurredAt,
        #"{"agency":"\#(agency)","successor":"\#(successor)","effective":"2025-07-01"}"#)
}

private func apology(_ newDueAt: String) throws -> EventEnvelope {
    try dossier("ApologyIssued", #","newDueAt":"\#(newDueAt)""#)
}

private func transferred(to agency: String) throws -> EventEnvelope {
    try dossier("DossierTransferred", #","toAgency":"\#(agency)""#)
}

/// Follow-up events allowed only while the dossier is open: type and extra data members.
private let openOnlyEvents: [(String, String)] = [
    ("ComponentsDigitized", #","documents":2,"reused":1"#),
    ("SupplementRequested", ""),
    ("DossierTransferred", #","toAgency":"\#(Fixture.otherAgency)""#),
    ("ApologyIssued", #","newDueAt":"2025-02-10T17:00:00+07:00""#),
    ("DossierProcessed", #","outcome":"approved","electronicResult":false"#),
    ("DossierWithdrawn", ""),
    ("DossierStopped", #","reason":"Hồ sơ trùng""#),
]

/// Events that end a dossier: type, extra data members, and the word the refusal uses.
private let endings: [(String, String, String)] = [
    ("DossierProcessed", #","outcome":"denied","electronicResult":true"#, "processed"),
    ("DossierWithdrawn", "", "withdrawn"),
    ("DossierStopped", #","reason":"Không đủ điều kiện""#, "stopped"),
]

@Suite struct StreamRulesTests {
    // MARK: Catalogue

    @Test("AgencyRegistered is accepted once per agency")
    func agencyRegisteredOnce() throws {
        var log = TestLog()
        let first = try log.accept(Fixture.agencyRegistered(Fixture.agency))
        #expect(first == [.appended(stream: StreamID(.agency, Fixture.code(Fixture.agency)), version: 1)])
        #expect(log.validator.agency(Fixture.code(Fixture.agency))?.level == .province)
        log.expectRefused(
            try Fixture.agencyRegistered(Fixture.agency, at: later), code: .streamExists,
            "agency \(Fixture.agency): AgencyRegistered again: the stream already has 1 event(s)")
    }

    @Test("AgencyRegistered with a parent needs the parent registered first")
    func agencyParent() throws {
        let child = "000.21.31.H26"
        var log = TestLog()
        log.expectRefused(
            try Fixture.agencyRegistered(child, parent: Fixture.agency), code: .unknownAgency, field: "data.parent",
            "agency \(child): parent agency \(Fixture.agency) is not registered")
        log.expectRefused(
            try Fixture.agencyRegistered(child, parent: child), code: .invalidValue, field: "data.parent",
            "cannot be its own parent")
        try log.accept(Fixture.agencyRegistered(Fixture.agency))
        try log.accept(Fixture.agencyRegistered(child, parent: Fixture.agency))
        #expect(log.validator.agency(Fixture.code(child))?.parent == Code(Fixture.agency))
    }

    @Test("AgencySucceeded needs a registered agency and a registered successor, once")
    func agencySucceeded() throws {
        var log = try TestLog.withCatalogue()
        log.expectRefused(
            try succeeded(Fixture.otherAgency, by: Fixture.unregisteredAgency), code: .unknownAgency,
            field: "data.successor",
            "agency \(Fixture.otherAgency): successor \(Fixture.unregisteredAgency) is not registered")
        log.expectRefused(
            try succeeded(Fixture.unregisteredAgency, by: Fixture.agency), code: .streamNotFound,
            "AgencySucceeded for an agency that has no AgencyRegistered yet")
        log.expectRefused(
            try succeeded(Fixture.otherAgency, by: Fixture.otherAgency), code: .invalidValue, field: "data.successor",
            "cannot succeed itself")
        try log.accept(succeeded(Fixture.otherAgency, by: Fixture.agency))
        let state = try #require(log.validator.agency(Fixture.code(Fixture.otherAgency)))
        #expect(state.successor == Code(Fixture.agency))
        #expect(state.successionEffective == LocalDate(year: 2025, month: 7, day: 1))
        log.expectRefused(
            try succeeded(Fixture.otherAgency, by: Fixture.agency), code: .notAllowed, "AgencySucceeded twice")
    }

    @Test("ProcedurePublished is accepted once per procedure")
    func procedurePublishedOnce() throws {
        var log = TestLog()
        let result = try log.accept(Fixture.procedurePublished(Fixture.procedure))
        #expect(result == [.appended(stream: StreamID(.procedure, Fixture.code(Fixture.procedure)), version: 1)])
        let state = try #require(log.validator.procedure(Fixture.code(Fixture.procedure)))
        #expect(state.settings.timeLimitDays == 5)
        #expect(state.service == .none)
        #expect(!state.repealed)
        log.expectRefused(
            try Fixture.procedurePublished(Fixture.procedure, timeLimitDays: 7, at: later), code: .streamExists,
            "procedure \(Fixture.procedure): ProcedurePublished again")
    }

    @Test("OnlineServiceChanged needs a published procedure that is not repealed")
    func onlineServiceChanged() throws {
        func change(_ procedure: String) throws -> EventEnvelope {
            try Fixture.event("OnlineServiceChanged", at: later, #"{"procedure":"\#(procedure)","service":"full"}"#)
        }
        var log = try TestLog.withCatalogue()
        try log.accept(change(Fixture.procedure))
        #expect(log.validator.procedure(Fixture.code(Fixture.procedure))?.service == .full)
        log.expectRefused(
            try change(Fixture.repealedProcedure), code: .procedureRepealed,
            "procedure \(Fixture.repealedProcedure): OnlineServiceChanged after ProcedureRepealed")
        log.expectRefused(
            try change(Fixture.unpublishedProcedure), code: .streamNotFound,
            "OnlineServiceChanged for a procedure that has no ProcedurePublished yet")
    }

    @Test("ProcedureRepealed is accepted once")
    func procedureRepealedOnce() throws {
        var log = try TestLog.withCatalogue()
        try log.accept(Fixture.procedureRepealed(Fixture.procedure, at: later))
        #expect(log.validator.procedure(Fixture.code(Fixture.procedure))?.repealed == true)
        log.expectRefused(
            try Fixture.procedureRepealed(Fixture.procedure, at: later), code: .notAllowed,
            "procedure \(Fixture.procedure): ProcedureRepealed twice")
        log.expectRefused(
            try Fixture.procedureRepealed(Fixture.unpublishedProcedure), code: .streamNotFound,
            "has no ProcedurePublished yet")
    }

    // MARK: DossierReceived

    @Test("DossierReceived starts a dossier for a published procedure at a registered agency")
    func dossierReceivedAccepted() throws {
        var log = try TestLog.withCatalogue()
        let result = try log.accept(Fixture.dossierReceived())
        #expect(result == [.appended(stream: StreamID(.dossier, Fixture.code(Fixture.dossier)), version: 1)])
        let state = try #require(log.dossier)
        #expect(state.procedure == Code(Fixture.procedure))
        #expect(state.agency == Code(Fixture.agency))
        #expect(state.receivedAt == (try Fixture.instant(Fixture.receiptTime)))
        #expect(state.status == .open)
        #expect(!state.waiting)
        #expect(state.supplementsRequested == 0)
        #expect(log.validator.heads[StreamID(.dossier, Fixture.code(Fixture.dossier))]?.version == 1)
    }

    @Test("DossierReceived is refused for an unpublished or repealed procedure or an unregistered agency")
    func dossierReceivedCatalogueReferences() throws {
        let log = try TestLog.withCatalogue()
        log.expectRefused(
            try Fixture.dossierReceived(procedure: Fixture.unpublishedProcedure), code: .unknownProcedure,
            field: "data.procedure", "\(dossierSubject): procedure \(Fixture.unpublishedProcedure) is not published")
        log.expectRefused(
            try Fixture.dossierReceived(procedure: Fixture.repealedProcedure), code: .procedureRepealed,
            field: "data.procedure", "\(dossierSubject): procedure \(Fixture.repealedProcedure) is repealed")
        log.expectRefused(
            try Fixture.dossierReceived(agency: Fixture.unregisteredAgency), code: .unknownAgency,
            field: "data.agency", "\(dossierSubject): agency \(Fixture.unregisteredAgency) is not registered")
    }

    @Test("DossierReceived is the first event only; follow-ups need it")
    func dossierReceivedFirstOnly() throws {
        let fresh = try TestLog.withCatalogue()
        fresh.expectRefused(
            try dossier("SupplementRequested"), code: .streamNotFound,
            "\(dossierSubject): SupplementRequested for a dossier that has no DossierReceived yet")
        let log = try TestLog.withDossier()
        log.expectRefused(
            try Fixture.dossierReceived(at: later), code: .streamExists,
            "\(dossierSubject): DossierReceived again: the stream already has 1 event(s)")
    }

    // MARK: Open dossiers

    @Test("follow-ups allowed while open are accepted on an open dossier", arguments: openOnlyEvents)
    func allowedWhileOpen(_ followUp: (String, String)) throws {
        var log = try TestLog.withDossier()
        let result = try log.accept(dossier(followUp.0, followUp.1))
        #expect(result == [.appended(stream: StreamID(.dossier, Fixture.code(Fixture.dossier)), version: 2)])
    }

    @Test("follow-ups allowed while open are refused after the dossier ended", arguments: openOnlyEvents, endings)
    func refusedAfterEnd(_ followUp: (String, String), _ ending: (String, String, String)) throws {
        var log = try TestLog.withDossier()
        try log.accept(dossier(ending.0, ending.1))
        log.expectRefused(
            try dossier(followUp.0, followUp.1), code: .notAllowed,
            "\(dossierSubject): \(followUp.0) after the dossier was \(ending.2)")
    }

    @Test("ending events set the dossier's status", arguments: endings)
    func endingStatus(_ ending: (String, String, String)) throws {
        var log = try TestLog.withDossier()
        try log.accept(dossier(ending.0, ending.1))
        let state = try #require(log.dossier)
        #expect(!state.isOpen)
        switch ending.2 {
        case "processed":
            #expect(state.status == .processed(.denied))
            #expect(state.electronicResult)
        case "withdrawn": #expect(state.status == .withdrawn)
        default: #expect(state.status == .stopped)
        }
    }

    // MARK: Supplements

    @Test("SupplementRequested needs an open dossier that is not waiting")
    func supplementRequested() throws {
        var log = try TestLog.withDossier()
        try log.accept(dossier("SupplementRequested"))
        #expect(log.dossier?.waiting == true)
        #expect(log.dossier?.supplementsRequested == 1)
        log.expectRefused(
            try dossier("SupplementRequested"), code: .notAllowed,
            "\(dossierSubject): SupplementRequested while waiting for the applicant's supplement")
        try log.accept(dossier("SupplementProvided"))
        try log.accept(dossier("SupplementRequested"))
        #expect(log.dossier?.supplementsRequested == 2)
        #expect(log.dossier?.waiting == true)
    }

    @Test("SupplementProvided needs a waiting dossier")
    func supplementProvided() throws {
        var log = try TestLog.withDossier()
        log.expectRefused(
            try dossier("SupplementProvided"), code: .notAllowed,
            "dossier 000.20.31.H26-250106-0001: SupplementProvided without an open SupplementRequested")
        try log.accept(dossier("SupplementRequested"))
        try log.accept(dossier("SupplementProvided"))
        #expect(log.dossier?.waiting == false)
        log.expectRefused(
            try dossier("SupplementProvided"), code: .notAllowed,
            "\(dossierSubject): SupplementProvided without an open SupplementRequested")
    }

    @Test("a waiting dossier may be withdrawn, and is no longer waiting afterwards")
    func withdrawnWhileWaiting() throws {
        var log = try TestLog.withDossier()
        try log.accept(dossier("SupplementRequested"))
        try log.accept(dossier("ComponentsDigitized", #","documents":1,"reused":0"#))
        try log.accept(dossier("DossierWithdrawn"))
        log.expectRefused(
            try dossier("SupplementProvided"), code: .notAllowed, "\(dossierSubject): SupplementProvided")
    }

    @Test("DossierProcessed needs an open dossier that is not waiting")
    func processedWhileWaiting() throws {
        var log = try TestLog.withDossier()
        try log.accept(dossier("SupplementRequested"))
        log.expectRefused(
            try processed(), code: .notAllowed,
            "\(dossierSubject): DossierProcessed while waiting for the applicant's supplement")
        try log.accept(dossier("SupplementProvided"))
        try log.accept(processed(electronic: true))
        #expect(log.dossier?.status == .processed(.approved))
        #expect(log.dossier?.electronicResult == true)
    }

    // MARK: Transfers

    @Test("DossierTransferred needs a registered agency other than the holder; the due does not move")
    func dossierTransferred() throws {
        var log = try TestLog.withDossier()
        let due = try #require(log.dossier?.due)
        log.expectRefused(
            try transferred(to: Fixture.unregisteredAgency), code: .unknownAgency, field: "data.toAgency",
            "\(dossierSubject): agency \(Fixture.unregisteredAgency) is not registered")
        log.expectRefused(
            try transferred(to: Fixture.agency), code: .notAllowed, field: "data.toAgency",
            "\(dossierSubject): DossierTransferred to \(Fixture.agency), which already holds it")
        try log.accept(transferred(to: Fixture.otherAgency))
        #expect(log.dossier?.agency == Code(Fixture.otherAgency))
        #expect(log.dossier?.due == due)
        log.expectRefused(
            try transferred(to: Fixture.otherAgency), code: .notAllowed, field: "data.toAgency",
            "which already holds it")
        try log.accept(transferred(to: Fixture.agency))
        #expect(log.dossier?.agency == Code(Fixture.agency))
    }

    // MARK: Apologies

    @Test("ApologyIssued needs newDueAt after the computed due, and comes once")
    func apologyAfterComputedDue() throws {
        var log = try TestLog.withDossier()
        // Computed due: Friday 7/2/2025 17:00 (DOMAIN.md §4 example).
        log.expectRefused(
            try apology("2025-02-07T17:00:00+07:00"), code: .notAllowed, field: "data.newDueAt",
            "\(dossierSubject): ApologyIssued newDueAt 2025-02-07T17:00:00+07:00 is not after the due "
                + "2025-02-07T17:00:00+07:00")
        log.expectRefused(
            try apology("2025-02-07T10:00:00Z"), code: .notAllowed, field: "data.newDueAt", "is not after the due")
        log.expectRefused(
            try apology("2025-02-06T17:00:00+07:00"), code: .notAllowed, field: "data.newDueAt", "is not after the due")
        try log.accept(apology("2025-02-07T10:00:01Z"))
        #expect(log.dossier?.apologyIssued == true)
        #expect(log.dossier?.due == (try Fixture.instant("2025-02-07T17:00:00+07:00")))
        log.expectRefused(
            try apology("2025-02-14T17:00:00+07:00"), code: .notAllowed,
            "\(dossierSubject): ApologyIssued twice")
    }

    @Test("ApologyIssued compares newDueAt with the given dueAt")
    func apologyAfterGivenDue() throws {
        var log = try TestLog.withDossier(extra: #","dueAt":"2025-03-03T17:00:00+07:00""#)
        log.expectRefused(
            try apology("2025-02-10T17:00:00+07:00"), code: .notAllowed, field: "data.newDueAt",
            "is not after the due 2025-03-03T17:00:00+07:00")
        try log.accept(apology("2025-03-04T17:00:00+07:00"))
        #expect(log.dossier?.apologyIssued == true)
    }

    // MARK: Results

    @Test("ResultDigitized needs an approved, processed dossier without electronic result, once")
    func resultDigitized() throws {
        var log = try TestLog.withDossier()
        log.expectRefused(
            try dossier("ResultDigitized"), code: .notAllowed,
            "\(dossierSubject): ResultDigitized before DossierProcessed")
        try log.accept(processed())
        try log.accept(dossier("ResultDigitized"))
        #expect(log.dossier?.resultDigitized == true)
        log.expectRefused(
            try dossier("ResultDigitized"), code: .notAllowed, "\(dossierSubject): ResultDigitized twice")
    }

    @Test("ResultDigitized is refused for a denied dossier")
    func resultDigitizedDenied() throws {
        var log = try TestLog.withDossier()
        try log.accept(processed("denied"))
        log.expectRefused(
            try dossier("ResultDigitized"), code: .notAllowed,
            "\(dossierSubject): ResultDigitized for a denied dossier")
    }

    @Test("ResultDigitized is refused for a result issued electronically")
    func resultDigitizedElectronic() throws {
        var log = try TestLog.withDossier()
        try log.accept(processed(electronic: true))
        log.expectRefused(
            try dossier("ResultDigitized"), code: .notAllowed,
            "\(dossierSubject): ResultDigitized for a result issued electronically")
    }

    @Test("ResultDigitized is refused for a withdrawn dossier")
    func resultDigitizedWithdrawn() throws {
        var log = try TestLog.withDossier()
        try log.accept(dossier("DossierWithdrawn"))
        log.expectRefused(try dossier("ResultDigitized"), code: .notAllowed, "ResultDigitized before DossierProcessed")
    }

    @Test("ResultReturned needs a processed dossier, once")
    func resultReturned() throws {
        var log = try TestLog.withDossier()
        let returned = { () throws -> EventEnvelope in try dossier("ResultReturned", #","channel":"postal""#) }
        log.expectRefused(
            try returned(), code: .notAllowed, "\(dossierSubject): ResultReturned before DossierProcessed")
        try log.accept(processed("denied"))
        try log.accept(returned())
        #expect(log.dossier?.returned == true)
        log.expectRefused(try returned(), code: .notAllowed, "\(dossierSubject): ResultReturned twice")
    }

    @Test("DossierRated needs a processed dossier, once")
    func dossierRated() throws {
        var log = try TestLog.withDossier()
        let rated = { () throws -> EventEnvelope in try dossier("DossierRated", #","satisfied":true"#) }
        log.expectRefused(try rated(), code: .notAllowed, "\(dossierSubject): DossierRated before DossierProcessed")
        try log.accept(processed())
        try log.accept(rated())
        #expect(log.dossier?.rated == true)
        log.expectRefused(try rated(), code: .notAllowed, "\(dossierSubject): DossierRated twice")
    }

    @Test("DossierRated is refused for a stopped dossier")
    func dossierRatedStopped() throws {
        var log = try TestLog.withDossier()
        try log.accept(dossier("DossierStopped", #","reason":"Không đủ điều kiện""#))
        log.expectRefused(
            try dossier("DossierRated", #","satisfied":false"#), code: .notAllowed,
            "DossierRated before DossierProcessed")
    }

    // MARK: Complaints

    @Test("ComplaintReceived needs a registered agency and comes first, once")
    func complaintReceived() throws {
        var log = try TestLog.withCatalogue()
        log.expectRefused(
            try Fixture.complaintReceived(agency: Fixture.unregisteredAgency), code: .unknownAgency,
            field: "data.agency", "\(complaintSubject): agency \(Fixture.unregisteredAgency) is not registered")
        log.expectRefused(
            try complaint("ComplaintAnswered"), code: .streamNotFound,
            "\(complaintSubject): ComplaintAnswered for a complaint that has no ComplaintReceived yet")
        log.expectRefused(
            try Fixture.complaintReceived(extra: #","procedure":"\#(Fixture.unpublishedProcedure)""#),
            code: .unknownProcedure, field: "data.procedure",
            "procedure \(Fixture.unpublishedProcedure) is not published")
        let result = try log.accept(Fixture.complaintReceived(extra: #","dossier":"not-in-the-log""#))
        #expect(result == [.appended(stream: StreamID(.complaint, Fixture.code(Fixture.complaint)), version: 1)])
        #expect(log.complaint?.agency == Code(Fixture.agency))
        #expect(log.complaint?.isOpen == true)
        log.expectRefused(
            try Fixture.complaintReceived(at: later), code: .streamExists,
            "\(complaintSubject): ComplaintReceived again")
    }

    @Test("ComplaintTransferred needs an open complaint and a registered agency")
    func complaintTransferred() throws {
        func transfer(_ agency: String) throws -> EventEnvelope {
            try complaint("ComplaintTransferred", #","toAgency":"\#(agency)""#)
        }
        var log = try TestLog.withComplaint()
        log.expectRefused(
            try transfer(Fixture.unregisteredAgency), code: .unknownAgency, field: "data.toAgency",
            "\(complaintSubject): agency \(Fixture.unregisteredAgency) is not registered")
        try log.accept(transfer(Fixture.otherAgency))
        #expect(log.complaint?.agency == Code(Fixture.otherAgency))
        try log.accept(complaint("ComplaintAnswered"))
        // Answered but not published is still open.
        try log.accept(transfer(Fixture.agency))
        try log.accept(complaint("ComplaintPublished", #","channel":"portal""#))
        log.expectRefused(
            try transfer(Fixture.otherAgency), code: .notAllowed,
            "\(complaintSubject): ComplaintTransferred after the complaint was published")
    }

    @Test("ComplaintTransferred to the agency that already holds the complaint is refused")
    func complaintTransferredToHolder() throws {
        let log = try TestLog.withComplaint()
        log.expectRefused(
            try complaint("ComplaintTransferred", #","toAgency":"\#(Fixture.agency)""#), code: .notAllowed,
            field: "data.toAgency",
            "\(complaintSubject): ComplaintTransferred to \(Fixture.agency), which already holds it")
    }

    @Test("ComplaintTransferred is refused after rejection")
    func complaintTransferredAfterRejection() throws {
        var log = try TestLog.withComplaint()
        try log.accept(complaint("ComplaintRejected", #","reason":"Không thuộc thẩm quyền""#))
        #expect(log.complaint?.isOpen == false)
        log.expectRefused(
            try complaint("ComplaintTransferred", #","toAgency":"\#(Fixture.otherAgency)""#), code: .notAllowed,
            "\(complaintSubject): ComplaintTransferred after the complaint was rejected")
    }

    @Test("ComplaintRejected needs an open complaint that is not answered")
    func complaintRejected() throws {
        let reject = { () throws -> EventEnvelope in try complaint("ComplaintRejected", #","reason":"Nặc danh""#) }
        var log = try TestLog.withComplaint()
        try log.accept(reject())
        #expect(log.complaint?.rejected == true)
        log.expectRefused(
            try reject(), code: .notAllowed, "\(complaintSubject): ComplaintRejected after the complaint was rejected")
        var answered = try TestLog.withComplaint()
        try answered.accept(complaint("ComplaintAnswered"))
        answered.expectRefused(
            try reject(), code: .notAllowed, "\(complaintSubject): ComplaintRejected after ComplaintAnswered")
    }

    @Test("ComplaintAnswered needs an open complaint that is not answered")
    func complaintAnswered() throws {
        var log = try TestLog.withComplaint()
        try log.accept(complaint("ComplaintAnswered"))
        #expect(log.complaint?.answered == true)
        log.expectRefused(
            try complaint("ComplaintAnswered"), code: .notAllowed,
            "\(complaintSubject): ComplaintAnswered after ComplaintAnswered")
        var rejected = try TestLog.withComplaint()
        try rejected.accept(complaint("ComplaintRejected", #","reason":"Nặc danh""#))
        rejected.expectRefused(
            try complaint("ComplaintAnswered"), code: .notAllowed,
            "\(complaintSubject): ComplaintAnswered after the complaint was rejected")
    }

    @Test("ComplaintPublished needs an answered complaint, once")
    func complaintPublished() throws {
        let publish = { () throws -> EventEnvelope in try complaint("ComplaintPublished", #","channel":"ihanoi""#) }
        var log = try TestLog.withComplaint()
        log.expectRefused(
            try publish(), code: .notAllowed, "\(complaintSubject): ComplaintPublished before ComplaintAnswered")
        try log.accept(complaint("ComplaintAnswered"))
        try log.accept(publish())
        #expect(log.complaint?.published == true)
        #expect(log.complaint?.isOpen == false)
        log.expectRefused(try publish(), code: .notAllowed, "\(complaintSubject): ComplaintPublished twice")
        var rejected = try TestLog.withComplaint()
        try rejected.accept(complaint("ComplaintRejected", #","reason":"Nặc danh""#))
        rejected.expectRefused(try publish(), code: .notAllowed, "ComplaintPublished before ComplaintAnswered")
    }

    // MARK: Order and clock

    @Test("occurredAt equal to the stream's previous event is accepted, earlier is refused")
    func occurredAtOrder() throws {
        var log = try TestLog.withDossier()
        // The same instant as the receipt, written in UTC.
        try log.accept(dossier("ComponentsDigitized", #","documents":1,"reused":0"#, at: "2025-01-24T03:00:00Z"))
        log.expectRefused(
            try dossier("SupplementRequested", at: "2025-01-24T02:59:59Z"), code: .outOfOrder, field: "occurredAt",
            "\(dossierSubject): SupplementRequested occurredAt 2025-01-24T02:59:59Z is earlier than the stream's "
                + "previous event (2025-01-24T10:00:00+07:00)")
        log.expectRefused(
            try dossier("SupplementRequested", at: "2025-01-24T09:59:59.999999999+07:00"), code: .outOfOrder,
            field: "occurredAt", "is earlier than the stream's previous event")
        try log.accept(dossier("SupplementRequested", at: "2025-01-24T12:00:00+07:00"))
        log.expectRefused(
            try dossier("SupplementProvided", at: "2025-01-24T11:59:00+07:00"), code: .outOfOrder,
            field: "occurredAt", "(2025-01-24T12:00:00+07:00)")
        try log.accept(dossier("SupplementProvided", at: "2025-01-24T12:00:00+07:00"))
    }

    @Test("occurredAt never decreases in catalogue and complaint streams either")
    func orderInOtherStreams() throws {
        var log = try TestLog.withComplaint()
        log.expectRefused(
            try succeeded(Fixture.otherAgency, by: Fixture.agency, at: "2025-01-02T07:59:59+07:00"),
            code: .outOfOrder, field: "occurredAt",
            "agency \(Fixture.otherAgency): AgencySucceeded occurredAt 2025-01-02T07:59:59+07:00 is earlier")
        log.expectRefused(
            try Fixture.procedureRepealed(Fixture.procedure, at: "2025-01-01T08:00:00+07:00"), code: .outOfOrder,
            field: "occurredAt", "procedure \(Fixture.procedure): ProcedureRepealed occurredAt")
        log.expectRefused(
            try complaint("ComplaintAnswered", at: "2025-01-24T09:00:00+07:00"), code: .outOfOrder,
            field: "occurredAt", "\(complaintSubject): ComplaintAnswered occurredAt")
        try log.accept(
            succeeded(Fixture.otherAgency, by: Fixture.agency, at: Fixture.catalogueTime),
            complaint("ComplaintAnswered", at: Fixture.receiptTime))
    }

    @Test("the order of occurredAt is kept per stream, not across streams")
    func orderPerStream() throws {
        var log = try TestLog.withDossier()
        try log.accept(dossier("SupplementRequested", at: "2025-03-01T08:00:00+07:00"))
        // Another dossier received earlier than the first dossier's last event is fine.
        let other = try Fixture.event(
            "DossierReceived", at: "2025-01-25T08:00:00+07:00",
            #"{"dossier":"D-2","procedure":"\#(Fixture.procedure)","agency":"\#(Fixture.agency)","#
                + #""channel":"online","applicant":"enterprise"}"#)
        let result = try log.accept(other)
        #expect(result == [.appended(stream: StreamID(.dossier, Fixture.code("D-2")), version: 1)])
    }

    @Test("an event up to 5 minutes after the server clock is accepted, later is refused")
    func futureLimit() throws {
        var log = try TestLog.withDossier()
        log.expectRefused(
            try dossier("SupplementRequested", at: "2026-01-01T00:05:01+07:00"), code: .inFuture, field: "occurredAt",
            "\(dossierSubject): SupplementRequested occurredAt 2026-01-01T00:05:01+07:00 is more than 5 minutes "
                + "after the server clock (2026-01-01T00:00:00+07:00)")
        log.expectRefused(
            try dossier("SupplementRequested", at: "2025-12-31T17:05:00.000000001Z"), code: .inFuture,
            field: "occurredAt", "more than 5 minutes after the server clock")
        try log.accept(dossier("SupplementRequested", at: "2026-01-01T00:05:00+07:00"))
        try log.accept(dossier("SupplementProvided", at: "2025-12-31T17:05:00Z"))
    }

    @Test("a first event in the future is refused too")
    func futureFirstEvent() throws {
        let log = try TestLog.withCatalogue()
        log.expectRefused(
            try Fixture.dossierReceived(at: "2026-01-01T00:05:01+07:00"), code: .inFuture, field: "occurredAt",
            "more than 5 minutes after the server clock")
        log.expectRefused(
            try Fixture.agencyRegistered("NEW", at: "2026-01-01T01:00:00+07:00"), code: .inFuture, field: "occurredAt",
            "agency NEW: AgencyRegistered occurredAt")
    }

    // MARK: Idempotency

    @Test("the same id with the same content is a duplicate and changes nothing")
    func duplicateSameContent() throws {
        var log = try TestLog.withCatalogue()
        let id = Fixture.freshID()
        let data =
            #"{"dossier":"\#(Fixture.dossier)","procedure":"\#(Fixture.procedure)","agency":"\#(Fixture.agency)","#
            + #""channel":"direct","applicant":"citizen"}"#
        let received = try Fixture.event("DossierReceived", at: Fixture.receiptTime, data, id: id)
        try log.accept(received)
        let heads = log.validator.heads
        let count = log.validator.eventCount
        #expect(try log.accept(received) == [.duplicate])
        // The same content written differently (member order, spacing, upper-case id) is the same event.
        let respelled = """
            { "data": {"applicant":"citizen", "channel":"direct", "agency":"\(Fixture.agency)",
              "procedure":"\(Fixture.procedure)", "dossier":"\(Fixture.dossier)"},
              "occurredAt": "\(Fixture.receiptTime)", "type": "DossierReceived", "id": "\(id.uppercased())" }
            """
        #expect(try log.accept(EventEnvelope.decode(json: Array(respelled.utf8))) == [.duplicate])
        #expect(log.validator.heads == heads)
        #expect(log.validator.eventCount == count)
    }

    @Test("the same id with other content is an idConflict")
    func duplicateOtherContent() throws {
        var log = try TestLog.withDossier()
        let id = Fixture.freshID()
        try log.accept(Fixture.event("SupplementRequested", at: later, #"{"dossier":"\#(Fixture.dossier)"}"#, id: id))
        let other = try Fixture.event(
            "SupplementRequested", at: "2025-01-24T11:00:01+07:00", #"{"dossier":"\#(Fixture.dossier)"}"#, id: id)
        log.expectRefused(
            other, code: .idConflict, field: "id", "event \(id) was already accepted with other content")
        // Same instant, other spelling of occurredAt: other canonical bytes, so other content.
        let respelled = try Fixture.event(
            "SupplementRequested", at: "2025-01-24T04:00:00Z", #"{"dossier":"\#(Fixture.dossier)"}"#, id: id)
        log.expectRefused(respelled, code: .idConflict, field: "id", "already accepted with other content")
    }

    @Test("an id repeated inside one batch is a duplicate with the same content, a conflict otherwise")
    func duplicateInsideBatch() throws {
        var log = try TestLog.withDossier()
        let id = Fixture.freshID()
        let event = try Fixture.event("SupplementRequested", at: later, #"{"dossier":"\#(Fixture.dossier)"}"#, id: id)
        let conflicting = try Fixture.event(
            "SupplementProvided", at: later, #"{"dossier":"\#(Fixture.dossier)"}"#, id: id)
        log.expectRefused(event, conflicting, index: 1, code: .idConflict, field: "id", "already accepted")
        let count = log.validator.eventCount
        let result = try log.accept(event, event)
        #expect(result.count == 2)
        #expect(result[1] == .duplicate)
        #expect(log.validator.eventCount == count + 1)
    }

    @Test("check decides expected versions and a center's scope as the writer does (one decider)")
    func expectedVersionsAndScope() throws {
        var log = try TestLog.withDossier()
        let stream = StreamID(.dossier, Fixture.code(Fixture.dossier))
        let event = try Fixture.event("SupplementRequested", at: later, #"{"dossier":"\#(Fixture.dossier)"}"#)
        var copy = log.validator
        do {
            _ = try copy.apply([event], expectedVersions: [stream: 2], now: log.now)
            Issue.record("a stale expected version was accepted")
        } catch {
            #expect(error.error.code == .versionMismatch)
            #expect(error.error.message == "\(stream): expected version 2, but the stream is at version 1")
        }
        // A center of another agency may not post to the dossier; the log is unchanged.
        do {
            _ = try copy.apply([event], scope: [Fixture.code(Fixture.otherAgency)], now: log.now)
            Issue.record("a center out of scope was accepted")
        } catch {
            #expect(error.error.code == .outOfScope)
            #expect(error.error.field == "data.dossier")
        }
        #expect(copy.heads == log.validator.heads)
        let accepted = try log.validator.apply(
            [event], expectedVersions: [stream: 1], scope: [Fixture.code(Fixture.agency)], now: log.now)
        #expect(accepted == [.appended(stream: stream, version: 2)])
    }

    // MARK: Batches

    @Test("a batch with an invalid third event is refused at index 2 and changes nothing")
    func batchAtomicity() throws {
        let log = try TestLog.withCatalogue()
        let heads = log.validator.heads
        let count = log.validator.eventCount
        let batch = [
            try Fixture.dossierReceived(),
            try dossier("SupplementRequested"),
            try processed(),
            try dossier("SupplementProvided"),
        ]
        let failure = try #require(log.refusal(batch))
        #expect(failure.index == 2)
        #expect(failure.error.code == .notAllowed)
        #expect(failure.error.message.contains("DossierProcessed while waiting"))
        #expect(failure.description.hasPrefix("event 2: "))
        var applied = log
        #expect(throws: LogValidator.BatchError.self) { try applied.validator.apply(batch, now: Fixture.now) }
        #expect(applied.validator.heads == heads)
        #expect(applied.validator.eventCount == count)
        #expect(applied.dossier == nil)
        // Nothing of the refused batch was remembered: its first events are accepted afterwards.
        let result = try applied.accept(batch[0], batch[1])
        #expect(result.count == 2)
        #expect(!result.contains(.duplicate))
    }

    @Test("events in one batch can depend on earlier events of the same batch")
    func batchDependencies() throws {
        var log = TestLog()
        let child = "000.21.31.H26"
        let result = try log.accept(
            Fixture.agencyRegistered(Fixture.agency),
            Fixture.agencyRegistered(child, parent: Fixture.agency),
            Fixture.procedurePublished(Fixture.procedure),
            Fixture.dossierReceived(),
            transferred(to: child),
            processed())
        let dossierStream = StreamID(.dossier, Fixture.code(Fixture.dossier))
        #expect(
            result == [
                .appended(stream: StreamID(.agency, Fixture.code(Fixture.agency)), version: 1),
                .appended(stream: StreamID(.agency, Fixture.code(child)), version: 1),
                .appended(stream: StreamID(.procedure, Fixture.code(Fixture.procedure)), version: 1),
                .appended(stream: dossierStream, version: 1),
                .appended(stream: dossierStream, version: 2),
                .appended(stream: dossierStream, version: 3),
            ])
        #expect(log.validator.eventCount == 6)
        #expect(log.dossier?.agency == Code(child))
        #expect(log.dossier?.status == .processed(.approved))
    }

    // MARK: Due

    @Test(
        "the due is computed from the procedure's time limit and the calendar",
        arguments: [
            ("2025-01-24T10:00:00+07:00", 5, "2025-02-07T17:00:00+07:00"),
            ("2025-01-24T03:00:00Z", 5, "2025-02-07T17:00:00+07:00"),
            ("2025-02-08T10:00:00+07:00", 1, "2025-02-11T17:00:00+07:00"),
            ("2025-01-24T15:00:00+07:00", 0, "2025-01-24T17:00:00+07:00"),
            ("2025-01-24T15:00:01+07:00", 0, "2025-02-03T17:00:00+07:00"),
            ("2025-01-24T17:00:00+07:00", 0, "2025-02-03T17:00:00+07:00"),
        ])
    func computedDue(_ receivedAt: String, _ timeLimitDays: Int, _ due: String) throws {
        var log = try TestLog.withCatalogue()
        let procedure = "P-\(timeLimitDays)"
        try log.accept(
            Fixture.procedurePublished(procedure, timeLimitDays: timeLimitDays),
            Fixture.dossierReceived(at: receivedAt, procedure: procedure))
        #expect(log.dossier?.due == (try Fixture.instant(due)))
        #expect(log.dossier?.receivedAt == (try Fixture.instant(receivedAt)))
    }

    @Test("a given dueAt is the due")
    func givenDue() throws {
        let log = try TestLog.withDossier(extra: #","dueAt":"2025-02-05T10:00:00Z""#)
        #expect(log.dossier?.due == (try Fixture.instant("2025-02-05T17:00:00+07:00")))
    }

    // MARK: decide and evolve

    @Test("decide and evolve work on a stream head directly")
    func decideAndEvolve() throws {
        let log = try TestLog.withCatalogue()
        let catalogue = log.validator
        let received = try Fixture.dossierReceived()
        try StreamRules.decide(received, head: nil, catalogue: catalogue, now: Fixture.now)
        let head = StreamRules.evolve(nil, received, catalogue: catalogue, calendar: .builtIn)
        #expect(head.version == 1)
        #expect(head.lastOccurredAt == received.occurredAt.instant)
        guard case .dossier(let state) = head.state else {
            Issue.record("not a dossier state: \(head.state)")
            return
        }
        #expect(state.due == (try Fixture.instant("2025-02-07T17:00:00+07:00")))

        let provided = try dossier("SupplementProvided")
        let error = #expect(throws: EventError.self) {
            try StreamRules.decide(provided, head: head, catalogue: catalogue, now: Fixture.now)
        }
        #expect(error?.code == .notAllowed)
        #expect(error?.eventID == provided.id)
        #expect(error?.message == "\(dossierSubject): SupplementProvided without an open SupplementRequested")

        let notFound = #expect(throws: EventError.self) {
            try StreamRules.decide(provided, head: nil, catalogue: catalogue, now: Fixture.now)
        }
        #expect(notFound?.code == .streamNotFound)

        let requested = try dossier("SupplementRequested")
        try StreamRules.decide(requested, head: head, catalogue: catalogue, now: Fixture.now)
        let next = StreamRules.evolve(head, requested, catalogue: catalogue, calendar: .builtIn)
        #expect(next.version == 2)
        #expect(next.lastOccurredAt == requested.occurredAt.instant)
        guard case .dossier(let waiting) = next.state else {
            Issue.record("not a dossier state: \(next.state)")
            return
        }
        #expect(waiting.waiting)
        #expect(waiting.due == state.due)
        try StreamRules.decide(provided, head: next, catalogue: catalogue, now: Fixture.now)
    }
}
